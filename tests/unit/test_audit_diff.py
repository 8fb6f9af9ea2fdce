"""The audit entry of a change: what moved, old -> new, without bookkeeping or secrets."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.audit.events import REDACTED, classify
from chalicelib.streams import INSERT, MODIFY, Change


def change(event: str, old: dict | None, new: dict) -> Change:
    return Change("e1", "100", event, "Product", 0.0, old, new)


def test_an_update_lists_changed_fields_only_with_plain_values() -> None:
    old = {
        "id": "p1",
        "price": Decimal(1500),
        "attributes": '{"size": "M"}',
        "version": 1,
        "updated_at": "a",
        "name": "Cable",
    }
    new = {
        **old,
        "price": Decimal(1750),
        "attributes": '{"size": "L"}',
        "version": 2,
        "updated_at": "b",
    }
    action, changes = classify(change(MODIFY, old, new))
    assert action == "UPDATE"
    assert changes == {"price": [1500, 1750], "attributes": [{"size": "M"}, {"size": "L"}]}


def test_secrets_are_redacted_and_bookkeeping_alone_is_no_entry() -> None:
    old = {"id": "u1", "password_hash": "argon2-old", "failed_logins": Decimal(0)}
    new = {**old, "password_hash": "argon2-new"}
    assert classify(change(MODIFY, old, new)) == ("UPDATE", {"password_hash": [REDACTED, REDACTED]})
    counted = {**old, "failed_logins": Decimal(3)}
    assert classify(change(MODIFY, old, counted)) == (None, {})


def test_creates_and_soft_deletes() -> None:
    created = classify(change(INSERT, None, {"id": "s1", "name": "Akwa", "version": 1}))
    assert created == ("CREATE", {"id": [None, "s1"], "name": [None, "Akwa"]})
    deleted = classify(change(MODIFY, {"id": "s1"}, {"id": "s1", "deleted_at": "t"}))
    assert deleted == ("DELETE", {"deleted_at": [None, "t"]})
