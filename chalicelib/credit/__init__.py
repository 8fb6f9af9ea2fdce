"""Selling on credit: accounts, their append-only ledger, instalment schedules and repayments.
A sale keeps its customer's account id (`customer_account_id`, read with the sale's other reads
through `want_customer_account`). The till charges a CREDIT payment through `charge_sale`
(whose reads `want_charge` adds to the payment's) and takes repayments through `repay`; a
sale's refund or cancellation gives credit back through `refund_sale`. Each hands back its part
of the caller's one atomic write. The overdue-credit job and the KPIs read `overdue_accounts`."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.credit.entries import CreditBlockedError
    from chalicelib.credit.ledger import (
        CHARGE_ACTIONS,
        LedgerWrite,
        charge_sale,
        customer_account_id,
        owed_by_sale,
        refund_sale,
        repay,
        want_charge,
        want_customer_account,
    )
    from chalicelib.credit.service import OverdueAccount, overdue_accounts

__all__ = [
    "CHARGE_ACTIONS",
    "CreditBlockedError",
    "LedgerWrite",
    "OverdueAccount",
    "charge_sale",
    "customer_account_id",
    "overdue_accounts",
    "owed_by_sale",
    "refund_sale",
    "repay",
    "want_charge",
    "want_customer_account",
]

__getattr__ = lazy_face(__name__, __file__)
