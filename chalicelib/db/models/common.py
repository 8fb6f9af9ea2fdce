"""Attributes shared by every business record: identity, version, who/when, soft delete."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class Record(Entity):
    """A business object the API exposes; the stream audits its changes."""

    id = UnicodeAttribute()
    version = IntegerAttribute(default=1)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
    deleted_at = UnicodeAttribute(null=True)
