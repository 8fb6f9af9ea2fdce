"""What each function loads at its cold start: the stream and schedule functions load no route,
and the floor the cold-start bench compares them with loads exactly their third-party modules."""

from __future__ import annotations

import pytest

from tests.perf import cold_start


def _routes(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[-1] == "routes"]


@pytest.mark.parametrize("kind", ["stream", "schedule"])
def test_the_event_functions_load_no_route(kind: str) -> None:
    modules = cold_start.loaded(cold_start.ENTRIES[kind], kind)
    assert "chalicelib.streams" in modules or "chalicelib.jobs" in modules
    assert _routes(modules) == []


def test_the_api_function_loads_every_route() -> None:
    modules = cold_start.loaded(cold_start.ENTRIES["api"], "api")
    assert {"chalicelib.routes", "chalicelib.sales.routes", "chalicelib.catalog.routes"} <= set(
        modules
    )


@pytest.mark.parametrize("kind", list(cold_start.ENTRIES))
def test_each_floor_loads_the_third_party_modules_of_its_entry(kind: str) -> None:
    entry = set(cold_start.entry_modules(kind))
    floor_loaded = cold_start.loaded(cold_start.floor_code(kind), kind)
    stale = "stale: run `python -m tests.perf.cold_start` to rewrite tests/perf/floor_modules.json"
    assert set(cold_start.floor_modules()[kind]) == entry, stale
    assert set(cold_start.third_party(floor_loaded)) == entry
    assert not [name for name in floor_loaded if name.split(".")[0] in cold_start.FIRST_PARTY]


def test_the_api_function_loads_its_routes_but_no_domain_service() -> None:
    """A route module's services, repositories and models load on its blueprint's first request
    (`loading.LazyModule`, and `lazy_face` for the domains' faces the schemas name); pygal and
    Babel (importlib_metadata behind it) when a document is drawn."""
    modules = cold_start.loaded(cold_start.ENTRIES["api"], "api")
    kinds = {"service", "ledger", "payments", "dashboard", "receipts", "events", "formulas"}
    ours = [m for m in modules if m.startswith("chalicelib.")]
    assert [m for m in ours if m.split(".")[-1] in kinds] == []
    assert sorted(m for m in ours if m.startswith("chalicelib.db.models.")) == [
        "chalicelib.db.models.common",  # what every model is made of
        "chalicelib.db.models.identity",  # the access check of every request
        "chalicelib.db.models.platform",  # idempotency records
        "chalicelib.db.models.tenancy",
    ]
    assert not [m for m in modules if m.split(".")[0] in {"pygal", "babel", "importlib_metadata"}]
