"""Deliveries of submitted sales by the shop's own couriers."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from chalicelib.db.base import IntegerAttribute
from chalicelib.db.models.common import Record


class DeliveryItem(Record, discriminator="Delivery"):
    sale_id = UnicodeAttribute()
    sale_number = UnicodeAttribute(null=True)
    store_id = UnicodeAttribute()
    status = UnicodeAttribute()
    address = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    contact_name = UnicodeAttribute(null=True)
    scheduled_for = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    collect_on_delivery = BooleanAttribute(default=False)
    cash_to_collect = IntegerAttribute(default=0)
    currency = UnicodeAttribute()
    delivery_code = UnicodeAttribute()
    wrong_codes = IntegerAttribute(default=0)
    courier_id = UnicodeAttribute(null=True)
    fail_reason = UnicodeAttribute(null=True)
    delivered_note = UnicodeAttribute(null=True)
    assigned_at = UnicodeAttribute(null=True)
    dispatched_at = UnicodeAttribute(null=True)
    delivered_at = UnicodeAttribute(null=True)
    failed_at = UnicodeAttribute(null=True)
    returned_at = UnicodeAttribute(null=True)
    cancelled_at = UnicodeAttribute(null=True)
