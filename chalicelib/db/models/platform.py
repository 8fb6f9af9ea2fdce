"""Items the platform keeps for itself: idempotency records, rate counters, audit entries."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class IdempotencyItem(Entity, discriminator="Idempotency"):
    fingerprint = UnicodeAttribute()
    state = UnicodeAttribute()
    locked_until = IntegerAttribute()
    status_code = IntegerAttribute(null=True)
    body = UnicodeAttribute(null=True)
    headers = JSONAttribute(null=True)


class RateCounterItem(Entity, discriminator="RateCounter"):
    """Attempts of one subject in one fixed window; expires with its window."""

    hits = IntegerAttribute(default=0)


class AuditItem(Entity, discriminator="Audit"):
    """`store_ids`: the stores the audited record belongs to (none: a tenant-wide record)."""

    at = UnicodeAttribute()
    action = UnicodeAttribute()
    entity_type = UnicodeAttribute()
    entity_id = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    changes = JSONAttribute(default=dict)
    store_ids = ListAttribute(of=UnicodeAttribute, null=True)
