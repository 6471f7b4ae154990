"""Finding the value of a many2one by typing: the form's autocomplete.

The form renders a many2one as a ``<select>``, which works without JavaScript. When there
are more records than a list can hold (``MANY2ONE_CHOICES``: thousands of customers) the
select is marked ``data-m2o`` and the page script turns it into a text box that asks this
endpoint for the records whose name matches what was typed: ``name_search`` as the signed-in user (access rules apply), with
the field's domain evaluated on the values on screen, like Odoo's many2one autocomplete.
"""

from __future__ import annotations

from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import Domain
from core.web.app import RequestContext, Route
from core.web.client.client_api import posted_state
from core.web.client.form_ops import json_response
from core.web.client.form_state import FormState, form_field_nodes

_ = Domain("core")

SUGGESTIONS = 8


def lookup(ctx: RequestContext) -> Response:
    """``{"results": [[id, name], ...], "more": bool}`` for ``__field`` and ``__q``."""
    form = ctx.request.form
    page, state, values = posted_state(ctx)
    name = form.get("__field", "")
    node = next((n for n in form_field_nodes(state.view) if n.name == name), None)
    info = state.fields.get(name) or {}
    on_screen = FormState(page, state.view, state.record, {**state.values, **values})
    if node is None or info.get("type") != "many2one" or on_screen.readonly(node):
        raise UserError(_("This field cannot be searched here."))
    comodel = page.env[info["relation"]]
    if not comodel.check_access_rights("read", raise_exception=False):
        return json_response({"results": [], "more": False})
    text = (form.get("__q") or "").strip()[:200]
    found = comodel.name_search(text, on_screen._domain(node, info), limit=SUGGESTIONS + 1)
    return json_response({"results": [[rid, str(label)] for rid, label in found[:SUGGESTIONS]],
                          "more": len(found) > SUGGESTIONS})


ROUTES = [Rule(f"{prefix}/m2o", endpoint=Route(lookup), methods=["POST"])
          for prefix in ("/web/action/<int:action_id>", "/web/model/<model>")]
