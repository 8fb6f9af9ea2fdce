"""The till: cash shifts, their drawers, and the payments taken in them. Refunds and
cancellations pay cash back from a drawer through `cash_shift_for_refund` and
`give_back_cash`, inside their own writes."""

from chalicelib.cashier.drawer import cash_shift_for_refund, give_back_cash

__all__ = ["cash_shift_for_refund", "give_back_cash"]
