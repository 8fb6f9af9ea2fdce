"""A goods receipt is one transaction: its largest shape must fit DynamoDB's 100 actions."""

from __future__ import annotations

from chalicelib.purchasing import receipts
from chalicelib.purchasing.schemas import MAX_PURCHASE_LINES
from chalicelib.stock import ledger


def test_the_largest_receipt_fits_in_one_transaction() -> None:
    largest = receipts.FIXED_ACTIONS + MAX_PURCHASE_LINES * ledger.ACTIONS_PER_LINE
    assert largest <= receipts.TRANSACTION_ACTIONS == 100
    assert receipts.MAX_RECEIPT_LINES == MAX_PURCHASE_LINES == 40


def test_the_cap_is_derived_from_the_actions_a_line_costs() -> None:
    spare = receipts.TRANSACTION_ACTIONS - receipts.FIXED_ACTIONS
    assert (spare // ledger.ACTIONS_PER_LINE) >= receipts.MAX_RECEIPT_LINES
    assert receipts.FIXED_ACTIONS == 4  # receipt put, order update, store and supplier checks
