"""Driving forms through HTTP like a browser: read the inputs a page offers, post them back."""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from tests.web.forms import form_inputs

__all__ = ["form_inputs", "header_buttons", "stat_buttons", "submit", "text"]


def text(response: Any) -> str:
    return response.get_data(as_text=True)


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
