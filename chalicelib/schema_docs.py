"""Descriptions and examples that the main schemas share in the OpenAPI document."""

from __future__ import annotations

ULID_EXAMPLE = "01JD3Q5X8M2N4P6R8T0V2W4Y6Z"
TIME_EXAMPLE = "2026-11-21T13:05:59Z"

CLIENT_ID = (
    "Optional client-made ULID (offline clients): the same id with the same content answers "
    "the stored object with 200; with other content, 409 `CONFLICT`."
)
OBJECT_ID = "The object's id (ULID)."
VERSION = (
    "Grows with every change; a PATCH sends back the version it read "
    "(stale: 409 `VERSION_MISMATCH`)."
)
CREATED_AT = "When it was created (RFC 3339, UTC)."
UPDATED_AT = "When it last changed (RFC 3339, UTC)."
CURRENCY = "ISO 4217 code of the tenant's currency; every amount is in its minor unit."
E164 = r"^\+[1-9][0-9]{1,14}$"
