"""Suppliers, purchase orders with their lines and what remains expected, goods receipts."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, MapAttribute, UnicodeAttribute

from chalicelib.db.base import IntegerAttribute
from chalicelib.db.models.common import Record


class SupplierItem(Record, discriminator="Supplier"):
    name = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    address = UnicodeAttribute(null=True)
    payment_terms_days = IntegerAttribute(null=True)
    notes = UnicodeAttribute(null=True)


class PurchaseOrderItem(Record, discriminator="PurchaseOrder"):
    """`remaining` maps each line (`L<n>`) to the units still expected: a goods receipt
    decrements an entry under `remaining.L<n> >= q`, in the receipt's transaction."""

    supplier_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    status = UnicodeAttribute()
    lines = JSONAttribute(default=list)
    remaining = MapAttribute[str, int](default=dict)
    expected_date = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    total = IntegerAttribute(default=0)
    currency = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    cancelled_at = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute(null=True)


class GoodsReceiptItem(Record, discriminator="GoodsReceipt"):
    store_id = UnicodeAttribute()
    supplier_id = UnicodeAttribute(null=True)
    purchase_order_id = UnicodeAttribute(null=True)
    reference = UnicodeAttribute(null=True)
    lines = JSONAttribute(default=list)
    total = IntegerAttribute(default=0)
    currency = UnicodeAttribute()
