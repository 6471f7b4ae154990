"""Keys and labels of ``read_group`` groups, shared by the list, kanban and pivot views."""

from __future__ import annotations

from typing import Any

from core.i18n import Domain

_ = Domain("core")


def group_key(value: Any) -> str:
    """A stable text key of a group value (``[3, "New"]`` → ``"3"``; none → ``"none"``)."""
    if isinstance(value, list | tuple):
        return str(value[0])
    if value is False or value is None:
        return "none"
    return str(value)


def group_label(value: Any, lang: str, selection: Any = None) -> str:
    """The label a user reads for a group value."""
    if isinstance(value, list | tuple):
        return str(value[1]) if len(value) > 1 and value[1] else str(value[0])
    if value is False or value is None:
        return _("None").translate(lang)
    if selection:
        return str(dict(selection).get(value, value))
    return str(value)
