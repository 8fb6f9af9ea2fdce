"""Sales with their lines, the payments and refunds kept in the sale's own partition, and the
per-store, per-year counter that numbers receipts without gaps.
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, JSONAttribute, ListAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record, RowsAttribute


class SaleItem(Record, discriminator="Sale"):
    store_id = UnicodeAttribute()
    seller_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    credit_account_id = UnicodeAttribute(null=True)  # the customer's, when it was set
    status = UnicodeAttribute()
    number = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()
    lines = RowsAttribute(default=list)
    discount = IntegerAttribute(default=0)
    subtotal = IntegerAttribute(default=0)
    discount_total = IntegerAttribute(default=0)
    tax_total = IntegerAttribute(default=0)
    total = IntegerAttribute(default=0)
    paid_total = IntegerAttribute(default=0)
    change_total = IntegerAttribute(default=0)
    refunded_total = IntegerAttribute(default=0)
    loyalty_paid = IntegerAttribute(default=0)  # paid with points (LOYALTY payments)
    loyalty_refunded = IntegerAttribute(default=0)  # of which given back as points
    payments_count = IntegerAttribute(default=0)
    approved_discount = IntegerAttribute(null=True)
    approved_by = UnicodeAttribute(null=True)
    cashier_ids = ListAttribute(of=UnicodeAttribute, default=list)
    submitted_at = UnicodeAttribute(null=True)
    paid_at = UnicodeAttribute(null=True)
    cancelled_at = UnicodeAttribute(null=True)
    cancel_reason = UnicodeAttribute(null=True)
    delivery_id = UnicodeAttribute(null=True)
    delivery_status = UnicodeAttribute(null=True)
    delivery_courier_id = UnicodeAttribute(null=True)


class PaymentItem(Record, discriminator="Payment"):
    sale_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    shift_id = UnicodeAttribute()
    method = UnicodeAttribute()
    amount = IntegerAttribute()
    tendered = IntegerAttribute(null=True)
    change = IntegerAttribute(default=0)
    reference = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()


class RefundItem(Record, discriminator="Refund"):
    sale_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = IntegerAttribute()
    methods = JSONAttribute(default=list)
    lines = RowsAttribute(default=list)
    restock = BooleanAttribute(default=False)
    reason = UnicodeAttribute(null=True)
    shift_id = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()


class SaleCounterItem(Entity, discriminator="SaleCounter"):
    last = IntegerAttribute()
