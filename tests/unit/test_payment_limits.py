"""A sale's final payment is one transaction: on credit or with points, at the line cap, it
must fit DynamoDB's 100 actions (the payment, the sale, the shift, the charge's entry, account
and sale credit or the redemption's EXPIRE and REDEEM entries, wallet and customer, and each
line's level and SALE movement)."""

from __future__ import annotations

from chalicelib import credit, loyalty
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


def test_the_largest_payment_with_points_fits_in_one_transaction() -> None:
    largest = payments.FIXED_ACTIONS + loyalty.REDEEM_ACTIONS + MAX_LINES * ledger.ACTIONS_PER_LINE
    assert largest == 87 <= MAX_TRANSACTION_ACTIONS
    assert loyalty.REDEEM_ACTIONS == 4
