"""The kpi-snapshot job and GET /v1/reports/kpi-snapshots: one snapshot per store and for the
tenant per local day, written once (running the job again, or the scheduler passing twice,
changes nothing), taken when 01:00 local has passed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from chalicelib import jobs
from chalicelib.tenancy import tenant_zones
from tests.support import Counter, Stack, add_user, open_counter

ZONE = "Africa/Douala"  # UTC+1 all year


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


def _pin(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    import chalicelib.clock

    pinned = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: pinned)


def _snapshots(counter: Counter, query: str, token: str | None = None) -> list[dict[str, Any]]:
    reply = counter.tenant.get(
        f"/v1/reports/kpi-snapshots?{query}", token=token or counter.tenant.token
    )
    assert reply.status == 200, reply
    return list(reply.json["items"])


def _kpis(counter: Counter, query: str) -> dict[str, Any]:
    reply = counter.tenant.get(f"/v1/reports/kpis?{query}")
    assert reply.status == 200, reply
    return dict(reply.json)


def _mine(counter: Counter) -> dict[str, str]:
    return {counter.tenant.id: ZONE}


def test_the_snapshot_is_the_days_kpis_per_store_and_for_the_tenant_written_once(
    counter: Counter, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    product = counter.product(price=1500, cost=900)
    _pin(monkeypatch, "2034-04-10T10:00:00Z")
    counter.sell([{"product_id": product, "quantity": 2}])
    counter.sell([{"product_id": product, "quantity": 1}], store=counter.other_store)
    monkeypatch.undo()
    drain()
    summary = jobs.run_job("kpi-snapshot", date(2034, 4, 10), zones=_mine(counter))
    assert summary["findings"]["kpi-snapshot"] == 3 and summary["failures"] == 0
    taken = _snapshots(counter, "from=2034-04-10&to=2034-04-10")
    assert [row["store_id"] for row in taken] == [
        None,
        *sorted([counter.store, counter.other_store]),
    ]
    assert all(row["date"] == "2034-04-10" for row in taken)
    day = _kpis(counter, "from=2034-04-10&to=2034-04-10")
    tenant_row = taken[0]
    for name in ("revenue", "sales_count", "gross_margin", "items_sold", "by_payment_method",
                 "top_products", "by_day", "stock_value", "credit_outstanding"):  # fmt: skip
        assert tenant_row[name] == day[name], name
    assert tenant_row["revenue"] == 4500
    store_rows = {row["store_id"]: row for row in taken[1:]}
    assert store_rows[counter.store]["revenue"] == 3000
    assert store_rows[counter.other_store]["revenue"] == 1500
    assert store_rows[counter.store]["credit_outstanding"] is None

    # A late sale on that day and a second run: the snapshot stays as it was first written.
    _pin(monkeypatch, "2034-04-10T20:00:00Z")
    counter.sell([{"product_id": product, "quantity": 5}])
    monkeypatch.undo()
    drain()
    again = jobs.run_job("kpi-snapshot", date(2034, 4, 10), zones=_mine(counter))
    assert again["findings"]["kpi-snapshot"] == 0
    assert _snapshots(counter, "from=2034-04-10&to=2034-04-10") == taken
    assert _kpis(counter, "from=2034-04-10&to=2034-04-10")["revenue"] == 4500 + 7500


def test_the_scheduler_snapshots_yesterday_once_01_00_local_has_passed(
    counter: Counter, drain: Callable[[], int]
) -> None:
    """In Douala 01:00 local is 00:00 UTC: the pass at 00:10 UTC (window 23:30-00:00 UTC)
    takes 2034-05-01; passes before it take nothing, and the same pass again skips it."""
    before = jobs.run_schedule("2034-05-01T23:40:00Z", zones=_mine(counter))
    assert "kpi-snapshot" not in before["findings"]  # (expiring-lots, at 00:15 local, ran)
    assert _snapshots(counter, "from=2034-05-01&to=2034-05-01") == []
    first = jobs.run_schedule("2034-05-02T00:10:00Z", zones=_mine(counter))
    assert (first["runs"], first["skipped"], first["failures"]) == (1, 0, 0)
    assert first["findings"]["kpi-snapshot"] == 3
    taken = _snapshots(counter, "from=2034-05-01&to=2034-05-01")
    assert len(taken) == 3 and {row["date"] for row in taken} == {"2034-05-01"}
    repeated = jobs.run_schedule("2034-05-02T00:20:00Z", zones=_mine(counter))
    assert (repeated["runs"], repeated["skipped"]) == (0, 1)
    following = jobs.run_schedule("2034-05-02T00:40:00Z", zones=_mine(counter))
    assert (following["runs"], following["skipped"]) == (0, 0)
    assert _snapshots(counter, "from=2034-05-01&to=2034-05-01") == taken


def test_the_scheduler_finds_the_tenant_and_its_zone_in_the_registry(counter: Counter) -> None:
    assert dict(tenant_zones())[counter.tenant.id] == ZONE


def test_a_store_limited_reader_sees_its_stores_rows_only(counter: Counter) -> None:
    jobs.run_job("kpi-snapshot", date(2034, 6, 1), zones=_mine(counter))
    manager = add_user(counter.tenant, "MANAGER", [counter.store])
    rows = _snapshots(counter, "from=2034-06-01&to=2034-06-01", token=manager.token)
    assert [row["store_id"] for row in rows] == [counter.store]
    one = _snapshots(counter, f"from=2034-06-01&to=2034-06-01&store_id={counter.other_store}")
    assert [row["store_id"] for row in one] == [counter.other_store]
    path = f"/v1/reports/kpi-snapshots?store_id={counter.other_store}"
    assert counter.tenant.get(path, token=manager.token).status == 403


def test_a_failing_tenant_does_not_stop_the_others(counter: Counter) -> None:
    zones = {"01NOTATENANT0000000000000": ZONE, **_mine(counter)}
    summary = jobs.run_job("kpi-snapshot", date(2034, 7, 1), zones=zones)
    assert summary["tenants"] == 2 and summary["failures"] == 1
    assert len(_snapshots(counter, "from=2034-07-01&to=2034-07-01")) == 3


def test_an_unknown_job_is_refused() -> None:
    with pytest.raises(KeyError, match="kpi-snapshot"):
        jobs.run_job("no-such-job")


def _marked(tenant_id: str, scopes: list[str], month: str) -> list[tuple[str, str]]:
    """The (scope, sort key) of each month item of `month` that still carries marks."""
    from chalicelib.reports import repository
    from chalicelib.reports.rollups import DIMENSIONS

    return [
        (scope, sk)
        for scope in scopes
        for dimension in DIMENSIONS
        for sk, _ in repository.marked_month_items(tenant_id, scope, dimension, month)
    ]


def _settled(tenant_id: str, scopes: list[str]) -> list[str | None]:
    from chalicelib.reports import repository

    return [repository.settled_month(tenant_id, scope) for scope in scopes]


def test_the_snapshot_clears_the_marks_of_the_months_the_stream_writes_to_no_more(
    stack: Stack, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """August is settled once it ended more than 3 days (JOURNAL_DAYS) before today: the run
    of 2034-09-04 clears its month items' marks, leaves their figures, and notes the month so
    the next runs read one item per scope and clear nothing more."""
    shop = open_counter(stack.api)
    zones = {shop.tenant.id: ZONE}
    scopes = ["tenant", f"store:{shop.store}", f"store:{shop.other_store}"]
    product = shop.product(price=2000, cost=1200)
    _pin(monkeypatch, "2034-08-31T21:00:00Z")  # 22:00 in Douala, the month's last day
    shop.sell([{"product_id": product, "quantity": 2}])
    monkeypatch.undo()
    drain()
    marked = _marked(shop.tenant.id, scopes, "2034-08")
    assert {scope for scope, _ in marked} == set(scopes[:2])
    assert {sk.split("#")[0] for _, sk in marked} >= {"TOTAL", "PRODUCT", "SELLER", "METHOD"}
    before = _kpis(shop, "from=2034-08-01&to=2034-08-31")
    assert before["revenue"] == 4000

    _pin(monkeypatch, "2034-09-03T10:00:00Z")  # 08-31 is 3 days ago: August may still move
    early = jobs.run_job("kpi-snapshot", date(2034, 9, 3), zones=zones)
    assert early["findings"]["kpi-snapshot"] == 3
    assert _marked(shop.tenant.id, scopes, "2034-08") == marked
    assert _settled(shop.tenant.id, scopes) == ["2034-07"] * 3

    _pin(monkeypatch, "2034-09-04T10:00:00Z")
    settled = jobs.run_job("kpi-snapshot", date(2034, 9, 4), zones=zones)
    assert settled["findings"]["kpi-snapshot"] == 3 + len(marked)
    assert _marked(shop.tenant.id, scopes, "2034-08") == []
    assert _settled(shop.tenant.id, scopes) == ["2034-08"] * 3
    after = _kpis(shop, "from=2034-08-01&to=2034-08-31")
    for name in ("revenue", "sales_count", "gross_margin", "top_products", "by_payment_method"):
        assert after[name] == before[name], name

    _pin(monkeypatch, "2034-09-05T10:00:00Z")
    following = jobs.run_job("kpi-snapshot", date(2034, 9, 5), zones=zones)
    assert following["findings"]["kpi-snapshot"] == 3  # the day's snapshots, nothing cleared
