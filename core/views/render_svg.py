"""Charts of the graph view as SVG, drawn on the server: bar (stacked or not), line, pie.

No JavaScript and no chart library: the graph view hands over labels and series and gets
markup back. Colours are CSS classes (``series-0`` ...), so the page's stylesheet themes
them and the Content Security Policy needs no inline styles. Every chart has a title and
a legend; the view puts the figures in a table next to it for screen readers::

    bar_chart(["New", "Won"], [Series("Alice", [1, 2]), Series("Bob", [3, 0])],
              stacked=True, title="Revenue")
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 170, 20, 56
PALETTE_SIZE = 10
Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"


def nice_max(value: float) -> float:
    """A round upper bound for the y axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def _svg(title: str, body: list[str], kind: str) -> Markup:
    head = (f'<svg class="chart chart-{kind}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(title)}</title>")
    return Markup(head + "".join(body) + "</svg>")


def _legend(labels: list[str]) -> list[str]:
    parts = ['<g class="legend">']
    for index, label in enumerate(labels):
        y = TOP + 6 + index * 20
        x = WIDTH - RIGHT + 16
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" '
                     f'class="series-{index % PALETTE_SIZE}"/>'
                     f'<text x="{x + 18}" y="{y + 10}" class="legend-text">'
                     f"{escape(_short(label, 22))}</text>")
    parts.append("</g>")
    return parts


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _axes(labels: list[str], top: float, fmt: Formatter) -> list[str]:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    parts = ['<g class="axes">']
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                     f'class="grid"/><text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" '
                     f'text-anchor="end">{escape(fmt(value))}</text>')
    step = plot_w / max(len(labels), 1)
    for index, label in enumerate(labels):
        x = LEFT + step * (index + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" class="tick" '
                     f'text-anchor="middle">{escape(_short(label, 16))}</text>')
    parts.append("</g>")
    return parts


def bar_chart(labels: list[str], series: list[Series], *, stacked: bool = True,
              title: str = "", fmt: Formatter = _fmt) -> Markup:
    """Bars per label; several series side by side or stacked."""
    if stacked:
        totals = [sum(max(s.values[i], 0) for s in series) for i in range(len(labels))]
    else:
        totals = [max((s.values[i] for s in series), default=0) for i in range(len(labels))]
    top = nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels), 1)
    width = step * 0.7 / (1 if stacked else max(len(series), 1))
    parts = _axes(labels, top, fmt)
    for i in range(len(labels)):
        base = 0.0
        for index, item in enumerate(series):
            value = max(item.values[i], 0)
            height = plot_h * value / top
            x = LEFT + step * i + step * 0.15 + (0 if stacked else width * index)
            y = TOP + plot_h - height - (plot_h * base / top if stacked else 0)
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                         f'height="{height:.1f}" class="bar series-{index % PALETTE_SIZE}">'
                         f"<title>{escape(labels[i])} – {escape(item.label)}: "
                         f"{escape(fmt(item.values[i]))}</title></rect>")
            if stacked:
                base += value
    return _svg(title, parts + _legend([s.label for s in series]), "bar")


def line_chart(labels: list[str], series: list[Series], *, title: str = "",
               fmt: Formatter = _fmt) -> Markup:
    """One line per series across the labels, with a dot per value."""
    top = nice_max(max((v for s in series for v in s.values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels), 1)
    parts = _axes(labels, top, fmt)
    for index, item in enumerate(series):
        points = [(LEFT + step * (i + 0.5), TOP + plot_h - plot_h * max(v, 0) / top)
                  for i, v in enumerate(item.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        css = f"series-{index % PALETTE_SIZE}"
        parts.append(f'<polyline points="{path}" class="line {css}"/>')
        for (x, y), label, value in zip(points, labels, item.values):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="dot {css}">'
                         f"<title>{escape(label)} – {escape(item.label)}: "
                         f"{escape(fmt(value))}</title></circle>")
    return _svg(title, parts + _legend([s.label for s in series]), "line")


def pie_chart(labels: list[str], values: list[float], *, title: str = "",
              fmt: Formatter = _fmt) -> Markup:
    """Slices of the positive values; a full circle for a single one."""
    total = sum(v for v in values if v > 0)
    cx, cy, radius = (WIDTH - RIGHT) / 2, HEIGHT / 2, min(HEIGHT / 2 - 20, 150)
    parts: list[str] = []
    angle = -math.pi / 2
    for index, (label, value) in enumerate(zip(labels, values)):
        if value <= 0 or not total:
            continue
        css = f"slice series-{index % PALETTE_SIZE}"
        tip = f"<title>{escape(label)}: {escape(fmt(value))}</title>"
        if value >= total:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" class="{css}">{tip}'
                         "</circle>")
            continue
        end = angle + 2 * math.pi * value / total
        large = 1 if end - angle > math.pi else 0
        x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        x2, y2 = cx + radius * math.cos(end), cy + radius * math.sin(end)
        parts.append(f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} A{radius},{radius} 0 '
                     f'{large} 1 {x2:.1f},{y2:.1f} Z" class="{css}">{tip}</path>')
        angle = end
    return _svg(title, parts + _legend(labels), "pie")
