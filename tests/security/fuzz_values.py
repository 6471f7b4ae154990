"""Junk for the fuzzer: ids, domains, field names, method names, keyword arguments, values.

Every generator takes a seeded :class:`random.Random`, so that a run is reproducible from
its seed. The values are what a careless or hostile client sends: numbers out of every
integer range, negative and fractional ids, strings where numbers are expected, NUL bytes,
unicode, deeply nested domains with unknown operators and paths, unknown fields, private
and missing methods. ``known`` holds what the fuzzer learnt from the server (the ids of the
salesperson's own records, other ids it saw), so that some calls reach deep into the code.
"""

from __future__ import annotations

import random
from typing import Any

BIG = (2**31, 2**31 - 1, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30, -(2**63) - 1)
TEXTS = ("", " ", "\x00", "a\x00b", "Ωμέγα ✓ 🚀", "'; DROP TABLE crm_lead; --", "%", "_",
         "\\", "<script>alert(1)</script>", "x" * 3000, "\u202e\ufeff", "2024-13-45", "NaN",
         "1e309", "0x10", "-1", "None", "False", "[]", "{}", "../../etc/passwd")
OPERATORS = ("=", "!=", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "=like",
             "child_of", "parent_of", "any", "not any", "=?", "<>", "==", "bogus", "", "IN",
             None, 5, "not ilike", "=ilike")
PATHS = ("name", "id", "partner_id", "partner_id.name", "user_id.login", "stage_id.sequence",
         "tag_ids", "tag_ids.name", "create_date", "date_deadline", "probability",
         "expected_revenue", "active", "company_id.name", "activity_ids.summary",
         "message_ids.body", "nonexistent", "name.foo", "partner_id.nonexistent", "",
         "id.id", "partner_id.partner_id.partner_id", "write_uid.name", "type", "priority")
METHODS = ("search", "search_read", "search_count", "read", "write", "create", "unlink",
           "copy", "name_search", "name_get", "read_group", "fields_get", "default_get",
           "onchange", "exists", "check_access_rights", "name_create", "copy_data",
           "get_metadata", "action_archive", "action_unarchive", "toggle_active",
           "action_set_won", "action_set_lost", "action_set_won_rainbowman",
           "message_post", "activity_schedule", "_private", "__init__", "browse", "sudo",
           "with_user", "unknown_method", "", "x" * 300, "search\x00", "mapped", "filtered")


def pick(rng: random.Random, items: Any) -> Any:
    return items[rng.randrange(len(items))]


def junk_scalar(rng: random.Random) -> Any:
    """Any kind of wrong value."""
    kind = rng.randrange(9)
    if kind == 0:
        return pick(rng, BIG)
    if kind == 1:
        return rng.randint(-5, 5)
    if kind == 2:
        return pick(rng, TEXTS)
    if kind == 3:
        return pick(rng, (0.5, -1.5, 1e308, -0.0, 3.14159, 1e-300))
    if kind == 4:
        return pick(rng, (None, True, False))
    if kind == 5:
        return [junk_scalar(rng) for _ in range(rng.randrange(3))]
    if kind == 6:
        return {pick(rng, PATHS) or "k": junk_scalar(rng)}
    if kind == 7:
        return pick(rng, ("2024-02-30", "2024-01-01 25:61:00", "31.12.2024", "tomorrow",
                          "2024-01-01", "9999-12-31 23:59:59", "0000-00-00"))
    return rng.random() * 10**rng.randrange(20)


def junk_id(rng: random.Random, known: dict[str, list[int]]) -> Any:
    """An id: mostly real ones (own or others'), else out of range or of a wrong type."""
    kind = rng.randrange(10)
    if kind < 4 and known.get("own"):
        return pick(rng, known["own"])
    if kind < 6 and known.get("other"):
        return pick(rng, known["other"])
    if kind == 6:
        return pick(rng, BIG)
    if kind == 7:
        return rng.choice((-1, 0, -(2**31), 999_999))
    return junk_scalar(rng)


def junk_ids(rng: random.Random, known: dict[str, list[int]]) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return junk_id(rng, known)
    if kind == 1:
        return []
    return [junk_id(rng, known) for _ in range(rng.randrange(1, 5))]


def junk_leaf(rng: random.Random, known: dict[str, list[int]]) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return [pick(rng, PATHS), pick(rng, OPERATORS)]          # wrong arity
    if kind == 1:
        return pick(rng, ("&", "|", "!", "?", 0, 1, None, "name"))
    operator = pick(rng, OPERATORS)
    value: Any = junk_scalar(rng) if kind < 5 else junk_id(rng, known)
    if operator in ("any", "not any") and rng.random() < 0.6:
        value = junk_domain(rng, known, depth=1)
    return [pick(rng, PATHS), operator, value]


def junk_domain(rng: random.Random, known: dict[str, list[int]], depth: int = 0) -> Any:
    """A domain: valid-looking terms mixed with bad operators, paths, arities, nesting."""
    kind = rng.randrange(10)
    if kind == 0:
        return junk_scalar(rng)
    if kind == 1 and depth < 2:
        nested: Any = junk_leaf(rng, known)
        for _ in range(rng.randrange(20, 200)):                  # deep nesting
            nested = ["!", nested] if rng.random() < 0.5 else [nested]
        return nested
    terms: list[Any] = []
    for _ in range(rng.randrange(0, 5)):
        if rng.random() < 0.2:
            terms.append(pick(rng, ("&", "|", "!")))
        terms.append(junk_leaf(rng, known))
    return terms


def junk_fields(rng: random.Random) -> Any:
    kind = rng.randrange(5)
    if kind == 0:
        return junk_scalar(rng)
    return [pick(rng, PATHS) for _ in range(rng.randrange(0, 4))]


def junk_values(rng: random.Random, known: dict[str, list[int]]) -> Any:
    """A ``vals`` dict for create/write: fields with values of every wrong type."""
    if rng.random() < 0.1:
        return junk_scalar(rng)
    values: dict[Any, Any] = {}
    for _ in range(rng.randrange(1, 4)):
        name = pick(rng, PATHS)
        if name in ("tag_ids", "activity_ids", "message_ids") and rng.random() < 0.7:
            values[name] = [[rng.choice((0, 1, 2, 3, 4, 5, 6, 7, -1)), junk_id(rng, known),
                             junk_scalar(rng)]]
        else:
            values[name] = junk_id(rng, known) if rng.random() < 0.3 else junk_scalar(rng)
    return values


def junk_kwargs(rng: random.Random, known: dict[str, list[int]]) -> dict[str, Any]:
    """Keyword arguments: real names with junk, unknown names, a junk context."""
    kwargs: dict[str, Any] = {}
    for _ in range(rng.randrange(0, 3)):
        name = pick(rng, ("domain", "fields", "limit", "offset", "order", "groupby", "lazy",
                          "orderby", "attributes", "count", "bogus", "args", "vals",
                          "name", "operator", "context"))
        if name == "domain":
            kwargs[name] = junk_domain(rng, known)
        elif name in ("fields", "groupby"):
            kwargs[name] = junk_fields(rng)
        elif name in ("order", "orderby"):
            kwargs[name] = pick(rng, ("name desc", "id; DROP", "name sideways", "tag_ids",
                                      "nonexistent asc", "", "partner_id.name", 5))
        elif name == "context":
            kwargs[name] = junk_context(rng)
        else:
            kwargs[name] = junk_scalar(rng)
    return kwargs


def junk_context(rng: random.Random) -> Any:
    if rng.random() < 0.2:
        return junk_scalar(rng)
    return {pick(rng, ("lang", "tz", "active_test", "uid", "allowed_company_ids",
                       "default_user_id", "bin_size", "active_id", "default_name")):
            junk_scalar(rng) for _ in range(rng.randrange(1, 3))}


def call_arguments(rng: random.Random, method: str, known: dict[str, list[int]]
                   ) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for ``method``, shaped roughly as it expects."""
    ids = junk_ids(rng, known)
    shapes: dict[str, Any] = {
        "search": lambda: [junk_domain(rng, known)],
        "search_read": lambda: [junk_domain(rng, known), junk_fields(rng)],
        "search_count": lambda: [junk_domain(rng, known)],
        "read": lambda: [ids, junk_fields(rng)],
        "write": lambda: [ids, junk_values(rng, known)],
        "create": lambda: [junk_values(rng, known)],
        "name_search": lambda: [junk_scalar(rng), junk_domain(rng, known)],
        "read_group": lambda: [junk_domain(rng, known), junk_fields(rng), junk_fields(rng)],
        "onchange": lambda: [ids, junk_values(rng, known), junk_fields(rng), {}],
    }
    args = shapes[method]() if method in shapes else [ids]
    if rng.random() < 0.15:
        args = [junk_scalar(rng) for _ in range(rng.randrange(4))]
    return args, junk_kwargs(rng, known) if rng.random() < 0.3 else {}
