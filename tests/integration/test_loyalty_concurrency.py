"""Cashiers redeeming one customer's points at once on Amazon DynamoDB Local: the points never
go below 0 (each redemption is a condition of its payment's write), and the points ledger adds
up to the customer's `loyalty_points`; a failure in the middle of a LOYALTY payment leaves the
sale, the shift and the points as they were."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support import (
    CreditTill,
    HttpApi,
    customer_with_points,
    ledger_adds_up,
    loyalty_ledger,
    loyalty_till,
)
from tests.support.failures import MID_PAYMENT_FAILURES, payment_failing_at_commit


def _race(till: CreditTill, sales: list[str], amount: int) -> list[tuple[int, str | None]]:
    def pay(index: int) -> tuple[int, str | None]:
        cashier = till.cashiers[index % len(till.cashiers)]
        reply = till.pay(sales[index], amount, "LOYALTY", cashier=cashier)
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=len(sales)) as pool:
        return list(pool.map(pay, range(len(sales))))


def test_loyalty_payments_at_once_never_take_points_below_zero(live_api: HttpApi) -> None:
    till = loyalty_till(live_api, cashiers=6)
    customer = customer_with_points(till, 500)
    product = till.product()
    sales = [till.sale(customer, 2000, product) for _ in range(6)]
    outcomes = _race(till, sales, 2000)  # 200 points each: at most 2 of 6 fit in 500
    won = outcomes.count((201, None))
    assert won == 2, outcomes
    assert outcomes.count((409, "INSUFFICIENT_POINTS")) == 4, outcomes
    assert ledger_adds_up(till.tenant, customer) == 100
    entries = loyalty_ledger(till.tenant, customer)
    for n, entry in enumerate(entries):  # newest first: each is the sum up to it
        assert entry["balance_after"] == sum(e["points"] for e in entries[n:]), entries
        assert entry["balance_after"] >= 0


def test_redemptions_and_adjustments_racing_add_up(live_api: HttpApi) -> None:
    till = loyalty_till(live_api, cashiers=4)
    customer = customer_with_points(till, 400)
    product = till.product()
    sales = [till.sale(customer, 1000, product) for _ in range(4)]

    def act(index: int) -> int:
        if index % 2:
            body = {"points": 50, "reason": f"bonus {index}"}
            path = f"/v1/customers/{customer}/loyalty-adjustments"
            return till.tenant.post(path, body).status
        cashier = till.cashiers[index % len(till.cashiers)]
        return till.pay(sales[index // 2], 1000, "LOYALTY", cashier=cashier).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(act, range(8)))
    assert statuses.count(201) == 8, statuses
    assert ledger_adds_up(till.tenant, customer) == 400 - 4 * 100 + 4 * 50


@MID_PAYMENT_FAILURES
def test_a_failure_mid_loyalty_payment_leaves_sale_shift_and_points_unchanged(
    live_api: HttpApi, code: str, reasons: Any, status: int
) -> None:
    till = loyalty_till(live_api, cashiers=1)
    customer = customer_with_points(till, 300)
    sale = till.sale(customer, 3000)
    payment_failing_at_commit(till, sale, 3000, "LOYALTY", (code, reasons, status))
    assert ledger_adds_up(till.tenant, customer) == 300
    assert [e["type"] for e in loyalty_ledger(till.tenant, customer)] == ["ADJUST"]
    retried = till.pay(sale, 3000, "LOYALTY")
    assert retried.status == 201 and retried.json["sale"]["status"] == "PAID", retried
    assert ledger_adds_up(till.tenant, customer) == 0
