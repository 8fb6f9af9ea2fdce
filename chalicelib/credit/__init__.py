"""Selling on credit: accounts, their append-only ledger, instalment schedules and repayments.
The till charges a CREDIT payment through `charge_sale` (whose reads `want_charge` adds to the
payment's) and takes repayments through `repay`; a sale's refund or cancellation gives credit
back through `refund_sale`. Each hands back its part of the caller's one atomic write. The
overdue-credit job and the KPIs read `overdue_accounts`."""

from chalicelib.credit.entries import CreditBlockedError
from chalicelib.credit.ledger import (
    CHARGE_ACTIONS,
    LedgerWrite,
    charge_sale,
    owed_by_sale,
    refund_sale,
    repay,
    want_charge,
)
from chalicelib.credit.service import OverdueAccount, overdue_accounts

__all__ = [
    "CHARGE_ACTIONS",
    "CreditBlockedError",
    "LedgerWrite",
    "OverdueAccount",
    "charge_sale",
    "overdue_accounts",
    "owed_by_sale",
    "refund_sale",
    "repay",
    "want_charge",
]
