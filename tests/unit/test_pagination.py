"""Cursors are opaque (encrypted), tamper-proof and bound to one tenant and query."""

from __future__ import annotations

import base64
import json

import pytest

from chalicelib import pagination
from chalicelib.errors import ValidationError

KEY = {"pk": {"S": "T#1#PRODUCT"}, "sk": {"S": "A#tecno spark 20#01JD"}}


def _raw(cursor: str) -> bytes:
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))


def test_a_cursor_round_trips_within_its_scope() -> None:
    cursor = pagination.encode(KEY, "scope-a")
    assert cursor
    assert pagination.decode(cursor, "scope-a") == KEY


def test_a_cursor_shows_neither_keys_nor_names() -> None:
    cursor = pagination.encode(KEY, "scope-a")
    assert cursor
    raw = _raw(cursor)
    assert b"PRODUCT" not in raw and b"tecno" not in raw and b'"pk"' not in raw
    for part in cursor.split("."):
        with pytest.raises(ValueError):
            json.loads(_raw(part))


def test_the_same_state_gives_a_different_cursor_each_time() -> None:
    assert pagination.encode(KEY, "scope-a") != pagination.encode(KEY, "scope-a")


def test_no_key_means_no_cursor() -> None:
    assert pagination.encode(None, "scope") is None
    assert pagination.decode(None, "scope") is None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"),
        lambda c: c[:20] + ("A" if c[20] != "A" else "B") + c[21:],
        lambda c: "x" + c,
        lambda c: c[:10],
        lambda c: "garbage",
        lambda c: ".ê",
        lambda c: c + "é",
        lambda c: "%%%%",
        lambda c: "A" * 5000,
    ],
)
def test_tampered_or_foreign_cursors_are_422_on_the_cursor_field(mangle) -> None:
    cursor = pagination.encode(KEY, "scope-a")
    assert cursor
    with pytest.raises(ValidationError) as refused:
        pagination.decode(mangle(cursor), "scope-a")
    assert refused.value.errors == [
        {"field": "cursor", "message": "invalid or tampered cursor, or another query"}
    ]


def test_a_cursor_from_another_scope_is_refused() -> None:
    cursor = pagination.encode(KEY, "tenant-1 /v1/stores")
    with pytest.raises(ValidationError):
        pagination.decode(cursor, "tenant-2 /v1/stores")


def test_a_cursor_that_holds_no_object_is_refused() -> None:
    cipher = pagination._cipher()
    sealed = b"\x00" * pagination.NONCE_BYTES
    sealed += cipher.encrypt(sealed, b"[1, 2]", b"scope-a")
    cursor = base64.urlsafe_b64encode(sealed).decode().rstrip("=")
    with pytest.raises(ValidationError):
        pagination.decode(cursor, "scope-a")
