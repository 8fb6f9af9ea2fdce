"""Items the platform keeps for itself: idempotency records and audit entries."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class IdempotencyItem(Entity, discriminator="Idempotency"):
    fingerprint = UnicodeAttribute()
    state = UnicodeAttribute()
    locked_until = IntegerAttribute()
    status_code = IntegerAttribute(null=True)
    body = UnicodeAttribute(null=True)
    headers = JSONAttribute(null=True)


class AuditItem(Entity, discriminator="Audit"):
    at = UnicodeAttribute()
    action = UnicodeAttribute()
    entity_type = UnicodeAttribute()
    entity_id = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    changes = JSONAttribute(default=dict)
