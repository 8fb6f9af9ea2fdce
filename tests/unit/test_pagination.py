"""Cursors are opaque, tamper-proof and bound to one tenant and query."""

from __future__ import annotations

import pytest

from chalicelib import pagination
from chalicelib.errors import ValidationError

KEY = {"pk": {"S": "T#1"}, "sk": {"S": "STORE#9"}}


def test_a_cursor_round_trips_within_its_scope() -> None:
    cursor = pagination.encode(KEY, "scope-a")
    assert cursor and "STORE" not in cursor
    assert pagination.decode(cursor, "scope-a") == KEY


def test_no_key_means_no_cursor() -> None:
    assert pagination.encode(None, "scope") is None
    assert pagination.decode(None, "scope") is None


@pytest.mark.parametrize(
    "mangle",
    [lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), lambda c: "x" + c, lambda c: "garbage"],
)
def test_tampered_cursors_are_refused(mangle) -> None:
    cursor = pagination.encode(KEY, "scope-a")
    assert cursor
    with pytest.raises(ValidationError):
        pagination.decode(mangle(cursor), "scope-a")


def test_a_cursor_from_another_scope_is_refused() -> None:
    cursor = pagination.encode(KEY, "tenant-1 /v1/stores")
    with pytest.raises(ValidationError):
        pagination.decode(cursor, "tenant-2 /v1/stores")
