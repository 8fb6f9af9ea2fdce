"""The credit ledger's rules: what each entry adds, and what the account refuses."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib import errors
from chalicelib.credit.entries import (
    ADJUSTMENT,
    CHARGE,
    REFUND,
    REPAYMENT,
    SUSPENDED,
    Account,
    CreditBlockedError,
    Entry,
    adjustment,
    available_credit,
    charge,
    refund,
    repayment,
)
from chalicelib.money import MAX_AMOUNT

TODAY = date(2026, 3, 10)


def account(balance: int = 0, limit: int = 10000, **rest: str) -> Account:
    return Account(credit_limit=limit, balance=balance, **rest)


def test_available_credit_never_goes_below_zero() -> None:
    assert available_credit(10000, 2500) == 7500
    assert available_credit(1000, 2500) == 0


def test_a_charge_adds_to_the_balance_up_to_the_limit() -> None:
    entry = charge(account(8000), 2000, today=TODAY, block_when_overdue=True)
    assert entry == Entry(CHARGE, 2000, 10000)
    with pytest.raises(errors.CreditLimitExceededError) as raised:
        charge(account(8000), 2001, today=TODAY, block_when_overdue=True)
    assert raised.value.errors == [{"field": "amount", "message": "at most 2000"}]


def test_a_limit_below_the_balance_allows_no_charge() -> None:
    with pytest.raises(errors.CreditLimitExceededError):
        charge(account(5000, limit=4000), 1, today=TODAY, block_when_overdue=False)


def test_a_suspended_account_is_blocked() -> None:
    with pytest.raises(CreditBlockedError) as raised:
        charge(account(status=SUSPENDED), 100, today=TODAY, block_when_overdue=False)
    assert (raised.value.status, raised.value.code) == (409, "CREDIT_BLOCKED")


def test_an_overdue_account_is_blocked_only_when_the_tenant_says_so() -> None:
    overdue = account(1000, earliest_unpaid_due="2026-03-09")
    with pytest.raises(CreditBlockedError):
        charge(overdue, 100, today=TODAY, block_when_overdue=True)
    assert charge(overdue, 100, today=TODAY, block_when_overdue=False).balance_after == 1100


def test_an_instalment_due_today_does_not_block() -> None:
    due_today = account(1000, earliest_unpaid_due="2026-03-10")
    assert charge(due_today, 100, today=TODAY, block_when_overdue=True).amount == 100


def test_blocked_wins_over_limit_exceeded() -> None:
    with pytest.raises(CreditBlockedError):
        charge(account(10000, status=SUSPENDED), 1, today=TODAY, block_when_overdue=True)


@pytest.mark.parametrize("amount", [0, -5])
def test_entry_amounts_are_positive(amount: int) -> None:
    for make in (
        lambda: charge(account(), amount, today=TODAY, block_when_overdue=True),
        lambda: repayment(account(100), amount),
        lambda: refund(account(100), amount, sale_charged=100),
    ):
        with pytest.raises(errors.ValidationError):
            make()


def test_a_repayment_lowers_the_balance_and_never_below_zero() -> None:
    assert repayment(account(3000), 3000) == Entry(REPAYMENT, -3000, 0)
    with pytest.raises(errors.ValidationError) as raised:
        repayment(account(3000), 3001)
    assert raised.value.errors == [{"field": "amount", "message": "at most 3000"}]


def test_a_refund_gives_back_at_most_what_the_sale_charged_and_the_balance() -> None:
    assert refund(account(5000), 2000, sale_charged=2000) == Entry(REFUND, -2000, 3000)
    with pytest.raises(errors.ValidationError):
        refund(account(5000), 2001, sale_charged=2000)
    with pytest.raises(errors.ValidationError):
        refund(account(1000), 1500, sale_charged=2000)


def test_an_adjustment_goes_either_way_past_the_limit_but_never_below_zero() -> None:
    assert adjustment(account(0, limit=100), 5000) == Entry(ADJUSTMENT, 5000, 5000)
    assert adjustment(account(5000), -5000) == Entry(ADJUSTMENT, -5000, 0)
    with pytest.raises(errors.ValidationError):
        adjustment(account(5000), -5001)
    with pytest.raises(errors.ValidationError):
        adjustment(account(5000), 0)


def test_an_adjustment_keeps_the_balance_a_valid_amount() -> None:
    assert adjustment(account(10), MAX_AMOUNT - 10).balance_after == MAX_AMOUNT
    with pytest.raises(errors.ValidationError):
        adjustment(account(10), MAX_AMOUNT - 9)
