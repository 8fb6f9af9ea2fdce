"""Attributes shared by every business record: identity, version, who/when, soft delete."""

from __future__ import annotations

import json
from typing import Any

from pynamodb.attributes import Attribute, UnicodeAttribute
from pynamodb.constants import STRING

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


class RowsAttribute(Attribute[list[dict[str, Any]]]):
    """Like objects (a sale's lines) stored as their field names once and a row of values each:
    a 5-line sale's lines take half the bytes, and the item's write units with them. Lines of
    unlike fields, and text written as a plain JSON list before, read as plain JSON."""

    attr_type = STRING

    def serialize(self, value: list[dict[str, Any]]) -> str:
        names = list(value[0]) if value else []
        if value and all(list(row) == names for row in value):
            compact: Any = {"c": names, "r": [list(row.values()) for row in value]}
        else:
            compact = value
        return json.dumps(compact, separators=(",", ":"))

    def deserialize(self, value: str) -> list[dict[str, Any]]:
        data = json.loads(value)
        if isinstance(data, dict):
            return [dict(zip(data["c"], row, strict=True)) for row in data["r"]]
        return list(data)
