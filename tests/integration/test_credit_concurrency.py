"""Cashiers charging one credit account at once on Amazon DynamoDB Local: the limit holds
(each charge is a condition of its payment's write), and the ledger adds up to the balance."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support import CreditTill, HttpApi, credit_ledger, credit_till
from tests.support.failures import MID_PAYMENT_FAILURES, payment_failing_at_commit


def _race(till: CreditTill, sales: list[str], amount: int) -> list[tuple[int, str | None]]:
    def pay(index: int) -> tuple[int, str | None]:
        cashier = till.cashiers[index % len(till.cashiers)]
        reply = till.pay(sales[index], amount, cashier=cashier)
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=len(sales)) as pool:
        return list(pool.map(pay, range(len(sales))))


def _adds_up(till: CreditTill, account: str) -> int:
    balance = int(till.account(account)["balance"])
    entries = credit_ledger(till.tenant, account)
    assert sum(e["amount"] for e in entries) == balance
    for n, entry in enumerate(entries):  # newest first: each is the sum up to it
        assert entry["balance_after"] == sum(e["amount"] for e in entries[n:]), entries
    return balance


def test_two_credit_payments_at_once_cannot_both_pass_the_limit(live_api: HttpApi) -> None:
    till = credit_till(live_api, cashiers=2)
    product = till.product()
    for _ in range(5):
        customer, account = till.customer(limit=3000)
        assert account is not None
        sales = [till.sale(customer, 2000, product) for _ in range(2)]
        outcomes = _race(till, sales, 2000)
        assert sorted(outcomes) == [(201, None), (409, "CREDIT_LIMIT_EXCEEDED")], outcomes
        assert _adds_up(till, account) == 2000


def test_eight_cashiers_charging_an_account_of_ten_thousand(live_api: HttpApi) -> None:
    till = credit_till(live_api, cashiers=8)
    customer, account = till.customer(limit=10000)
    assert account is not None
    product = till.product()
    sales = [till.sale(customer, 2000, product) for _ in range(8)]
    outcomes = _race(till, sales, 2000)
    won = outcomes.count((201, None))
    assert won == 5, outcomes
    assert outcomes.count((409, "CREDIT_LIMIT_EXCEEDED")) == 3, outcomes
    assert _adds_up(till, account) == 2000 * won <= 10000
    paid = [till.tenant.get(f"/v1/sales/{sale}").json["status"] for sale in sales]
    assert paid.count("PAID") == won


def test_repayments_at_once_never_take_the_balance_below_zero(live_api: HttpApi) -> None:
    till = credit_till(live_api, cashiers=1)
    customer, account = till.customer(limit=10000)
    assert account is not None
    assert till.pay(till.sale(customer, 5000), 5000).status == 201

    def repay(index: int) -> tuple[int, str | None]:
        body = {"amount": 2000, "method": "MOBILE_MONEY", "reference": f"MP-{index}"}
        reply = till.tenant.post(f"/v1/credit-accounts/{account}/repayments", body)
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(repay, range(6)))
    assert outcomes.count((201, None)) == 2, outcomes
    assert outcomes.count((422, "VALIDATION_ERROR")) == 4, outcomes
    assert _adds_up(till, account) == 1000


def test_charges_and_repayments_racing_add_up(live_api: HttpApi) -> None:
    till = credit_till(live_api, cashiers=4)
    customer, account = till.customer(limit=6000)
    assert account is not None
    product = till.product()
    assert till.pay(till.sale(customer, 4000, product), 4000).status == 201
    sales = [till.sale(customer, 2000, product) for _ in range(4)]

    def move(index: int) -> int:
        if index % 2:
            body = {"amount": 1000, "method": "CARD"}
            reply = till.tenant.post(f"/v1/credit-accounts/{account}/repayments", body)
        else:
            reply = till.pay(sales[index // 2], 2000, cashier=till.cashiers[index % 4])
        assert reply.status in (201, 409), reply
        return reply.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(move, range(8)))
    balance = _adds_up(till, account)
    assert 0 <= balance <= 6000


@MID_PAYMENT_FAILURES
def test_a_failure_mid_credit_payment_leaves_sale_shift_and_account_unchanged(
    live_api: HttpApi, code: str, reasons: Any, status: int
) -> None:
    till = credit_till(live_api, cashiers=1)
    customer, account = till.customer(limit=10000)
    assert account is not None
    sale = till.sale(customer, 3000)
    payment_failing_at_commit(till, sale, 3000, "CREDIT", (code, reasons, status))
    assert till.account(account)["balance"] == 0 and credit_ledger(till.tenant, account) == []
    assert till.tenant.get(f"/v1/payments?sale_id={sale}").json["items"] == []
    retried = till.pay(sale, 3000)
    assert retried.status == 201 and retried.json["sale"]["status"] == "PAID", retried
    assert _adds_up(till, account) == 3000
