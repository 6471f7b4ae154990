"""The access matrix of the Sales levels, shared by the ORM and the HTTP tests.

Four users — no Sales group, "User: Own Documents Only", "User: All Documents",
"Administrator" — and documents whose salesperson is the acting user ("self"), another
user ("other") or nobody. What each user may do, as CRM_SPEC §1.2/§1.3 describe it for
leads: own level sees and edits its own and unassigned documents and cannot delete; all
documents level sees everything and cannot delete; administrators do everything.
"""

from __future__ import annotations

ROLES = {
    "none": ("base.group_user",),
    "own": ("sales_team.group_sale_salesman",),
    "all": ("sales_team.group_sale_salesman_all_leads",),
    "manager": ("sales_team.group_sale_manager",),
}
OWNERS = ("self", "other", "nobody")
OPERATIONS = ("search", "read", "write", "create", "unlink", "read_group", "name_search")

VISIBLE = {
    "none": set(),
    "own": {"self", "nobody"},
    "all": {"self", "other", "nobody"},
    "manager": {"self", "other", "nobody"},
}


def expected(role: str, operation: str, owner: str) -> str:
    """"denied" (AccessError), "hidden" (not in the result) or "allowed"."""
    if role == "none":
        return "denied"        # no access right on the model at all
    visible = owner in VISIBLE[role]
    if operation in ("search", "read_group", "name_search"):
        return "allowed" if visible else "hidden"
    if operation == "unlink":
        return "allowed" if role == "manager" else "denied"
    return "allowed" if visible else "denied"


CELLS = [(role, operation, owner) for role in ROLES for operation in OPERATIONS
         for owner in OWNERS]
