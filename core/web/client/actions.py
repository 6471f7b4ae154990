"""Window actions as the client uses them: model, view types, domain, context and help.

An action comes from an ``ir.actions.act_window`` record the user may open, or is made up
for a bare model (``/web/model/res.partner/list``) when the user may read that model.
Its ``domain`` and ``context`` are evaluated once per request with ``uid``, the user's
date helpers (``context_today()``...) and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from werkzeug.exceptions import NotFound

from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.tools.safe_eval import eval_context_time, safe_eval
from core.web.client.trail import Step, with_trail
from core.web.paths import is_local_path

_ = Domain("core")
MULTI_RECORD_VIEWS = ("kanban", "list", "graph", "pivot", "activity")
VIEW_TYPES = (*MULTI_RECORD_VIEWS, "form")


@dataclass(frozen=True)
class Action:
    """What the client needs of a window action."""

    id: int | None
    name: str
    model: str
    view_types: tuple[str, ...]
    domain: list = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    help: str = ""
    limit: int = 80
    view_ids: dict[str, int] = field(default_factory=dict)
    res_id: int | None = None
    #: ``default_*`` values a link carried (``ctx``): applied only to fields the user can
    #: edit on the form (see ``ActionPage``), never trusted like the action's own context.
    url_defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def multi_views(self) -> tuple[str, ...]:
        return tuple(t for t in self.view_types if t in MULTI_RECORD_VIEWS)

    @property
    def default_view(self) -> str:
        return (self.multi_views or ("form",))[0]


def eval_namespace(env: Any) -> dict[str, Any]:
    """Names a domain or context of an action, filter or rule may use."""
    return {**eval_context_time(env.context.get("tz")), "uid": env.uid,
            "context": dict(env.context), "user_id": env.uid}


#: Request parameters that carry the records an action was opened from (wizards read them).
ACTIVE_KEYS = ("active_id", "active_ids", "active_model")


def active_context(args: Any) -> dict[str, Any]:
    """``active_id``/``active_ids``/``active_model`` given in the URL, typed."""
    result: dict[str, Any] = {}
    raw_id = str(args.get("active_id") or "")
    if raw_id.isdigit():
        result["active_id"] = int(raw_id)
    ids = [int(i) for i in str(args.get("active_ids") or "").split(",") if i.strip().isdigit()]
    if ids or "active_id" in result:
        result["active_ids"] = ids or [result["active_id"]]
    model = str(args.get("active_model") or "")
    if model.replace(".", "").replace("_", "").isalnum():
        result["active_model"] = model
    return result


def evaluate(text: str | None, env: Any, default: Any, extra: dict | None = None) -> Any:
    if not text or not text.strip():
        return default
    try:
        return safe_eval(text, {**eval_namespace(env), **(extra or {})})
    except (ValueError, TypeError, NameError) as exc:
        raise UserError(_("The action is misconfigured: %(error)s", error=str(exc))) from None


def load_action(env: Any, action_id: int, args: Any = None) -> Action:
    """The window action ``action_id`` (AccessError if the user may not open it).

    ``args`` (the request's query) may carry ``active_id``/``active_ids``/``active_model``:
    the record a button opened the action from, as Odoo passes it to wizards."""
    record = env["ir.actions.act_window"]._for_user(action_id)
    view_ids = {}
    if record.view_id:
        view_ids[record.view_id.type] = record.view_id.id
    if record.search_view_id:
        view_ids["search"] = record.search_view_id.id
    active = active_context(args or {})
    context = evaluate(record.context, env, {}, active)
    context = {**active, **(context if isinstance(context, dict) else {})}
    given = url_context(args or {})
    searches = {k: v for k, v in given.items() if k.startswith("search_default_")}
    if searches:                                               # they replace the action's
        context = {k: v for k, v in context.items() if not k.startswith("search_default_")}
    context.update(searches)
    return Action(
        id=record.id, name=record.name, model=record.res_model,
        view_types=tuple(record.view_types()),
        domain=list(evaluate(record.domain, env, [], active)),
        context=context, help=record.help or "", limit=record.limit or 80,
        view_ids=view_ids, res_id=record.res_id or None,
        url_defaults={k: v for k, v in given.items() if k.startswith("default_")},
    )


def model_action(env: Any, model: str, args: Any = None) -> Action:
    """An action made up for ``model`` (the user must be allowed to read it).

    ``args`` (the request's query) may narrow it the way a button's returned action does:
    ``dom`` a JSON domain, ``title`` its name, ``vm`` its view types."""
    if model not in env.registry:
        raise NotFound()
    if not env[model].check_access_rights("read", raise_exception=False):
        raise AccessError(_("You are not allowed to open these records."))
    args = args or {}
    name = args.get("title") or env[model]._description_text()
    given = url_context(args)
    searches = {k: v for k, v in given.items() if k.startswith("search_default_")}
    modes = [m for m in (args.get("vm") or "list,form").split(",") if m in VIEW_TYPES]
    return Action(id=None, name=name, model=model,
                  view_types=tuple(dict.fromkeys([*modes, "form"])),
                  domain=_json_domain(args.get("dom"), env[model]), context=searches,
                  url_defaults={k: v for k, v in given.items() if k.startswith("default_")})


def url_context(args: Any) -> dict[str, Any]:
    """The ``default_*`` and ``search_default_*`` keys of a button's returned action, which
    travel in the URL parameter ``ctx`` (JSON; anything else is ignored)."""
    try:
        given = json.loads(args.get("ctx") or "{}")
    except ValueError:
        return {}
    if not isinstance(given, dict):
        return {}
    return {str(k): v for k, v in given.items() if _context_key(k) and _plain(v)
            and not isinstance(v, list)}


def _context_key(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(("default_", "search_default_")) \
        and key.replace("_", "").isalnum()


def _ctx_param(result: dict[str, Any]) -> dict[str, str]:
    context = result.get("context") if isinstance(result.get("context"), dict) else {}
    kept = {k: v for k, v in context.items() if _context_key(k) and _plain(v)
            and not isinstance(v, list)}
    return {"ctx": json.dumps(kept, separators=(",", ":"))} if kept else {}


def _json_domain(text: str | None, model: Any = None) -> list:
    """A domain passed in a URL: JSON conditions ``[field, operator, value]`` (a value is
    a scalar or a list of scalars) and the operators ``&``, ``|``, ``!``; checked against
    ``model`` (fields and operators) so that a wrong link gets a clear message."""
    if not text:
        return []
    try:
        domain = json.loads(text)
    except ValueError:
        raise UserError(_("The link contains an invalid filter.")) from None
    if not isinstance(domain, list) or not all(map(_domain_item, domain)):
        raise UserError(_("The link contains an invalid filter."))
    domain = [tuple(item) if isinstance(item, list) else item for item in domain]
    if model is not None:
        try:
            model._search(domain)
        except ValueError:
            raise UserError(_("The link contains an invalid filter.")) from None
    return domain


def _domain_item(item: Any) -> bool:
    if item in ("&", "|", "!"):
        return True
    if not isinstance(item, list) or len(item) != 3 or not isinstance(item[0], str) \
            or not isinstance(item[1], str):
        return False
    value = item[2]
    if isinstance(value, list):
        return all(_scalar(v) for v in value)
    return _scalar(value)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


def action_url(result: Any, default: str, trail: list[Step] | None = None) -> str:
    """Where the client goes after a button or server action returned ``result``; a window
    it opens carries ``trail`` (the breadcrumbs of the page the button was on)."""
    if not isinstance(result, dict):
        return default
    kind = result.get("type")
    if kind == "ir.actions.act_url":
        url = str(result.get("url") or "")
        return url if is_local_path(url) else default
    if kind != "ir.actions.act_window" or not result.get("res_model"):
        return default
    url = _window_url(result)
    return with_trail(url, trail) if trail else url


def _window_url(result: dict[str, Any]) -> str:
    if _opens_new_form(result):
        return _new_form_url(result)
    if result.get("id") and isinstance(result["id"], int):
        given = _ctx_param(result)
        return f"/web/action/{result['id']}" + (f"?{urlencode(given)}" if given else "")
    model = quote(str(result["res_model"]))
    if result.get("res_id"):   # one record on its own: no list behind it
        return f"/web/model/{model}/form/{int(result['res_id'])}?vm=form"
    modes = [m.strip() for m in str(result.get("view_mode") or "list,form").split(",")]
    modes = ["list" if m == "tree" else m for m in modes]
    first = next((m for m in modes if m in MULTI_RECORD_VIEWS), "list")
    params = {"dom": json.dumps(list(result.get("domain") or [])),
              "vm": ",".join(m for m in modes if m in VIEW_TYPES)}
    if result.get("name"):
        params["title"] = str(result["name"])
    params.update(_ctx_param(result))
    return f"/web/model/{model}/{first}?{urlencode(params)}"


def _opens_new_form(result: dict[str, Any]) -> bool:
    modes = [m.strip() for m in str(result.get("view_mode") or "").split(",")]
    return modes[:1] == ["form"] and not result.get("res_id")


def _new_form_url(result: dict[str, Any]) -> str:
    """A new record's form, its ``default_*`` context values as URL parameters (an action
    such as "New Quotation" returns them; many2many values become comma-separated ids)."""
    if result.get("id") and isinstance(result["id"], int):
        base = f"/web/action/{result['id']}"
    else:
        base = f"/web/model/{quote(str(result['res_model']))}"
    params = []
    context = result.get("context") if isinstance(result.get("context"), dict) else {}
    for key, value in context.items():
        if not str(key).startswith("default_"):
            continue
        text = _default_param(value)
        if text is not None:
            params.append((key, text))
    return f"{base}/form/new" + (f"?{urlencode(params)}" if params else "")


def _default_param(value: Any) -> str | None:
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, list | tuple):
        ids: list[int] = []
        for item in value:
            if isinstance(item, int):
                ids.append(item)
            elif isinstance(item, list | tuple) and len(item) == 3 and item[0] == 6:
                ids.extend(int(i) for i in item[2])
            elif isinstance(item, list | tuple) and len(item) >= 2 and item[0] == 4:
                ids.append(int(item[1]))
        return ",".join(str(i) for i in ids)
    return None
