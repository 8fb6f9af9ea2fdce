"""Lists over time buckets do bounded work per request, whatever the period asked for; their
filter dates are bounded and in order; their cursors are opaque and bound to the query."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pynamodb.connection.base import Connection

import chalicelib.clock
from chalicelib.buckets import QUERY_BUDGET
from chalicelib.tenancy.service import move_activity_back
from tests.support import Tenant, add_product, add_store, add_transfer, add_user

TIME_LISTS = ["/v1/stock-movements", "/v1/sales", "/v1/audit-log", "/v1/payments"]


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The partitions every DynamoDB Query of the test reads, in order."""
    sent: list[str] = []
    original = Connection.query

    def counted(self: Connection, table_name: str, hash_key: str, *args: Any, **kwargs: Any) -> Any:
        sent.append(hash_key)
        return original(self, table_name, hash_key, *args, **kwargs)

    monkeypatch.setattr(Connection, "query", counted)
    yield sent


def _read_all(tenant: Tenant, path: str) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    cursor, pages = "", 0
    while True:
        separator = "&" if "?" in path else "?"
        reply = tenant.get(path + (f"{separator}cursor={cursor}" if cursor else ""))
        assert reply.status == 200, reply
        items += reply.json["items"]
        pages += 1
        cursor = reply.json["next_cursor"]
        if not cursor:
            return items, pages


@pytest.mark.parametrize("path", TIME_LISTS)
def test_the_widest_period_on_a_new_tenant_reads_only_its_months(
    tenant: Tenant, queries: list[str], path: str
) -> None:
    started = time.perf_counter()
    reply = tenant.get(f"{path}?from=2000-01-01&to=2100-12-31")
    assert reply.status == 200, reply
    assert reply.json == {"items": [], "next_cursor": None} or path == "/v1/audit-log"
    assert 1 <= len(queries) <= 2 and time.perf_counter() - started < 2


@pytest.mark.parametrize("path", TIME_LISTS)
def test_a_period_in_the_future_reads_nothing(
    tenant: Tenant, queries: list[str], path: str
) -> None:
    reply = tenant.get(f"{path}?from=2100-01-01")
    assert reply.status == 200 and reply.json == {"items": [], "next_cursor": None}, reply
    assert queries == []


@pytest.mark.parametrize("path", TIME_LISTS)
def test_a_long_history_is_read_in_pages_of_bounded_work(
    tenant: Tenant, queries: list[str], path: str
) -> None:
    move_activity_back(tenant.id, "2020-01-01T00:00:00Z")
    first = tenant.get(f"{path}?from=2000-01-01&limit=200")
    assert first.status == 200 and first.json["next_cursor"], first
    assert len(queries) == QUERY_BUDGET
    _, pages = _read_all(tenant, f"{path}?from=2000-01-01&limit=200")
    months = (datetime.now(UTC).year - 2020) * 12 + datetime.now(UTC).month
    assert pages == -(-months // QUERY_BUDGET)


def test_moving_the_tenants_activity_back_shows_older_history(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = add_store(tenant, "Akwa", "OLD")["id"]
    product = add_product(tenant, sku="OLD-1", name="Radio", price=9000)
    past = datetime(2024, 3, 10, 9, 30, tzinfo=UTC)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: past)
    moved = tenant.post(
        "/v1/stock-movements",
        {"store_id": store, "product_id": product["id"], "type": "RECEIPT", "quantity": 4},
    )
    monkeypatch.undo()
    assert moved.status == 201 and moved.json["created_at"] == "2024-03-10T09:30:00Z"
    path = "/v1/stock-movements?from=2024-01-01&limit=200"
    assert [m["id"] for m in _read_all(tenant, path)[0]] == []
    move_activity_back(tenant.id, "2024-03-01T00:00:00Z")
    move_activity_back(tenant.id, "2025-01-01T00:00:00Z")
    assert [m["id"] for m in _read_all(tenant, path)[0]] == [moved.json["id"]]


@pytest.mark.parametrize("path", TIME_LISTS)
@pytest.mark.parametrize(
    "query,field",
    [
        ("from=0999-12-31", "from"),
        ("from=9999-12-31", "from"),
        ("to=9999-12-31", "to"),
        ("from=1999-12-31", "from"),
        ("from=2026-03-01&to=2026-02-28", "from"),
        ("to=0001-01-01", "to"),
    ],
)
def test_filter_dates_outside_2000_to_2100_or_out_of_order_are_422_on_their_field(
    tenant: Tenant, path: str, query: str, field: str
) -> None:
    reply = tenant.get(f"{path}?{query}")
    assert reply.status == 422 and reply.json["code"] == "VALIDATION_ERROR", reply
    assert [error["field"] for error in reply.json["errors"]] == [field]


@pytest.mark.parametrize("cursor", [".%C3%AA", "%C3%AA", "abc", "." * 10, "%00"])
def test_a_cursor_that_was_never_issued_is_422_on_the_cursor_field(
    tenant: Tenant, cursor: str
) -> None:
    for path in ("/v1/products", "/v1/sales", "/v1/stock", "/v1/stores"):
        reply = tenant.get(f"{path}?cursor={cursor}")
        assert reply.status == 422, (path, reply)
        assert [error["field"] for error in reply.json["errors"]] == ["cursor"]


def test_cursors_show_nothing_and_serve_only_their_query(tenant: Tenant) -> None:
    for code in ("CA", "CB", "CC"):
        add_store(tenant, f"Magasin {code}", code)
    page = tenant.get("/v1/stores?limit=1").json
    cursor = page["next_cursor"]
    assert cursor and tenant.id not in cursor and "STORE" not in cursor
    assert tenant.get(f"/v1/stores?limit=1&cursor={cursor}").status == 200
    assert tenant.get(f"/v1/products?limit=1&cursor={cursor}").status == 422


def test_a_filtered_list_stops_at_its_budget_and_resumes(
    tenant: Tenant, queries: list[str]
) -> None:
    mine, other, third = (
        add_store(tenant, f"Magasin {code}", code)["id"] for code in ("FA", "FB", "FC")
    )
    product = add_product(tenant, sku="FLT-1", name="Radio", price=9000)
    lines = [{"product_id": product["id"], "quantity": 1}]
    ours = add_transfer(tenant, mine, other, lines)["id"]
    for _ in range(QUERY_BUDGET + 2):
        transfer = {"from_store_id": other, "to_store_id": third, "lines": lines}
        assert tenant.post("/v1/stock-transfers", transfer).status == 201
    stocker = add_user(tenant, "STOCKER", [mine])
    queries.clear()
    first = tenant.get("/v1/stock-transfers?limit=1", token=stocker.token)
    assert first.json["items"] == [] and first.json["next_cursor"], first
    assert len(queries) == QUERY_BUDGET
    second = tenant.get(
        f"/v1/stock-transfers?limit=1&cursor={first.json['next_cursor']}", token=stocker.token
    )
    assert [t["id"] for t in second.json["items"]] == [ours], second
