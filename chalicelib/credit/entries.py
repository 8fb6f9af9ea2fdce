"""The credit ledger's arithmetic: what each entry adds to an account's balance, and the entries
the account's rules refuse, from plain values (the write that stores them re-checks each rule in
its condition, so no race gets past them).

Rules (API.md, "Customers, credit and loyalty"; where it is silent, the choice is written here):
- An entry's `amount` is what it adds to the balance: CHARGE positive, REPAYMENT and REFUND
  negative, ADJUSTMENT either way; `balance_after` is the balance once it is applied.
- A CHARGE needs an ACTIVE account (else CREDIT_BLOCKED), no instalment past due while the
  tenant's `credit.block_when_overdue` (else CREDIT_BLOCKED), and at most the available credit
  (else CREDIT_LIMIT_EXCEEDED): a limit lowered below the balance allows no new charge.
- A REPAYMENT is at most the balance; a REFUND at most what the sale still has charged to the
  account and at most the balance (422 beyond).
- An ADJUSTMENT is not bounded by the limit (it brings in debts from elsewhere) but never takes
  the balance below 0, nor above the largest amount (422).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib import errors
from chalicelib.credit.schedule import NO_DUE_DATE, is_overdue
from chalicelib.money import MAX_AMOUNT

CHARGE, REPAYMENT, REFUND, ADJUSTMENT = "CHARGE", "REPAYMENT", "REFUND", "ADJUSTMENT"
ACTIVE, SUSPENDED = "ACTIVE", "SUSPENDED"


class CreditBlockedError(errors.DomainError):
    status, code, title = 409, "CREDIT_BLOCKED", "Credit blocked"


@dataclass(frozen=True)
class Account:
    """What the rules read of a credit account."""

    credit_limit: int
    balance: int
    status: str = ACTIVE
    earliest_unpaid_due: str = NO_DUE_DATE


@dataclass(frozen=True)
class Entry:
    type: str
    amount: int
    balance_after: int


def available_credit(credit_limit: int, balance: int) -> int:
    """Limit less balance, never below 0."""
    return max(credit_limit - balance, 0)


def charge(account: Account, amount: int, *, today: date, block_when_overdue: bool) -> Entry:
    """A CREDIT payment of `amount` on the account, or the error that refuses it."""
    _positive(amount)
    if account.status != ACTIVE:
        raise CreditBlockedError("The credit account is suspended.")
    if block_when_overdue and is_overdue(account.earliest_unpaid_due, today):
        raise CreditBlockedError("The credit account has an instalment past due.")
    room = available_credit(account.credit_limit, account.balance)
    if amount > room:
        raise errors.CreditLimitExceededError(
            f"The amount {amount} is above the available credit ({room}).",
            errors=[{"field": "amount", "message": f"at most {room}"}],
        )
    return Entry(CHARGE, amount, account.balance + amount)


def repayment(account: Account, amount: int) -> Entry:
    _positive(amount)
    _at_most(amount, account.balance, "the balance")
    return Entry(REPAYMENT, -amount, account.balance - amount)


def refund(account: Account, amount: int, *, sale_charged: int) -> Entry:
    """Give back `amount` of a sale that still has `sale_charged` charged to the account."""
    _positive(amount)
    _at_most(amount, sale_charged, "what the sale charged to the account")
    _at_most(amount, account.balance, "the balance")
    return Entry(REFUND, -amount, account.balance - amount)


def adjustment(account: Account, amount: int) -> Entry:
    if amount == 0:
        raise errors.ValidationError(
            "An adjustment changes the balance.", errors=[{"field": "amount", "message": "not 0"}]
        )
    if account.balance + amount < 0:
        _at_most(-amount, account.balance, "the balance")
    if account.balance + amount > MAX_AMOUNT:
        _at_most(amount, MAX_AMOUNT - account.balance, "what keeps the balance a valid amount")
    return Entry(ADJUSTMENT, amount, account.balance + amount)


def _positive(amount: int) -> None:
    if amount <= 0:
        raise errors.ValidationError(
            "The amount must be positive.", errors=[{"field": "amount", "message": "at least 1"}]
        )


def _at_most(amount: int, ceiling: int, what: str) -> None:
    if amount > ceiling:
        raise errors.ValidationError(
            f"The amount {amount} is more than {what} ({ceiling}).",
            errors=[{"field": "amount", "message": f"at most {ceiling}"}],
        )
