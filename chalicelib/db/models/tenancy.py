"""Tenants, their users and stores, and the markers that keep e-mails and codes unique."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    UnicodeAttribute,
)

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class TenantItem(Record, discriminator="Tenant"):
    """`active_since`: the earliest moment the tenant's history may hold; lists over time
    buckets start there. Seeds, imports and restores that write older history move it back."""

    name = UnicodeAttribute()
    currency = UnicodeAttribute()
    timezone = UnicodeAttribute()
    locale = UnicodeAttribute()
    country = UnicodeAttribute(null=True)
    discount_approval_bps = IntegerAttribute(default=1000)
    delivery_code_required = BooleanAttribute(default=False)
    pending_payment_alert_minutes = IntegerAttribute(default=60)
    cash_variance_alert = IntegerAttribute(default=0)
    cash_variance_repeat = IntegerAttribute(default=2)
    abnormal_discount_bps = IntegerAttribute(default=1500)
    expiry_alert_days = IntegerAttribute(default=30)
    loyalty = JSONAttribute(default=dict)
    credit = JSONAttribute(default=dict)
    active_since = UnicodeAttribute(null=True)


class UserItem(Record, discriminator="User"):
    email = UnicodeAttribute()
    full_name = UnicodeAttribute()
    role = UnicodeAttribute()
    store_ids = ListAttribute(of=UnicodeAttribute, default=list)
    active = BooleanAttribute(default=True)
    password_hash = UnicodeAttribute()
    failed_logins = IntegerAttribute(default=0)
    locked_until = IntegerAttribute(null=True)


class EmailMarkerItem(Entity, discriminator="EmailMarker"):
    user_id = UnicodeAttribute()


class StoreItem(Record, discriminator="Store"):
    name = UnicodeAttribute()
    code = UnicodeAttribute()
    address = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)


class StoreCodeMarkerItem(Entity, discriminator="StoreCodeMarker"):
    store_id = UnicodeAttribute()


class JobRunItem(Entity, discriminator="JobRun"):
    job = UnicodeAttribute()
    day = UnicodeAttribute()
    findings = IntegerAttribute(default=0)
