"""The cash drawer never goes below zero: pay-outs and cash refunds only take cash it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from tests.support import (
    Reply,
    Tenant,
    User,
    add_product,
    add_store,
    add_user,
    open_shift,
    paid_sale,
)


@dataclass
class Drawer:
    """A store of its own, so no other shift's cash can serve its refunds."""

    tenant: Tenant
    store: str
    cashier: User

    def open_shift(self, cashier: User, opening_float: int = 0) -> str:
        shift = open_shift(self.tenant, self.store, by=cashier, opening_float=opening_float)
        return str(shift["id"])

    def paid_sale(self, price: int, paid: int, shift_cashier: User | None = None) -> str:
        product = add_product(self.tenant, name="Écouteurs", price=price, track_stock=False)
        lines = [{"product_id": product["id"], "quantity": 1}]
        cashier = shift_cashier or self.cashier
        return str(paid_sale(self.tenant, self.store, lines, paid, cashier=cashier)["id"])

    def move(self, shift_id: str, kind: str, amount: int, **extra: Any) -> Reply:
        return self.tenant.post(
            f"/v1/cash-shifts/{shift_id}/movements",
            {"type": kind, "amount": amount, **extra},
            token=self.cashier.token,
        )

    def shift(self, shift_id: str) -> dict[str, Any]:
        return dict(self.tenant.get(f"/v1/cash-shifts/{shift_id}").json)


@pytest.fixture
def drawer(tenant: Tenant) -> Drawer:
    store = add_store(tenant, "Deido", "DEI")["id"]
    return Drawer(tenant, store, add_user(tenant, "CASHIER", [store]))


def test_a_pay_out_never_takes_more_than_the_drawer_holds(drawer: Drawer) -> None:
    shift_id = drawer.open_shift(drawer.cashier, opening_float=5000)
    drawer.paid_sale(3000, 3000)
    before = drawer.shift(shift_id)
    assert before["expected_cash"] == 8000
    for amount in (1_000_000_000, 8001):
        refused = drawer.move(shift_id, "PAY_OUT", amount)
        assert refused.status == 422 and refused.json["code"] == "VALIDATION_ERROR", refused
        assert refused.json["errors"] == [{"field": "amount", "message": "at most 8000"}]
    assert drawer.shift(shift_id) == before
    movement_id = "01K0000000000000000000PAY0"
    emptied = drawer.move(shift_id, "PAY_OUT", 8000, id=movement_id, reason="Banque")
    assert emptied.status == 201, emptied
    assert drawer.shift(shift_id)["expected_cash"] == 0
    replayed = drawer.move(shift_id, "PAY_OUT", 8000, id=movement_id, reason="Banque")
    assert replayed.status == 200 and replayed.json["id"] == movement_id
    assert drawer.move(shift_id, "PAY_OUT", 1).status == 422
    assert drawer.move(shift_id, "PAY_IN", 700).status == 201
    assert drawer.move(shift_id, "PAY_OUT", 700).status == 201
    closed = drawer.tenant.post(f"/v1/cash-shifts/{shift_id}/close", {"counted_cash": 0})
    assert (closed.json["expected_cash"], closed.json["pay_outs"]) == (0, 8700)


def test_a_movement_replayed_later_with_its_id_is_the_same_movement(
    drawer: Drawer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chalicelib.clock

    shift_id = drawer.open_shift(drawer.cashier, opening_float=5000)
    movement_id = "01K0000000000000000000PAY1"
    paid_out = drawer.move(shift_id, "PAY_OUT", 5000, id=movement_id, reason="Banque")
    assert paid_out.status == 201, paid_out
    an_hour_later = chalicelib.clock.now() + timedelta(hours=1)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: an_hour_later)
    replayed = drawer.move(shift_id, "PAY_OUT", 5000, id=movement_id, reason="Banque")
    assert replayed.status == 200 and replayed.json == paid_out.json
    assert drawer.shift(shift_id)["pay_outs"] == 5000


def test_cash_is_refunded_only_from_a_drawer_that_holds_it(drawer: Drawer) -> None:
    first = drawer.open_shift(drawer.cashier)
    refunded = drawer.paid_sale(5000, 5000)
    unpaid = drawer.paid_sale(5000, 3000)
    assert drawer.move(first, "PAY_OUT", 7500, reason="Fournisseur").status == 201
    before = drawer.shift(first)
    refund = {"lines": [{"product_id": _product(drawer, refunded), "quantity": 1}]}
    refund["method"] = "CASH"
    short = drawer.tenant.post(f"/v1/sales/{refunded}/refunds", refund)
    assert short.status == 409 and short.json["code"] == "SHIFT_REQUIRED", short
    cancel = drawer.tenant.post(f"/v1/sales/{unpaid}/cancel", {"reason": "Client parti"})
    assert cancel.status == 409 and cancel.json["code"] == "SHIFT_REQUIRED", cancel
    assert drawer.shift(first) == before
    statuses = [drawer.tenant.get(f"/v1/sales/{s}").json["status"] for s in (refunded, unpaid)]
    assert statuses == ["PAID", "PARTIALLY_PAID"]

    second = drawer.open_shift(add_user(drawer.tenant, "CASHIER", [drawer.store]), 10000)
    done = drawer.tenant.post(f"/v1/sales/{refunded}/refunds", refund)
    assert done.status == 201 and done.json["methods"][0]["shift_id"] == second, done
    cancelled = drawer.tenant.post(f"/v1/sales/{unpaid}/cancel", {"reason": "Client parti"})
    assert cancelled.status == 200, cancelled
    assert drawer.shift(second)["expected_cash"] == 10000 - 5000 - 3000
    assert drawer.shift(first) == before


def test_a_refund_prefers_the_drawer_that_took_the_cash(drawer: Drawer) -> None:
    richer = drawer.open_shift(add_user(drawer.tenant, "CASHIER", [drawer.store]), 50000)
    taker = drawer.open_shift(drawer.cashier)
    sale = drawer.paid_sale(4000, 4000)
    refund = {"lines": [{"product_id": _product(drawer, sale), "quantity": 1}], "method": "CASH"}
    done = drawer.tenant.post(f"/v1/sales/{sale}/refunds", refund)
    assert done.status == 201 and done.json["methods"][0]["shift_id"] == taker, done
    assert drawer.shift(taker)["expected_cash"] == 0
    assert drawer.shift(richer)["expected_cash"] == 50000


def _product(drawer: Drawer, sale_id: str) -> str:
    return str(drawer.tenant.get(f"/v1/sales/{sale_id}").json["lines"][0]["product_id"])
