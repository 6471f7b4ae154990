"""Context helpers shared by the addons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def clean_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` without its ``default_*`` keys (Odoo's ``clean_context``): the defaults
    of the document a user is editing are not those of the records the system makes on
    the side (messages, tracking values, activities, followers)."""
    return {key: value for key, value in context.items()
            if not str(key).startswith("default_")}
