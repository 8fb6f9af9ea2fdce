"""docs/data-model.md is rendered from the key builders of chalicelib/db/keys/: it cannot drift."""

from __future__ import annotations

import hashlib
import importlib
import inspect
from pathlib import Path

import pytest

from chalicelib.db import keys
from chalicelib.db.keys import ACCESS_PATTERNS, ENTITIES, render_markdown, serves
from chalicelib.db.keys import cashier as cashier_keys

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


def test_data_model_doc_matches_the_key_module() -> None:
    assert DOC.read_text() == render_markdown(), "run `make docs` to regenerate it"


def test_access_patterns_are_numbered_in_order_and_named_once() -> None:
    assert [pattern.number for pattern in ACCESS_PATTERNS] == list(
        range(1, len(ACCESS_PATTERNS) + 1)
    )
    names = [pattern.name for pattern in ACCESS_PATTERNS]
    assert len(names) == len(set(names))
    for pattern in ACCESS_PATTERNS:
        assert pattern.index in {"table", "gsi1", "gsi2"}, pattern


def test_a_key_builds_what_the_chart_shows() -> None:
    assert keys.email_pk("Awa@Akwa.CM") == "EMAIL#awa@akwa.cm"
    assert keys.rate_limit_pk("LOGIN", "x") == "RATE#LOGIN#" + hashlib.sha256(b"x").hexdigest()
    assert keys.category_children_pk("t", None) == "T#t#CATEGORIES#ROOT"
    assert keys.category_position_sk(7, "c") == "000007#c"
    assert keys.listed_sk(False, "cable", "p") == "I#cable#p"
    assert keys.word_facet("usb") == "TOK#u"
    assert keys.tenant_sk() == "TENANT"
    assert keys.sku_marker_pk.rendered() == "T#<tenant_id>#SKU#<sku, upper-case>"
    with pytest.raises(TypeError):
        keys.sale_pk("only the tenant")


def test_no_access_pattern_scans() -> None:
    assert not [p for p in ACCESS_PATTERNS if "scan" in p.key_condition.lower()]


def test_every_entity_names_how_it_is_reached() -> None:
    assert ENTITIES
    assert not [entity.name for entity in ENTITIES if not entity.patterns]


def test_changing_a_key_builder_changes_the_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart holds the key builders themselves: another prefix is another doc (and key)."""
    before = render_markdown()
    builder = cashier_keys.payments_month_pk
    monkeypatch.setitem(vars(builder), "template", "T#{tenant_id}#PAID#{month}")
    after = render_markdown()
    assert after != before
    assert "`T#<tenant_id>#PAID#<month> / <created_at>#<payment_id>`" in after
    assert keys.payments_month_pk("t1", "2026-01") == "T#t1#PAID#2026-01"


def test_a_repository_names_only_patterns_of_the_chart() -> None:
    with pytest.raises(ValueError, match="not access patterns"):
        serves("Sales by colour")
    with pytest.raises(ValueError):
        serves()

    @serves("Sale by id")
    def read() -> None:
        """A repository function."""

    assert read.access_patterns == ("Sale by id",)  # type: ignore[attr-defined]


def _repository_functions() -> list[tuple[str, object]]:
    chalicelib = DOC.parents[1] / "chalicelib"
    found = []
    for path in sorted(chalicelib.rglob("*repository.py")):
        name = ".".join(path.relative_to(chalicelib.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        found += [
            (f"{name}.{attr}", value)
            for attr, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == name and not attr.startswith("_")
        ]
    return found


def test_every_repository_function_names_the_access_patterns_it_serves() -> None:
    functions = _repository_functions()
    assert len(functions) > 50
    unnamed = [name for name, function in functions if not getattr(function, "access_patterns", ())]
    assert not unnamed, "mark them with @serves(...):\n" + "\n".join(unnamed)


def test_every_access_pattern_of_the_chart_is_served() -> None:
    served = {p for _, f in _repository_functions() for p in getattr(f, "access_patterns", ())}
    assert not [p.name for p in ACCESS_PATTERNS if p.name not in served]
