"""Customers of a tenant: individuals and businesses, found by name prefix or phone."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import IntegerAttribute
from chalicelib.db.models.common import Record


class CustomerItem(Record, discriminator="Customer"):
    name = UnicodeAttribute()
    customer_type = UnicodeAttribute(attr_name="customer_type")
    phone = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    vat_number = UnicodeAttribute(null=True)
    addresses = JSONAttribute(default=list)
    notes = UnicodeAttribute(null=True)
    loyalty_points = IntegerAttribute(default=0)
