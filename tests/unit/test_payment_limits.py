"""A sale's final payment is one transaction: on credit, at the line cap, it must fit
DynamoDB's 100 actions (the payment, the sale, the shift, the charge's entry, account and sale
credit, and each line's level and SALE movement)."""

from __future__ import annotations

from chalicelib import credit
from chalicelib.cashier import payments
from chalicelib.sales.totals import MAX_LINES, MAX_TRANSACTION_ACTIONS
from chalicelib.stock import ledger


def test_the_largest_payment_on_credit_fits_in_one_transaction() -> None:
    largest = payments.FIXED_ACTIONS + credit.CHARGE_ACTIONS + MAX_LINES * ledger.ACTIONS_PER_LINE
    assert largest == 86 <= MAX_TRANSACTION_ACTIONS == 100
    assert MAX_LINES == 40


def test_the_line_cap_is_within_what_the_actions_allow() -> None:
    spare = MAX_TRANSACTION_ACTIONS - payments.FIXED_ACTIONS - credit.CHARGE_ACTIONS
    assert spare // ledger.ACTIONS_PER_LINE >= MAX_LINES
    assert (payments.FIXED_ACTIONS, credit.CHARGE_ACTIONS) == (3, 3)
