"""Refunds and cancellations of sales paid on credit give the amount back as a REFUND entry in
the same write: at most what the sale charged and the account's balance (422 beyond)."""

from __future__ import annotations

import pytest

from tests.support import CreditTill, Stack, adjust_credit, credit_ledger, credit_till


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return credit_till(stack.api)


def test_a_refund_of_a_credit_sale_lowers_the_balance(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    product = till.product()
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 3000).status == 201
    refund = till.refund(sale, product, 1)
    assert refund.status == 201, refund
    assert refund.json["methods"][0]["method"] == "CREDIT"
    assert till.account(str(account))["balance"] == 2000
    entries = credit_ledger(till.tenant, str(account))
    newest = entries[0]
    assert (newest["type"], newest["amount"], newest["balance_after"]) == ("REFUND", -1000, 2000)
    assert newest["sale_id"] == sale
    assert sum(e["amount"] for e in entries) == 2000


def test_a_refund_by_credit_takes_at_most_what_the_sale_charged(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    product = till.product()
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 1000).status == 201
    assert till.pay(sale, 2000, "CARD").status == 201
    refused = till.refund(sale, product, 2, method="CREDIT")
    assert refused.status == 422, refused
    assert till.tenant.get(f"/v1/sales/{sale}").json["refunded_total"] == 0
    assert till.refund(sale, product, 1, method="CREDIT").status == 201
    assert till.refund(sale, product, 1, method="CREDIT").status == 422
    assert till.refund(sale, product, 1, method="CARD").status == 201
    assert till.account(str(account))["balance"] == 0


def test_a_refund_by_credit_takes_at_most_the_balance(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    product = till.product()
    sale = till.sale(customer, 2000, product)
    assert till.pay(sale, 2000).status == 201
    adjust_credit(till.tenant, str(account), -1500, "Goodwill")
    refused = till.refund(sale, product, 1, method="CREDIT")
    assert refused.status == 422, refused
    assert till.account(str(account))["balance"] == 500


def test_a_cancellation_gives_back_every_credit_payment(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    sale = till.sale(customer, 5000)
    assert till.pay(sale, 1000).status == 201
    assert till.pay(sale, 1500).status == 201
    assert till.pay(sale, 500, "CARD").status == 201
    cancelled = till.tenant.post(f"/v1/sales/{sale}/cancel", {"reason": "client parti"})
    assert cancelled.status == 200 and cancelled.json["status"] == "CANCELLED", cancelled
    assert till.account(str(account))["balance"] == 0
    entries = credit_ledger(till.tenant, str(account))
    assert [(e["type"], e["amount"]) for e in entries] == [
        ("REFUND", -2500),
        ("CHARGE", 1500),
        ("CHARGE", 1000),
    ]


def test_what_a_sale_still_owes_on_credit_is_refunded_by_credit_first(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    product = till.product()
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 1000, "CARD").status == 201
    assert till.pay(sale, 2000).status == 201
    refused = till.refund(sale, product, 2, method="CARD")
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "method", refused
    assert till.refund(sale, product, 1, method="CARD").status == 201
    assert till.refund(sale, product, 1, method="CARD").status == 422
    assert till.account(str(account))["balance"] == 2000


def test_only_what_the_customer_repaid_goes_back_by_another_method(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    product = till.product()
    sale = till.sale(customer, 3000, product)
    assert till.pay(sale, 3000).status == 201
    assert till.refund(sale, product, 1, method="CARD").status == 422  # nothing repaid yet
    repay = {"amount": 1000, "method": "MOBILE_MONEY", "reference": "MP-2"}
    assert till.tenant.post(f"/v1/credit-accounts/{account}/repayments", repay).status == 201
    refunded = till.refund(sale, product, 1, method="CARD")  # the 1 000 repaid goes back
    assert refunded.status == 201, refunded
    assert till.refund(sale, product, 1, method="CARD").status == 422  # 2 000 still owed
    assert till.refund(sale, product, 1, method="CREDIT").status == 201
    assert till.account(str(account))["balance"] == 1000


def test_a_cancellation_gives_back_as_cash_what_was_repaid_of_its_credit(
    till: CreditTill,
) -> None:
    customer, account = till.customer(limit=10000)
    sale = till.sale(customer, 5000)
    assert till.pay(sale, 2000).status == 201
    repay = {"amount": 1500, "method": "CASH", "store_id": till.store}
    repaid = till.tenant.post(
        f"/v1/credit-accounts/{account}/repayments", repay, token=till.cashier.token
    )
    assert repaid.status == 201, repaid
    shifts = f"/v1/cash-shifts?store_id={till.store}&status=OPEN"
    before = till.tenant.get(shifts).json["items"][0]
    cancelled = till.tenant.post(f"/v1/sales/{sale}/cancel", {"reason": "client parti"})
    assert cancelled.status == 200, cancelled
    assert till.account(str(account))["balance"] == 0
    entries = credit_ledger(till.tenant, str(account))
    assert (entries[0]["type"], entries[0]["amount"]) == ("REFUND", -500)
    after = till.tenant.get(shifts).json["items"][0]
    assert after["cash_refunds"] - before["cash_refunds"] == 1500
    assert after["expected_cash"] == before["expected_cash"] - 1500
