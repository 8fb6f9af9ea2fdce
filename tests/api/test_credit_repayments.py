"""Repayments of credit accounts: a REPAYMENT entry and the new balance in one write, at most the
balance; CASH goes into the taker's own open shift, apart from its sales, and counts in the
drawer's expected cash."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import CreditTill, Reply, Stack, add_user, credit_ledger, credit_till


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return credit_till(stack.api)


def _owing(till: CreditTill, amount: int) -> str:
    customer, account = till.customer(limit=50000)
    assert till.pay(till.sale(customer, amount), amount).status == 201
    return str(account)


def _repay(till: CreditTill, account: str, amount: int, method: str, **extra: Any) -> Reply:
    token = extra.pop("token", till.cashier.token)
    body = {"amount": amount, "method": method, **extra}
    return till.tenant.post(f"/v1/credit-accounts/{account}/repayments", body, token=token)


def _shift(till: CreditTill) -> dict[str, Any]:
    shifts = till.tenant.get(f"/v1/cash-shifts?store_id={till.store}&status=OPEN").json["items"]
    return dict(next(s for s in shifts if s["cashier_id"] == till.cashier.id))


def test_a_mobile_money_repayment_lowers_the_balance(till: CreditTill) -> None:
    account = _owing(till, 5000)
    repaid = _repay(till, account, 2000, "MOBILE_MONEY", reference="MP241121.1305.A12345")
    assert repaid.status == 201, repaid
    entry = repaid.json["entry"]
    assert (entry["type"], entry["amount"], entry["balance_after"]) == ("REPAYMENT", -2000, 3000)
    assert (entry["method"], entry["reference"]) == ("MOBILE_MONEY", "MP241121.1305.A12345")
    assert repaid.json["account"]["balance"] == 3000 == till.account(account)["balance"]
    assert repaid.json["allocations"] == []
    entries = credit_ledger(till.tenant, account)
    assert sum(e["amount"] for e in entries) == 3000


def test_a_cash_repayment_goes_into_the_takers_shift(till: CreditTill) -> None:
    account = _owing(till, 4000)
    before = _shift(till)
    assert _repay(till, account, 1500, "CASH").status == 422  # which store's shift?
    repaid = _repay(till, account, 1500, "CASH", store_id=till.store)
    assert repaid.status == 201, repaid
    after = _shift(till)
    assert after["credit_repayments"] - before["credit_repayments"] == 1500
    assert after["expected_cash"] - before["expected_cash"] == 1500
    assert after["totals"] == before["totals"]  # not a sale
    assert after["payments_count"] == before["payments_count"]


def test_cash_needs_the_takers_own_open_shift(till: CreditTill) -> None:
    account = _owing(till, 3000)
    manager = add_user(till.tenant, "MANAGER", [till.store])
    refused = _repay(till, account, 1000, "CASH", store_id=till.store, token=manager.token)
    assert refused.status == 409 and refused.json["code"] == "SHIFT_REQUIRED", refused
    card = _repay(till, account, 1000, "CARD", token=manager.token)
    assert card.status == 201, card
    assert till.account(account)["balance"] == 2000


def test_a_repayment_is_at_most_the_balance(till: CreditTill) -> None:
    account = _owing(till, 2000)
    before = _shift(till)
    refused = _repay(till, account, 2001, "CASH", store_id=till.store)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "amount", refused
    assert _shift(till)["credit_repayments"] == before["credit_repayments"]
    assert _repay(till, account, 2000, "BANK_TRANSFER").status == 201
    assert till.account(account)["balance"] == 0
    assert _repay(till, account, 1, "CARD").status == 422


def test_a_seller_takes_no_repayment(till: CreditTill) -> None:
    account = _owing(till, 1000)
    refused = _repay(till, account, 1000, "CARD", token=till.seller.token)
    assert refused.status == 403


def test_the_closed_shift_reports_cash_repayments_apart(stack: Stack) -> None:
    till = credit_till(stack.api)
    account = _owing(till, 3000)
    assert _repay(till, account, 3000, "CASH", store_id=till.store).status == 201
    shift = _shift(till)
    closed = till.tenant.post(
        f"/v1/cash-shifts/{shift['id']}/close", {"counted_cash": 3000}, token=till.cashier.token
    )
    assert closed.status == 200, closed
    report = closed.json
    assert (report["credit_repayments"], report["expected_cash"], report["variance"]) == (
        3000,
        3000,
        0,
    )
    assert report["totals"]["CREDIT"] == 3000 and report["totals"]["CASH"] == 0
