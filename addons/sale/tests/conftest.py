"""Fixtures of the sale tests: a database with sale, users of the three Sales levels."""

from __future__ import annotations

from typing import Any

import pytest

from core.testing import new_user

SALESMAN = "sales_team.group_sale_salesman"
ALL_DOCS = "sales_team.group_sale_salesman_all_leads"
MANAGER = "sales_team.group_sale_manager"


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["sale"])


@pytest.fixture
def customer(env: Any) -> Any:
    return env["res.partner"].create({"name": "Azure Interior", "is_company": True,
                                      "email": "info@azure.example", "city": "Berlin"})


@pytest.fixture
def tax19(env: Any) -> Any:
    return env.ref("sale.tax_vat_19")


@pytest.fixture
def desk(env: Any, tax19: Any) -> Any:
    return env["product.product"].create({"name": "Office Desk", "default_code": "DESK",
                                          "list_price": 450.0,
                                          "taxes_id": [(6, 0, [tax19.id])]})


@pytest.fixture
def chair(env: Any, tax19: Any) -> Any:
    return env["product.product"].create({"name": "Office Chair", "list_price": 189.5,
                                          "description_sale": "With armrests",
                                          "taxes_id": [(6, 0, [tax19.id])]})


def make_order(env: Any, partner: Any, *lines: tuple, **values: Any) -> Any:
    """An order with ``(product, quantity[, price[, discount]])`` lines."""
    commands = []
    for product, quantity, *rest in lines:
        line = {"product_id": product.id, "product_uom_qty": quantity}
        if rest:
            line["price_unit"] = rest[0]
        if len(rest) > 1:
            line["discount"] = rest[1]
        commands.append((0, 0, line))
    return env["sale.order"].create({"partner_id": partner.id, "order_line": commands,
                                     **values})


def users(env: Any) -> dict[str, Any]:
    return {"own": new_user(env, "sale_own", [SALESMAN]),
            "all": new_user(env, "sale_all", [ALL_DOCS]),
            "manager": new_user(env, "sale_manager", [MANAGER]),
            "plain": new_user(env, "sale_plain")}
