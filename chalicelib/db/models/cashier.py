"""Cash shifts, the marker that keeps one shift open per cashier and store, and the cash
put in or taken out of a drawer during a shift.
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class CashShiftItem(Record, discriminator="CashShift"):
    store_id = UnicodeAttribute()
    cashier_id = UnicodeAttribute()
    status = UnicodeAttribute()
    currency = UnicodeAttribute()
    # A COURIER's shift holds only their cash-on-delivery takings: refunds never draw on it.
    courier = BooleanAttribute(default=False)
    opening_float = IntegerAttribute(default=0)
    opened_at = UnicodeAttribute()
    closed_at = UnicodeAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)
    counted_cash = IntegerAttribute(null=True)
    expected_cash = IntegerAttribute(null=True)
    variance = IntegerAttribute(null=True)
    sales_cash = IntegerAttribute(default=0)
    sales_mobile_money = IntegerAttribute(default=0)
    sales_card = IntegerAttribute(default=0)
    sales_bank_transfer = IntegerAttribute(default=0)
    sales_credit = IntegerAttribute(default=0)
    sales_loyalty = IntegerAttribute(default=0)
    payments_count = IntegerAttribute(default=0)
    change_given = IntegerAttribute(default=0)
    cash_refunds = IntegerAttribute(default=0)
    pay_ins = IntegerAttribute(default=0)
    pay_outs = IntegerAttribute(default=0)
    credit_repayments = IntegerAttribute(default=0)  # cash taken for credit accounts
    # The cash the drawer holds now, moved with every total above in the same write, so that
    # a write taking cash out can be conditioned on it.
    cash_in_drawer = IntegerAttribute(null=True)


class OpenShiftItem(Entity, discriminator="OpenShift"):
    shift_id = UnicodeAttribute()
    cashier_id = UnicodeAttribute()


class ShiftMovementItem(Record, discriminator="ShiftMovement"):
    shift_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = IntegerAttribute()
    reason = UnicodeAttribute(null=True)
