"""Alerts: one item per tenant, type and subject, reopened and bumped on each new crossing."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class AlertItem(Entity, discriminator="Alert"):
    """gsi2: by store (or tenant-wide) and status. `stream_position` remembers the last stream
    record applied, so a replayed or older record changes nothing."""

    id = UnicodeAttribute()
    alert_type = UnicodeAttribute()
    severity = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    subject_kind = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    message = UnicodeAttribute()
    status = UnicodeAttribute()
    first_seen_at = UnicodeAttribute()
    last_seen_at = UnicodeAttribute()
    occurrences = IntegerAttribute(default=0)
    stream_position = UnicodeAttribute(null=True)
    acknowledged_at = UnicodeAttribute(null=True)
    acknowledged_by = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)


class UnpaidSaleItem(Entity, discriminator="UnpaidSale"):
    """A sale awaiting payment, kept by the stream for the pending-payments job."""

    sale_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    number = UnicodeAttribute(null=True)
    submitted_at = UnicodeAttribute()
