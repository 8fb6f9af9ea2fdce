"""An Idempotency-Key compares the JSON value of a body, not its spelling (API.md)."""

from __future__ import annotations

from chalicelib.idempotency import canonical_body


def test_spacing_and_key_order_do_not_change_a_json_body() -> None:
    compact = b'{"name":"Akwa","code":"AKW","address":{"city":"Douala","street":"Liberte"}}'
    spelled = (
        b'{\n  "code": "AKW",\n  "address": {"street": "Liberte", "city": "Douala"},'
        b'\n  "name": "Akwa"\n}'
    )
    assert canonical_body(compact, "application/json") == canonical_body(
        spelled, "application/json"
    )


def test_another_value_gives_another_body() -> None:
    first = canonical_body(b'{"name": "Akwa", "lines": [1, 2]}', "application/json")
    assert first != canonical_body(b'{"name": "Akwa", "lines": [2, 1]}', "application/json")
    assert first != canonical_body(b'{"name": "Akwa ", "lines": [1, 2]}', "application/json")


def test_escapes_of_the_same_text_are_the_same_value() -> None:
    assert canonical_body(b'{"name": "caf\\u00e9"}', "") == canonical_body(
        '{"name": "café"}'.encode(), "application/json"
    )


def test_bodies_that_are_not_json_are_compared_as_bytes() -> None:
    csv = b"sku,name\nA-1,Riz\n"
    assert canonical_body(csv, "text/csv") == csv
    assert canonical_body(b"{not json", "application/json") == b"{not json"
    assert canonical_body(b"", "application/json") == b""
