"""Login sessions (one per refresh-token family, found by id, listed per user), admin count."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class SessionItem(Entity, discriminator="Session"):
    id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    refresh_hash = UnicodeAttribute()
    previous_hash = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(null=True)
    user_agent = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    last_used_at = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)


class AdminCountItem(Entity, discriminator="AdminCount"):
    """How many active ADMINs a tenant has: guards the last one under concurrent changes."""

    active_admins = IntegerAttribute(default=0)
