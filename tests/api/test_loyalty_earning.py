"""Points earned from the stream when a sale with a customer becomes PAID, exactly once per
sale however often the stream delivers it; REVERSE on refunds, RESTORE of points paid with."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support import (
    CreditTill,
    Stack,
    customer_with_points,
    ledger_adds_up,
    loyalty_ledger,
    loyalty_till,
    points_of,
)

Drain = Callable[[], int]


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return loyalty_till(stack.api)


def _paid(till: CreditTill, customer: str | None, total: int, product: str) -> str:
    sale = till.sale(customer, total, product)
    assert till.pay(sale, total, "CASH", tendered=total).status == 201
    return sale


def test_a_paid_sale_earns_its_points_once_from_the_stream(till: CreditTill, drain: Drain) -> None:
    customer, _ = till.customer()
    sale = _paid(till, customer, 12000, till.product())
    drain()
    assert ledger_adds_up(till.tenant, customer) == 12
    earned = loyalty_ledger(till.tenant, customer)
    assert [(e["type"], e["points"], e["sale_id"]) for e in earned] == [("EARN", 12, sale)]
    assert earned[0]["expires_on"] is not None
    assert points_of(till.tenant, customer)["expiring"] == []  # a year away
    drain()
    assert ledger_adds_up(till.tenant, customer) == 12


def test_replaying_the_stream_leaves_points_unchanged(
    stack: Stack, till: CreditTill, drain: Drain
) -> None:
    customer, _ = till.customer()
    product = till.product()
    drain()
    replay = stack.replay_from_now()
    sale = _paid(till, customer, 5000, product)
    assert till.refund(sale, product, 2, method="CASH").status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 3
    assert replay.drain() > 0
    assert ledger_adds_up(till.tenant, customer) == 3
    kinds = [e["type"] for e in loyalty_ledger(till.tenant, customer)]
    assert kinds == ["REVERSE", "EARN"]


def test_a_sale_without_a_customer_earns_nothing(till: CreditTill, drain: Drain) -> None:
    _paid(till, None, 3000, till.product())
    assert drain() >= 0  # nothing to credit, and nothing fails


def test_a_part_paid_with_points_earns_nothing(till: CreditTill, drain: Drain) -> None:
    customer = customer_with_points(till, 200)
    sale = till.sale(customer, 3000)
    assert till.pay(sale, 2000, "LOYALTY").status == 201
    assert till.pay(sale, 1000, "CASH", tendered=1000).status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 1  # 200 - 200 + floor(1000 / 1000)


def test_a_refund_takes_back_what_it_no_longer_earns(till: CreditTill, drain: Drain) -> None:
    customer, _ = till.customer()
    product = till.product()
    sale = _paid(till, customer, 10000, product)
    drain()
    assert ledger_adds_up(till.tenant, customer) == 10
    assert till.refund(sale, product, 3, method="CASH").status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 7
    newest = loyalty_ledger(till.tenant, customer)[0]
    assert (newest["type"], newest["points"], newest["sale_id"]) == ("REVERSE", -3, sale)


def test_a_reversal_never_takes_points_below_0(till: CreditTill, drain: Drain) -> None:
    customer, _ = till.customer()
    product = till.product()
    sale = _paid(till, customer, 5000, product)
    drain()
    spend = till.sale(customer, 5000)
    assert till.pay(spend, 50, "LOYALTY").status == 201  # all 5 points spent
    assert till.refund(sale, product, 5, method="CASH").status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 0


def test_a_refund_by_loyalty_gives_the_points_back(till: CreditTill, drain: Drain) -> None:
    customer = customer_with_points(till, 100)
    product = till.product()
    sale = till.sale(customer, 2000, product)
    assert till.pay(sale, 1000, "LOYALTY").status == 201
    assert till.pay(sale, 1000, "CASH", tendered=1000).status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 1
    assert till.refund(sale, product, 1, method="LOYALTY").status == 201
    drain()
    assert ledger_adds_up(till.tenant, customer) == 101
    newest = loyalty_ledger(till.tenant, customer)[0]
    assert (newest["type"], newest["points"]) == ("RESTORE", 100)
    too_much = till.refund(sale, product, 1, method="LOYALTY")
    assert too_much.status == 422 and too_much.json["errors"][0]["field"] == "method"


def test_a_cancelled_sale_gives_back_the_points_it_was_paid_with(
    till: CreditTill, drain: Drain
) -> None:
    customer = customer_with_points(till, 100)
    sale = till.sale(customer, 3000)
    assert till.pay(sale, 500, "LOYALTY").status == 201
    assert ledger_adds_up(till.tenant, customer) == 50
    cancelled = till.tenant.post(f"/v1/sales/{sale}/cancel", {"reason": "client parti"})
    assert cancelled.status == 200, cancelled
    drain()
    assert ledger_adds_up(till.tenant, customer) == 100
    assert loyalty_ledger(till.tenant, customer)[0]["type"] == "RESTORE"
