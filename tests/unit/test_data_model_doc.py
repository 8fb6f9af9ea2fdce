"""docs/data-model.md is generated from chalicelib/db/keys.py and must not drift."""

from __future__ import annotations

from pathlib import Path

from chalicelib.db.keys import ACCESS_PATTERNS, render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


def test_data_model_doc_matches_the_key_module() -> None:
    assert DOC.read_text() == render_markdown(), "run `make docs` to regenerate it"


def test_access_patterns_are_numbered_once() -> None:
    numbers = [pattern.number for pattern in ACCESS_PATTERNS]
    assert len(numbers) == len(set(numbers))
    for pattern in ACCESS_PATTERNS:
        assert set(pattern.index.split(" / ")) <= {"table", "gsi1", "gsi2"}, pattern


def test_no_access_pattern_scans() -> None:
    assert not [p for p in ACCESS_PATTERNS if "scan" in p.key_condition.lower()]
