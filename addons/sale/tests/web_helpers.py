"""Driving forms through HTTP like a browser: read the inputs a page offers, post them back."""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def form_inputs(page: str, form_id: str = "record-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would submit from the form (no button pressed)."""
    tree = lxml_html.fromstring(page)
    pairs: list[tuple[str, str]] = []
    for element in tree.xpath(f'//*[@id="{form_id}"]//*[@name] | //*[@form="{form_id}"]'):
        name, tag = element.get("name"), element.tag
        if tag == "button" or element.get("disabled") is not None:
            continue
        if tag == "select":
            chosen = [o.get("value", o.text or "") for o in element.xpath(".//option")
                      if o.get("selected") is not None]
            if element.get("multiple") is None and not chosen:
                options = element.xpath(".//option")
                chosen = [options[0].get("value", "")] if options else []
            pairs.extend((name, value) for value in chosen)
        elif tag == "textarea":
            pairs.append((name, element.text or ""))
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                pairs.append((name, element.get("value", "on")))
        else:
            pairs.append((name, element.get("value", "")))
    return pairs


def submit(client: Any, url: str, page: str, button: str | None = None,
           **changes: str) -> Any:
    """Post the form of ``page`` with ``changes`` (field name → value), pressing ``button``."""
    pairs = [(k, v) for k, v in form_inputs(page) if k not in changes]
    pairs.extend(changes.items())
    if button:
        pairs.append(("__call", button))
    return client.post(url, pairs)


def header_buttons(page: str) -> list[str]:
    """The labels of the header buttons of a form, in order."""
    tree = lxml_html.fromstring(page)
    return [re.sub(r"\s+", " ", b.text_content()).strip()
            for b in tree.xpath('//div[@class="header-buttons"]//button')]


def stat_buttons(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    return [" ".join(t.strip() for t in b.itertext() if t.strip())
            for b in tree.xpath('//div[@class="button-box"]//button')]
