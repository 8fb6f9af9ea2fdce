"""The LOYALTY tender: the payment, its REDEEM entry and the customer's new points in the
payment's one write; a multiple of point_value, at least min_redeem_points, a customer and
loyalty enabled (422), 409 INSUFFICIENT_POINTS, nothing written on a refusal."""

from __future__ import annotations

import pytest

from tests.support import (
    CreditTill,
    Stack,
    add_customer,
    customer_with_points,
    ledger_adds_up,
    loyalty_ledger,
    loyalty_till,
    points_of,
    set_loyalty,
)


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return loyalty_till(stack.api)


def _shift(till: CreditTill) -> dict[str, object]:
    shifts = till.tenant.get(f"/v1/cash-shifts?store_id={till.store}&status=OPEN").json["items"]
    return dict(next(s for s in shifts if s["cashier_id"] == till.cashier.id))


def test_a_loyalty_payment_redeems_points_in_the_payments_write(till: CreditTill) -> None:
    customer = customer_with_points(till, 300)
    sale = till.sale(customer, 5000)
    before = _shift(till)
    paid = till.pay(sale, 2000, "LOYALTY")
    assert paid.status == 201, paid
    assert paid.json["payment"]["method"] == "LOYALTY"
    assert paid.json["sale"]["status"] == "PARTIALLY_PAID"
    assert points_of(till.tenant, customer)["points"] == 100
    assert ledger_adds_up(till.tenant, customer) == 100
    newest = loyalty_ledger(till.tenant, customer)[0]
    assert (newest["type"], newest["points"], newest["balance_after"]) == ("REDEEM", -200, 100)
    assert newest["sale_id"] == sale
    after = _shift(till)
    assert after["totals"]["LOYALTY"] - before["totals"]["LOYALTY"] == 2000  # type: ignore[index]
    assert after["expected_cash"] == before["expected_cash"]


def test_more_points_than_held_is_409_and_changes_nothing(till: CreditTill) -> None:
    customer = customer_with_points(till, 50)
    sale = till.sale(customer, 2000)
    refused = till.pay(sale, 1000, "LOYALTY")
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_POINTS", refused
    assert till.tenant.get(f"/v1/sales/{sale}").json["paid_total"] == 0
    assert ledger_adds_up(till.tenant, customer) == 50
    assert [e["type"] for e in loyalty_ledger(till.tenant, customer)] == ["ADJUST"]


def test_an_amount_not_a_multiple_of_the_point_value_is_422(till: CreditTill) -> None:
    customer = customer_with_points(till, 100)
    sale = till.sale(customer, 2000)
    refused = till.pay(sale, 105, "LOYALTY")
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "amount", refused
    assert ledger_adds_up(till.tenant, customer) == 100


def test_a_sale_without_a_customer_is_422(till: CreditTill) -> None:
    sale = till.sale(None, 1000)
    refused = till.pay(sale, 100, "LOYALTY")
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "method", refused


def test_fewer_points_than_the_minimum_redemption_is_422(stack: Stack) -> None:
    till = loyalty_till(stack.api, min_redeem_points=50)
    customer = customer_with_points(till, 100)
    sale = till.sale(customer, 2000)
    refused = till.pay(sale, 400, "LOYALTY")
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "amount", refused
    assert till.pay(sale, 500, "LOYALTY").status == 201
    assert ledger_adds_up(till.tenant, customer) == 50


def test_a_tenant_without_loyalty_enabled_is_422(stack: Stack) -> None:
    till = loyalty_till(stack.api)
    customer = customer_with_points(till, 100)
    set_loyalty(till.tenant, enabled=False)
    sale = till.sale(customer, 2000)
    refused = till.pay(sale, 100, "LOYALTY")
    assert refused.status == 422, refused
    assert ledger_adds_up(till.tenant, customer) == 100


def test_a_customer_who_never_held_points_is_409(till: CreditTill) -> None:
    customer = str(add_customer(till.tenant, "Nouveau client")["id"])
    sale = till.sale(customer, 1000)
    refused = till.pay(sale, 10, "LOYALTY")
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_POINTS", refused
    assert points_of(till.tenant, customer) == {"points": 0, "expiring": []}


def test_a_retried_loyalty_payment_redeems_once(till: CreditTill) -> None:
    customer = customer_with_points(till, 100)
    sale = till.sale(customer, 2000)
    headers = {"Idempotency-Key": f"loyalty-{sale}"}
    first = till.pay(sale, 500, "LOYALTY", headers=headers)
    again = till.pay(sale, 500, "LOYALTY", headers=headers)
    assert first.status == 201 and again.status in (200, 201), again
    assert again.json["payment"]["id"] == first.json["payment"]["id"]
    assert ledger_adds_up(till.tenant, customer) == 50


def test_the_final_loyalty_payment_of_a_sale_at_the_line_cap_is_one_write_of_87_actions(
    till: CreditTill, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst case: points of two earnings past their date expire (merged into one EXPIRE
    entry) before the REDEEM, in the write that ships every line
    (tests/unit/test_payment_limits.py)."""
    from datetime import datetime, timedelta

    import chalicelib.clock
    from chalicelib import loyalty
    from chalicelib.cashier import payments
    from chalicelib.db.base import Tx
    from chalicelib.sales.totals import MAX_LINES
    from chalicelib.stock import ledger
    from tests.support import adjust_points, submitted_sale

    customer = customer_with_points(till, 100)
    assert adjust_points(till.tenant, customer, 20).status == 201
    customer_with_points(till, 1)  # another customer's points stay out of the write
    later = datetime.now(chalicelib.clock.UTC) + timedelta(days=400)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: later)
    assert adjust_points(till.tenant, customer, 30).status == 201
    assert adjust_points(till.tenant, customer, MAX_LINES * 100).status == 201
    lines = [{"product_id": till.product(), "quantity": 1} for _ in range(MAX_LINES)]
    sale = submitted_sale(till.tenant, till.store, lines, by=till.seller, customer_id=customer)
    sizes: list[int] = []
    commit = Tx.commit

    def counted(tx: Tx) -> None:
        sizes.append(tx.size)
        commit(tx)

    monkeypatch.setattr(Tx, "commit", counted)
    paid = till.pay(sale["id"], sale["total"], "LOYALTY")
    monkeypatch.setattr(Tx, "commit", commit)
    assert paid.status == 201 and paid.json["sale"]["status"] == "PAID", paid
    expected = payments.FIXED_ACTIONS + loyalty.REDEEM_ACTIONS + MAX_LINES * ledger.ACTIONS_PER_LINE
    assert max(sizes) == expected == 87
    kinds = [(e["type"], e["points"]) for e in loyalty_ledger(till.tenant, customer)][:2]
    assert kinds == [("REDEEM", -MAX_LINES * 100), ("EXPIRE", -120)]
    assert ledger_adds_up(till.tenant, customer) == 30
