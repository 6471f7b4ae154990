"""Fixtures of the rental tests: a database with rental and its demo products."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["rental"], demo=True)


@pytest.fixture
def customer(env: Any) -> Any:
    return env.ref("contacts.res_partner_1")


@pytest.fixture
def projector(env: Any) -> Any:
    return env.ref("sale.product_projector")     # 15/h, 80/day, 350/week


def rental_order(env: Any, partner: Any, *lines: tuple, start: str = "2030-05-01 08:00:00",
                 end: str = "2030-05-03 10:00:00", **values: Any) -> Any:
    return env["sale.order"].create({
        "partner_id": partner.id, "is_rental_order": True, "rental_start_date": start,
        "rental_return_date": end, "order_line": [
            (0, 0, {"product_id": product.id, "product_uom_qty": quantity})
            for product, quantity in lines], **values})
