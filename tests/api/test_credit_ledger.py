"""The credit ledger's writes (charge_sale, repay, refund_sale): each is one entry and the
account's new balance in the caller's write, the rules hold as conditions of that write even
when it was built on a stale read, and the entries add up to the balance."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib import errors
from chalicelib.credit import ledger
from chalicelib.credit import repository as repo
from chalicelib.credit.entries import CreditBlockedError
from chalicelib.retries import LostRaceError, retry_races
from tests.support import Tenant, add_credit_account, add_customer, credit_ledger

SALE, OTHER_SALE = "01JD00000000000000000SALE1", "01JD00000000000000000SALE2"


def _customer_account(tenant: Tenant, limit: int = 10000) -> tuple[str, dict[str, Any]]:
    customer = add_customer(tenant, "Mama Ngono")["id"]
    return customer, add_credit_account(tenant, customer, limit)


def _commit(written: ledger.LedgerWrite) -> ledger.LedgerWrite:
    repo.write([written.effect])
    return written


def _charge(tenant: Tenant, customer: str | None, amount: int, sale: str = SALE) -> Any:
    return ledger.charge_sale(tenant.id, customer, sale, amount, tenant.admin_id)


def _refund(tenant: Tenant, customer: str, amount: int, sale: str = SALE) -> Any:
    return ledger.refund_sale(tenant.id, customer, sale, amount, tenant.admin_id)


def _repay(tenant: Tenant, account_id: str, amount: int) -> Any:
    return ledger.repay(tenant.id, account_id, amount, tenant.admin_id, {"method": "CASH"})


def _stored(tenant: Tenant, account_id: str) -> dict[str, Any]:
    reply = tenant.get(f"/v1/credit-accounts/{account_id}")
    assert reply.status == 200, reply
    return dict(reply.json)


def _adds_up(tenant: Tenant, account_id: str) -> list[dict[str, Any]]:
    entries = credit_ledger(tenant, account_id)
    balance = _stored(tenant, account_id)["balance"]
    assert sum(e["amount"] for e in entries) == balance
    running = 0
    for entry in reversed(entries):
        running += entry["amount"]
        assert entry["balance_after"] == running, entries
    return entries


def test_charges_repayments_and_refunds_add_up_to_the_balance(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    charged = _commit(_charge(tenant, customer, 4000))
    assert (charged.entry.type, charged.entry.amount, charged.entry.balance_after) == (
        "CHARGE",
        4000,
        4000,
    )
    assert charged.entry.sale_id == SALE and charged.entry.method == "CREDIT"
    assert charged.account.balance == 4000 and charged.account.available_credit == 6000
    _commit(_charge(tenant, customer, 1500, OTHER_SALE))
    repaid = _commit(_repay(tenant, account["id"], 1000))
    assert (repaid.entry.type, repaid.entry.amount, repaid.entry.method) == (
        "REPAYMENT",
        -1000,
        "CASH",
    )
    refunded = _commit(_refund(tenant, customer, 2500))
    assert (refunded.entry.type, refunded.entry.amount) == ("REFUND", -2500)
    assert refunded.account.balance == 2000
    entries = _adds_up(tenant, account["id"])
    assert [e["type"] for e in entries] == ["REFUND", "REPAYMENT", "CHARGE", "CHARGE"]
    assert _stored(tenant, account["id"]) == refunded.account.model_dump()


def test_a_charge_above_the_available_credit_is_refused(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant, limit=5000)
    _commit(_charge(tenant, customer, 4000))
    with pytest.raises(errors.CreditLimitExceededError) as raised:
        _charge(tenant, customer, 1001)
    assert (raised.value.status, raised.value.code) == (409, "CREDIT_LIMIT_EXCEEDED")
    _commit(_charge(tenant, customer, 1000))
    assert _stored(tenant, account["id"])["available_credit"] == 0
    assert len(_adds_up(tenant, account["id"])) == 2


def test_a_suspended_account_takes_no_charge(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    suspended = tenant.patch(
        f"/v1/credit-accounts/{account['id']}", {"version": 1, "status": "SUSPENDED"}
    )
    assert suspended.status == 200, suspended
    with pytest.raises(CreditBlockedError) as raised:
        _charge(tenant, customer, 100)
    assert (raised.value.status, raised.value.code) == (409, "CREDIT_BLOCKED")
    assert _adds_up(tenant, account["id"]) == []


def test_a_sale_without_a_customer_or_an_account_is_422(tenant: Tenant) -> None:
    with pytest.raises(errors.ValidationError):
        _charge(tenant, None, 100)
    with pytest.raises(errors.ValidationError):
        _charge(tenant, add_customer(tenant, "Sans compte")["id"], 100)


def test_the_write_checks_the_rules_on_the_account_as_stored(tenant: Tenant) -> None:
    """Charges built on a read that a later PATCH made stale: the write's conditions refuse
    them with the error the fresh account gives, and nothing is written."""
    customer, account = _customer_account(tenant)
    path = f"/v1/credit-accounts/{account['id']}"
    too_big = _charge(tenant, customer, 6000)
    assert tenant.patch(path, {"version": 1, "credit_limit": 5000}).status == 200
    with pytest.raises(errors.CreditLimitExceededError):
        _commit(too_big)
    blocked = _charge(tenant, customer, 100)
    assert tenant.patch(path, {"version": 2, "status": "SUSPENDED"}).status == 200
    with pytest.raises(CreditBlockedError):
        _commit(blocked)
    assert _stored(tenant, account["id"])["balance"] == 0
    assert _adds_up(tenant, account["id"]) == []


def test_a_write_built_before_another_one_lost_its_race_and_is_rebuilt(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    first, second = _charge(tenant, customer, 3000), _charge(tenant, customer, 2000)
    _commit(first)
    with pytest.raises(LostRaceError):
        _commit(second)
    retry_races(lambda: _commit(_charge(tenant, customer, 2000)))
    entries = _adds_up(tenant, account["id"])
    assert [e["balance_after"] for e in entries] == [5000, 3000]


def test_a_refund_gives_back_at_most_what_the_sale_charged(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    _commit(_charge(tenant, customer, 3000))
    _commit(_charge(tenant, customer, 1000, OTHER_SALE))
    with pytest.raises(errors.ValidationError):
        _refund(tenant, customer, 3001)
    _commit(_refund(tenant, customer, 2000))
    with pytest.raises(errors.ValidationError):
        _refund(tenant, customer, 1001)
    _commit(_refund(tenant, customer, 1000))
    with pytest.raises(errors.ValidationError):
        _refund(tenant, customer, 1, "01JD00000000000000000NOSALE")
    assert _stored(tenant, account["id"])["balance"] == 1000
    _adds_up(tenant, account["id"])


def test_a_refund_never_takes_more_than_the_balance(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    _commit(_charge(tenant, customer, 3000))
    _commit(_repay(tenant, account["id"], 2500))
    with pytest.raises(errors.ValidationError):
        _refund(tenant, customer, 501)
    _commit(_refund(tenant, customer, 500))
    assert _stored(tenant, account["id"])["balance"] == 0


def test_a_repayment_is_at_most_the_balance(tenant: Tenant) -> None:
    customer, account = _customer_account(tenant)
    _commit(_charge(tenant, customer, 1200))
    with pytest.raises(errors.ValidationError):
        _repay(tenant, account["id"], 1201)
    with pytest.raises(errors.ValidationError):
        _repay(tenant, account["id"], 0)
    _commit(_repay(tenant, account["id"], 1200))
    assert _stored(tenant, account["id"])["balance"] == 0
    assert len(_adds_up(tenant, account["id"])) == 2
