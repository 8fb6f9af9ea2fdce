"""Instalment schedules: for what a sale charged (one per sale) or for unscheduled debt;
repayments settle the oldest unpaid instalments first across schedules; an instalment past due
makes the account overdue and, while `credit.block_when_overdue`, blocks new CREDIT payments in
the payment's own write."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support import CreditTill, Reply, Stack, adjust_credit, credit_ledger, credit_till


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return credit_till(stack.api)


def _today() -> date:
    return datetime.now(ZoneInfo("Africa/Douala")).date()


def _day(offset: int) -> str:
    return (_today() + timedelta(days=offset)).isoformat()


def _schedule(till: CreditTill, account: str, plan: list[tuple[int, int]], **extra: Any) -> Reply:
    body = {"installments": [{"due_date": _day(d), "amount": a} for d, a in plan], **extra}
    return till.tenant.post(f"/v1/credit-accounts/{account}/schedules", body)


def _credit_sale(till: CreditTill, limit: int, total: int) -> tuple[str, str, str]:
    customer, account = till.customer(limit=limit)
    sale = till.sale(customer, total)
    assert till.pay(sale, total).status == 201
    return customer, str(account), sale


def _repay(till: CreditTill, account: str, amount: int) -> Reply:
    body = {"amount": amount, "method": "MOBILE_MONEY", "reference": "MP-1"}
    return till.tenant.post(f"/v1/credit-accounts/{account}/repayments", body)


def test_a_sale_gets_one_schedule_adding_up_to_what_it_charged(till: CreditTill) -> None:
    _, account, sale = _credit_sale(till, 10000, 3000)
    assert _schedule(till, account, [(30, 1000), (60, 1000)], sale_id=sale).status == 422
    assert _schedule(till, account, [(30, 2000), (10, 1000)], sale_id=sale).status == 422
    made = _schedule(till, account, [(30, 1000), (60, 2000)], sale_id=sale)
    assert made.status == 201, made
    assert [i["status"] for i in made.json["installments"]] == ["DUE", "DUE"]
    assert made.json["sale_id"] == sale
    again = _schedule(till, account, [(30, 1000), (60, 2000)], sale_id=sale)
    assert again.status == 409, again
    stored = till.account(account)
    assert stored["next_due_date"] == _day(30) and stored["overdue_amount"] == 0
    listed = till.tenant.get(f"/v1/credit-accounts/{account}/schedules").json["items"]
    assert [s["id"] for s in listed] == [made.json["id"]]


def test_unscheduled_debt_takes_at_most_what_no_schedule_covers(till: CreditTill) -> None:
    _, account = till.customer(limit=1000)
    adjust_credit(till.tenant, str(account), 5000, "Cahier")
    assert _schedule(till, str(account), [(10, 3000)]).status == 201
    assert _schedule(till, str(account), [(20, 2001)]).status == 422
    assert _schedule(till, str(account), [(20, 2000)]).status == 201


def test_a_repayment_settles_the_oldest_instalments_first_across_schedules(
    till: CreditTill,
) -> None:
    _, account, sale = _credit_sale(till, 20000, 4000)
    adjust_credit(till.tenant, account, 3000, "Cahier")
    by_sale = _schedule(till, account, [(10, 2000), (40, 2000)], sale_id=sale).json["id"]
    other = _schedule(till, account, [(20, 3000)]).json["id"]
    repaid = _repay(till, account, 4500)
    assert repaid.status == 201, repaid
    assert repaid.json["allocations"] == [
        {"schedule_id": by_sale, "due_date": _day(10), "amount": 2000},
        {"schedule_id": other, "due_date": _day(20), "amount": 2500},
    ]
    assert repaid.json["account"]["next_due_date"] == _day(20)
    listed = {
        s["id"]: s
        for s in till.tenant.get(f"/v1/credit-accounts/{account}/schedules").json["items"]
    }
    assert [i["status"] for i in listed[by_sale]["installments"]] == ["PAID", "DUE"]
    assert listed[other]["installments"][0]["paid"] == 2500
    assert till.account(account)["balance"] == 2500


def test_an_instalment_past_due_blocks_credit_in_the_payments_write(till: CreditTill) -> None:
    customer, account, sale = _credit_sale(till, 20000, 2000)
    made = _schedule(till, account, [(-3, 1000), (10, 1000)], sale_id=sale)
    assert made.status == 201 and made.json["installments"][0]["status"] == "OVERDUE", made
    stored = till.account(account)
    assert (stored["overdue_amount"], stored["overdue_since"]) == (1000, _day(-2))
    overdue = till.tenant.get("/v1/credit-accounts?overdue=true").json["items"]
    assert account in {a["id"] for a in overdue}
    next_sale = till.sale(customer, 1000)
    refused = till.pay(next_sale, 1000)
    assert refused.status == 409 and refused.json["code"] == "CREDIT_BLOCKED", refused
    settings = till.tenant.get("/v1/tenant").json
    relaxed = till.tenant.patch(
        "/v1/tenant", {"version": settings["version"], "credit": {"block_when_overdue": False}}
    )
    assert relaxed.status == 200
    try:
        assert till.pay(next_sale, 500).status == 201
    finally:
        strict = {"version": relaxed.json["version"], "credit": {"block_when_overdue": True}}
        assert till.tenant.patch("/v1/tenant", strict).status == 200
    assert till.pay(next_sale, 500).json["code"] == "CREDIT_BLOCKED"
    assert _repay(till, account, 1000).status == 201  # the overdue instalment is paid
    assert till.account(account)["overdue_amount"] == 0
    assert till.pay(next_sale, 500).status == 201
    assert sum(e["amount"] for e in credit_ledger(till.tenant, account)) == 2000


def test_a_refund_lowers_the_sales_last_instalments_first(till: CreditTill) -> None:
    customer, account = till.customer(limit=20000)
    product = till.product()
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 3000).status == 201
    schedule = _schedule(till, str(account), [(10, 1500), (40, 1500)], sale_id=sale).json["id"]
    body = {"lines": [{"product_id": product, "quantity": 2}], "method": "CREDIT"}
    assert till.tenant.post(f"/v1/sales/{sale}/refunds", body).status == 201
    listed = till.tenant.get(f"/v1/credit-accounts/{account}/schedules").json["items"]
    assert [i["amount"] for i in listed[0]["installments"]] == [1000, 0]
    assert listed[0]["id"] == schedule
    assert till.account(str(account))["balance"] == 1000
