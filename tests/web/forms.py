"""Reading a form the way a browser submits it, for tests that drive pages through HTTP."""

from __future__ import annotations

from lxml import html as lxml_html


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
