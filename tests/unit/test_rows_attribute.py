"""Sale lines stored as rows under their field names once, read back as the lines they were."""

from __future__ import annotations

import json

from chalicelib.db.models.common import RowsAttribute


def test_like_lines_are_stored_as_names_once_and_rows_and_read_back_unchanged() -> None:
    lines = [
        {"product_id": "P1", "quantity": 2, "name": "Câble", "track_stock": True},
        {"product_id": "P2", "quantity": 1, "name": "Riz", "track_stock": False},
    ]
    stored = RowsAttribute().serialize(lines)
    assert json.loads(stored)["c"] == ["product_id", "quantity", "name", "track_stock"]
    assert len(stored) < len(json.dumps(lines))
    assert RowsAttribute().deserialize(stored) == lines


def test_unlike_lines_and_lines_stored_as_a_plain_list_read_as_plain_json() -> None:
    lines = [{"product_id": "P1"}, {"product_id": "P2", "lots": [{"lot": "A"}]}]
    assert RowsAttribute().deserialize(RowsAttribute().serialize(lines)) == lines
    assert RowsAttribute().deserialize(json.dumps(lines)) == lines
    assert RowsAttribute().deserialize(RowsAttribute().serialize([])) == []
