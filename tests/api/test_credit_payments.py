"""The CREDIT tender: the payment, its CHARGE entry and the account's new balance in the
payment's one write; 422 without a customer or an account, 409 CREDIT_LIMIT_EXCEEDED and
CREDIT_BLOCKED, nothing written on a refusal, a retried payment charged once."""

from __future__ import annotations

import pytest

from tests.support import CreditTill, Stack, credit_ledger, credit_till, submitted_sale


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return credit_till(stack.api)


def _shift(till: CreditTill) -> dict[str, object]:
    shifts = till.tenant.get(f"/v1/cash-shifts?store_id={till.store}&status=OPEN").json["items"]
    return next(s for s in shifts if s["cashier_id"] == till.cashier.id)


def test_a_credit_payment_charges_the_account_in_the_payments_write(till: CreditTill) -> None:
    customer, account = till.customer(limit=10000)
    assert account is not None
    sale = till.sale(customer, 6000)
    before = _shift(till)
    first = till.pay(sale, 4000)
    assert first.status == 201, first
    assert first.json["payment"]["method"] == "CREDIT"
    assert first.json["sale"]["status"] == "PARTIALLY_PAID"
    assert till.account(account)["balance"] == 4000
    last = till.pay(sale, 2000)
    assert last.status == 201, last
    assert last.json["sale"]["status"] == "PAID" and last.json["sale"]["balance_due"] == 0
    stored = till.account(account)
    assert (stored["balance"], stored["available_credit"]) == (6000, 4000)
    entries = credit_ledger(till.tenant, account)
    assert [(e["type"], e["amount"], e["balance_after"]) for e in entries] == [
        ("CHARGE", 2000, 6000),
        ("CHARGE", 4000, 4000),
    ]
    assert {e["sale_id"] for e in entries} == {sale}
    assert entries[0]["reference"] == last.json["payment"]["id"]
    after = _shift(till)
    assert after["totals"]["CREDIT"] - before["totals"]["CREDIT"] == 6000  # type: ignore[index]
    assert after["expected_cash"] == before["expected_cash"]  # no cash moved
    assert after["payments_count"] == before["payments_count"] + 2  # type: ignore[operator]


def test_a_sale_without_a_customer_is_422(till: CreditTill) -> None:
    sale = till.sale(None, 1000)
    refused = till.pay(sale, 1000)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "method", refused
    assert till.tenant.get(f"/v1/sales/{sale}").json["paid_total"] == 0


def test_a_customer_without_an_account_is_422(till: CreditTill) -> None:
    customer, _ = till.customer()
    sale = till.sale(customer, 1000)
    refused = till.pay(sale, 1000)
    assert refused.status == 422 and "no credit account" in refused.json["detail"], refused


def test_more_than_the_available_credit_is_409_and_nothing_changes(till: CreditTill) -> None:
    customer, account = till.customer(limit=5000)
    assert account is not None
    sale = till.sale(customer, 8000)
    before = _shift(till)
    refused = till.pay(sale, 5001)
    assert refused.status == 409 and refused.json["code"] == "CREDIT_LIMIT_EXCEEDED", refused
    assert till.account(account)["balance"] == 0
    assert credit_ledger(till.tenant, account) == []
    assert till.tenant.get(f"/v1/sales/{sale}").json["paid_total"] == 0
    assert _shift(till)["payments_count"] == before["payments_count"]
    assert till.pay(sale, 5000).status == 201
    assert till.pay(sale, 1).json["code"] == "CREDIT_LIMIT_EXCEEDED"
    rest = till.pay(sale, 3000, "CARD")
    assert rest.status == 201 and rest.json["sale"]["status"] == "PAID"


def test_a_suspended_account_is_409_credit_blocked(till: CreditTill) -> None:
    customer, account = till.customer(limit=5000)
    path = f"/v1/credit-accounts/{account}"
    assert till.tenant.patch(path, {"version": 1, "status": "SUSPENDED"}).status == 200
    sale = till.sale(customer, 1000)
    refused = till.pay(sale, 1000)
    assert refused.status == 409 and refused.json["code"] == "CREDIT_BLOCKED", refused
    assert till.tenant.patch(path, {"version": 2, "status": "ACTIVE"}).status == 200
    assert till.pay(sale, 1000).status == 201


def test_a_limit_lowered_below_the_balance_allows_no_new_charge(till: CreditTill) -> None:
    customer, account = till.customer(limit=5000)
    assert till.pay(till.sale(customer, 3000), 3000).status == 201
    path = f"/v1/credit-accounts/{account}"
    lowered = till.tenant.patch(path, {"version": 1, "credit_limit": 2000})
    assert lowered.status == 200 and lowered.json["available_credit"] == 0
    refused = till.pay(till.sale(customer, 1000), 1000)
    assert refused.json["code"] == "CREDIT_LIMIT_EXCEEDED", refused


def test_a_retried_credit_payment_is_charged_once(till: CreditTill) -> None:
    customer, account = till.customer(limit=3000)
    assert account is not None
    sale = till.sale(customer, 3000)
    headers = {"Idempotency-Key": "credit-retry-1"}
    first = till.pay(sale, 3000, headers=headers)
    again = till.pay(sale, 3000, headers=headers)
    assert (first.status, again.status) == (201, 201), again
    assert again.json["payment"]["id"] == first.json["payment"]["id"]
    assert till.account(account)["balance"] == 3000
    assert len(credit_ledger(till.tenant, account)) == 1


def test_a_payment_replayed_by_its_id_answers_even_once_the_account_is_full(
    till: CreditTill,
) -> None:
    """The first attempt used all the credit; its replay is answered with the stored payment,
    not refused by the limit it already counts in."""
    customer, account = till.customer(limit=2000)
    sale = till.sale(customer, 5000)
    body = {"id": "01JD3Q5X8M2N4P6R8T0V2CREDT"}
    first = till.pay(sale, 2000, **body)
    again = till.pay(sale, 2000, **body)
    assert first.status == 201, first
    assert again.status in (200, 201) and again.json["payment"] == first.json["payment"], again
    assert till.account(str(account))["balance"] == 2000
    other = till.pay(sale, 1000, id="01JD3Q5X8M2N4P6R8T0V2CREDV")
    assert other.json["code"] == "CREDIT_LIMIT_EXCEEDED", other


def test_the_final_credit_payment_of_a_sale_at_the_line_cap_is_one_write_of_86_actions(
    till: CreditTill, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The actions the write really holds are the ones the cap is derived from
    (tests/unit/test_payment_limits.py)."""
    from chalicelib import credit
    from chalicelib.cashier import payments
    from chalicelib.db.base import Tx
    from chalicelib.sales.totals import MAX_LINES
    from chalicelib.stock import ledger

    customer, account = till.customer(limit=MAX_LINES * 1000)
    lines = [{"product_id": till.product(), "quantity": 1} for _ in range(MAX_LINES)]
    sale = submitted_sale(till.tenant, till.store, lines, by=till.seller, customer_id=customer)
    sizes: list[int] = []
    commit = Tx.commit

    def counted(tx: Tx) -> None:
        sizes.append(tx.size)
        commit(tx)

    monkeypatch.setattr(Tx, "commit", counted)
    paid = till.pay(sale["id"], sale["total"])
    monkeypatch.undo()
    assert paid.status == 201 and paid.json["sale"]["status"] == "PAID", paid
    expected = payments.FIXED_ACTIONS + credit.CHARGE_ACTIONS + MAX_LINES * ledger.ACTIONS_PER_LINE
    assert max(sizes) == expected == 86
    assert till.account(str(account))["balance"] == MAX_LINES * 1000


def test_the_receipt_names_the_credit_payment_in_the_tenants_language(till: CreditTill) -> None:
    customer, _ = till.customer(limit=5000)
    sale = till.sale(customer, 2000)
    assert till.pay(sale, 2000).status == 201
    receipt = till.tenant.get(f"/v1/sales/{sale}/receipt?format=html")
    assert receipt.status == 200, receipt
    assert "Crédit (compte client)" in receipt.body.decode()
