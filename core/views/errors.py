"""The two ways a view can be wrong, each saying which view, where, and why.

A broken view must be rejected when its addon is installed, with a message an integrator can
act on without a debugger::

    View 'crm.lead.form.inherit.sale' cannot be applied: xpath //field[@name='tag_ids']
    matches nothing in the view it extends.

    View 'crm.lead.form' (crm_lead_views.xml, line 42): field 'expected_revenu' does not
    exist on the model.

Both are ``ValueError`` s so that callers which only know "bad input" still catch them; the
install step of the loader turns them into its own user-facing error. Messages are lazy
translatable texts (:mod:`core.i18n`); ``str(error)`` gives them in the current language.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from core.i18n import Domain

_ = Domain("core")


def describe(node: etree._Element) -> str:
    """An element's opening tag without its content, for messages: ``<field name="x">``."""
    shallow = etree.Element(node.tag, dict(node.attrib))
    return etree.tostring(shallow, encoding="unicode").removesuffix("/>") + ">"


class ViewError(ValueError):
    """Base class of the errors raised while combining, validating or parsing a view."""

    def __init__(self, message: Any, *, view_name: str) -> None:
        super().__init__(message)
        self.view_name = view_name

    @property
    def message(self) -> Any:
        return self.args[0]


class ViewInheritanceError(ViewError):
    """An extension view cannot be applied to the view it extends."""

    def __init__(self, view_name: str, expr: str, reason: Any, *, line: int | None = None):
        args = {"view": repr(view_name), "expr": expr, "reason": reason, "line": line}
        if line:
            message = _(
                "View %(view)s (line %(line)s) cannot be applied: %(expr)s %(reason)s", **args
            )
        else:
            message = _("View %(view)s cannot be applied: %(expr)s %(reason)s", **args)
        super().__init__(message, view_name=view_name)
        #: The locator that failed: an xpath, ``<field name="x">`` or a whole spec element.
        self.expr = expr
        self.reason = reason
        #: Line of the failing spec in the extension's source (``element.sourceline``).
        self.line = line


class ViewValidationError(ViewError):
    """A view does not match its schema, or names a field, method or expression that is wrong."""

    def __init__(
        self,
        view_name: str,
        reason: Any,
        *,
        line: int | None = None,
        file: str | None = None,
    ) -> None:
        super().__init__(_format(view_name, reason, line, file), view_name=view_name)
        self.reason = reason
        #: Line of the offending element in its source document (``element.sourceline``).
        self.line = line
        self.file = file


def _format(view_name: str, reason: Any, line: int | None, file: str | None) -> Any:
    view = repr(view_name)
    if file and line:
        return _(
            "View %(view)s (%(file)s, line %(line)s): %(reason)s",
            view=view,
            file=file,
            line=line,
            reason=reason,
        )
    if line:
        return _("View %(view)s (line %(line)s): %(reason)s", view=view, line=line, reason=reason)
    return _("View %(view)s: %(reason)s", view=view, reason=reason)
