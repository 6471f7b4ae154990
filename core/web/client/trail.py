"""The breadcrumb trail across actions: Pipeline › Big Deal › Quotations › S00012.

A button on a form (a smart button, "New Quotation") opens another action; its page must
still lead back to the record and the list the user came from. The pages before it travel
in the URL parameter ``bc``, so that every page stays bookmarkable and the server keeps no
navigation state: a JSON list of *steps*, one per page left through a button, each the
``[title, href]`` crumbs that page showed of its own (its action, its record). The hrefs
are stored without their own ``bc``: the link back to a crumb of step *i* gets the steps
before *i* again. Only local paths are accepted and the trail is capped, so a crafted link
can neither lead elsewhere nor grow without end.
"""

from __future__ import annotations

import json

from core.web.client.page import Crumb
from core.web.client.urls import with_query
from core.web.paths import is_local_path

PARAM = "bc"
MAX_STEPS = 4
MAX_TITLE = 80

Step = list[Crumb]


def parse_trail(text: str | None) -> list[Step]:
    """The steps of a ``bc`` parameter; anything malformed or foreign is dropped."""
    if not text:
        return []
    try:
        steps = json.loads(text)
    except ValueError:
        return []
    if not isinstance(steps, list):
        return []
    parsed = [_parse_step(step) for step in steps if isinstance(step, list)]
    return [step for step in parsed if step][-MAX_STEPS:]


def _parse_step(pairs: list) -> Step:
    return [Crumb(title[:MAX_TITLE], href) for title, href in
            (p for p in pairs if isinstance(p, list) and len(p) == 2)
            if isinstance(title, str) and isinstance(href, str) and is_local_path(href)]


def encode_trail(steps: list[Step]) -> str:
    return json.dumps([[[c.title[:MAX_TITLE], without_trail(c.href)] for c in step if c.href]
                       for step in steps[-MAX_STEPS:]], ensure_ascii=False,
                      separators=(",", ":"))


def linked(steps: list[Step]) -> list[Crumb]:
    """The trail's crumbs, each linking to its page with the steps before it."""
    return [Crumb(c.title, with_trail(c.href or "", steps[:i]))
            for i, step in enumerate(steps) for c in step]


def with_trail(href: str, steps: list[Step]) -> str:
    """``href`` carrying ``steps`` as its trail (none: without a trail)."""
    return with_query(href, [PARAM], [(PARAM, encode_trail(steps))] if steps else [])


def without_trail(href: str) -> str:
    return with_trail(href, [])


