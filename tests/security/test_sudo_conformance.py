"""Public superuser methods: no RPC-callable method runs sudo() before an access check.

The review's case: ``ir.sequence.next_by_code`` took numbers as superuser for anyone, so a
salesperson could burn invoice numbers (a gap in gap-free numbering). The static check of
:mod:`core.sudo_check` finds every such method; it runs here over the ORM, the platform
and every bundled addon with all their glue (each addon's conformance test runs it too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.orm import api, models
from core.orm.models import BaseModel
from core.registry.loader import Catalog
from core.registry.registry import Registry
from core.sudo_check import unchecked_sudo

from .wire import TRANSPORTS, SalesSite


@pytest.fixture(scope="module")
def sales_site(databases: Any) -> SalesSite:
    return SalesSite(databases)


def _number_next(site: SalesSite, code: str) -> int:
    return site.run(lambda env: env["ir.sequence"].search([("code", "=", code)]).number_next)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_salesperson_cannot_take_sequence_numbers(sales_site: SalesSite, transport: str) -> None:
    site = sales_site
    invoice = site.run(lambda env: env["ir.sequence"].search(
        [("code", "=", "account.move.out_invoice")]).id)
    before = {code: _number_next(site, code) for code in ("account.move.out_invoice",
                                                          "sale.order")}
    for method, args in (("next_by_code", ["account.move.out_invoice"]),
                         ("next_by_code", ["sale.order"]),
                         ("next_by_id", [[invoice]])):
        outcome = site.call(transport, "sp_own", "ir.sequence", method, args)
        assert outcome.error == "AccessError", (method, outcome)
    assert {code: _number_next(site, code) for code in before} == before
    # numbering stays trusted code: the salesperson's new quotation gets its number
    partner = site.call(transport, "sp_own", "res.partner", "create", [{"name": "Seq Co"}])
    order = site.call(transport, "sp_own", "sale.order", "create",
                      [{"partner_id": partner.result}])
    assert order.error is None, order
    name = site.call(transport, "sp_own", "sale.order", "read", [[order.result], ["name"]])
    assert name.result[0]["name"].startswith("S")
    assert _number_next(site, "sale.order") == before["sale.order"] + 1
    assert _number_next(site, "account.move.out_invoice") == before["account.move.out_invoice"]


def test_settings_administrators_still_take_numbers(sales_site: SalesSite) -> None:
    site = sales_site
    before = _number_next(site, "sale.order")
    outcome = site.call("jsonrpc", "admin", "ir.sequence", "next_by_code", ["sale.order"])
    assert outcome.error is None and outcome.result.startswith("S")
    assert _number_next(site, "sale.order") == before + 1


def _all_addons_registry() -> Registry:
    """Every bundled addon with its glue, composed without a database."""
    catalog = Catalog.discover([])
    names = [name for name, addon in catalog.addons.items() if not addon.glue_of]
    return Registry.build(f"sqlite:///{Path('/nonexistent') / 'never-opened.sqlite3'}",
                          names, catalog)


def test_no_public_method_runs_sudo_before_an_access_check() -> None:
    """Every class the composed models inherit from — the addons' model classes, their
    glue, plain mixins and the ORM's own — as far as it is the project's code."""
    registry = _all_addons_registry()
    assert {"sale_crm", "rental_crm"} <= {a.name for a in registry.addons}   # glue too
    problems, seen = [], set()
    for name, model in registry.models.items():
        for klass in model.__mro__:
            if klass in seen or not klass.__module__.startswith(("core.", "addons.")):
                continue
            seen.add(klass)
            problems += unchecked_sudo(klass, f"{name} ({klass.__qualname__})")
    assert len(seen) > 100 and BaseModel in seen
    assert not problems, "\n".join(problems)


class _Examples(models.Model):
    """Not registered: only read by the static check."""

    _name = "test.sudo.examples"

    def action_unchecked(self) -> Any:
        return self.sudo().write({"name": "x"})

    def action_checked_too_late(self) -> Any:
        records = self.sudo().search([])
        self.check_access("read")
        return records

    def action_su_environment(self) -> Any:
        return self.env(su=True)["res.users"].search([])

    def write(self, vals: dict) -> bool:
        return super(_Examples, self.sudo()).write(vals)

    def action_checked(self) -> Any:
        self.check_access_rights("write")
        self.check_access_rule("write")
        return self.sudo().write({})

    def action_helper_check(self) -> Any:
        self._check_can_do()
        return self.sudo().read([])

    def unlink(self) -> bool:
        result = super().unlink()
        self.sudo().search([]).unlink()
        return result

    @api.sudo_safe("reads only the caller's own record, for a test")
    def action_declared(self) -> Any:
        return self.sudo().read([])

    @api.private
    def action_private(self) -> Any:
        return self.sudo().read([])

    def _internal(self) -> Any:
        return self.sudo().read([])

    def copy_data(self, default: Any = None) -> Any:       # part of the external API
        return self.sudo().read([])

    def _check_can_do(self) -> None:
        pass


def test_the_check_tells_checked_from_unchecked_methods() -> None:
    found = {line.split(" ")[0].split(".")[-1] for line in unchecked_sudo(_Examples, "t.x")}
    assert found == {"action_unchecked", "action_checked_too_late", "action_su_environment",
                     "write", "copy_data"}
    assert "(tests/security/test_sudo_conformance.py:" in unchecked_sudo(_Examples, "t.x")[0]
    with pytest.raises(ValueError):
        api.sudo_safe("")                       # a reason is required
