"""The till: cash shifts, their drawers, and the payments taken in them. Refunds and
cancellations pay cash back from a drawer through `cash_shift_for_refund` and
`give_back_cash`, inside their own writes; a CASH repayment of a credit account goes into the
taker's shift through `take_repayment_cash`."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.cashier.drawer import (
        cash_shift_for_refund,
        give_back_cash,
        take_repayment_cash,
        want_repayment_cash,
    )
    from chalicelib.cashier.repository import ClosedShift, closed_shifts_since

__all__ = [
    "ClosedShift",
    "cash_shift_for_refund",
    "closed_shifts_since",
    "give_back_cash",
    "take_repayment_cash",
    "want_repayment_cash",
]

__getattr__ = lazy_face(__name__, __file__)
