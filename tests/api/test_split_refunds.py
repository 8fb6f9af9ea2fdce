"""A refund that names no method goes back the way the sale was paid: what the sale still owes
on credit by CREDIT, what was paid with points by LOYALTY, the rest by the sale's other method,
so that a unit paid partly on credit or with points can be refunded in one refund."""

from __future__ import annotations

import pytest

from tests.support import (
    CreditTill,
    Reply,
    Stack,
    credit_ledger,
    customer_with_points,
    loyalty_till,
)


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return loyalty_till(stack.api)


def _cash_refunds(till: CreditTill) -> int:
    shifts = till.tenant.get(f"/v1/cash-shifts?store_id={till.store}&status=OPEN").json["items"]
    return int(next(s for s in shifts if s["cashier_id"] == till.cashier.id)["cash_refunds"])


def _methods(refund: Reply) -> dict[str, int]:
    return {part["method"]: part["amount"] for part in refund.json["methods"]}


def test_a_unit_paid_with_points_and_cash_goes_back_both_ways(till: CreditTill) -> None:
    customer = customer_with_points(till, 50)
    product = till.product(price=1000)
    sale = till.sale(customer, 1000, product)
    assert till.pay(sale, 500, "LOYALTY").status == 201
    assert till.pay(sale, 500, "CASH", tendered=500).status == 201
    assert till.refund(sale, product, 1, method="LOYALTY").status == 422  # 500 by points
    before = _cash_refunds(till)
    refund = till.refund(sale, product, 1)
    assert refund.status == 201, refund
    assert _methods(refund) == {"LOYALTY": 500, "CASH": 500}
    assert _cash_refunds(till) - before == 500
    refunded = till.tenant.get(f"/v1/sales/{sale}").json
    assert (refunded["status"], refunded["refunded_total"]) == ("REFUNDED", 1000)


def test_a_unit_paid_on_credit_and_in_cash_goes_back_both_ways(till: CreditTill) -> None:
    customer, account = till.customer(limit=50_000)
    product = till.product(price=1000)
    sale = till.sale(customer, 1000, product)
    assert till.pay(sale, 500).status == 201
    assert till.pay(sale, 500, "CASH", tendered=500).status == 201
    assert till.refund(sale, product, 1, method="CREDIT").status == 422
    assert till.refund(sale, product, 1, method="CASH").status == 422
    before = _cash_refunds(till)
    refund = till.refund(sale, product, 1)
    assert refund.status == 201, refund
    assert _methods(refund) == {"CREDIT": 500, "CASH": 500}
    assert _cash_refunds(till) - before == 500
    assert till.account(str(account))["balance"] == 0
    newest = credit_ledger(till.tenant, str(account))[0]
    assert (newest["type"], newest["amount"], newest["balance_after"]) == ("REFUND", -500, 0)


def test_credit_the_customer_repaid_goes_back_as_cash(till: CreditTill) -> None:
    customer, account = till.customer(limit=50_000)
    product = till.product(price=1000)
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 3000).status == 201
    repay = {"amount": 1000, "method": "MOBILE_MONEY", "reference": "MP-7"}
    assert till.tenant.post(f"/v1/credit-accounts/{account}/repayments", repay).status == 201
    first = till.refund(sale, product, 2)
    assert first.status == 201, first
    assert _methods(first) == {"CREDIT": 2000}
    takings = till.sale(None, 1000, product)  # cash in the drawer for what goes back as cash
    assert till.pay(takings, 1000, "CASH", tendered=1000).status == 201
    before = _cash_refunds(till)
    last = till.refund(sale, product, 1)
    assert last.status == 201, last
    assert _methods(last) == {"CASH": 1000}
    assert _cash_refunds(till) - before == 1000
    assert till.account(str(account))["balance"] == 0


def test_money_goes_back_by_each_method_at_most_what_it_took(till: CreditTill) -> None:
    product = till.product(price=1000)
    sale = till.sale(None, 2000, product)
    assert till.pay(sale, 500, "CARD").status == 201
    assert till.pay(sale, 1500, "CASH", tendered=1500).status == 201
    before = _cash_refunds(till)
    first = till.refund(sale, product, 1)
    assert first.status == 201, first
    assert _methods(first) == {"CARD": 500, "CASH": 500}
    last = till.refund(sale, product, 1)
    assert last.status == 201, last
    assert _methods(last) == {"CASH": 1000}  # the card gave back all it took
    assert _cash_refunds(till) - before == 1500
