"""Daily and monthly rollups derived from the stream: what a paid sale, a refund and a payment
add, on the tenant's local day, and that a replayed stream changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.reports.rollups import TENANT, store_scope
from tests.support import Counter, Stack, add_category, open_counter


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


@pytest.fixture
def at_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Pin the app's clock to an RFC 3339 instant."""
    import chalicelib.clock

    def pin(moment: str) -> None:
        pinned = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
        monkeypatch.setattr(chalicelib.clock, "now", lambda: pinned)

    yield pin


def rollups(counter: Counter, scope: str, first: str, last: str) -> dict[tuple[str, ...], Any]:
    from chalicelib.reports import repository

    found = [
        item
        for dimension in ("TOTAL", "PRODUCT", "CATEGORY", "SELLER", "METHOD", "HOUR")
        for item in repository.rollups_between(counter.tenant.id, scope, dimension, first, last)
    ]
    return {
        (item.key.period, item.key.dimension, item.key.member): dict(item.figures) for item in found
    }


def test_sales_paid_either_side_of_local_midnight_land_on_their_days(
    counter: Counter, drain: Callable[[], int], at_time: Callable[[str], None]
) -> None:
    category = add_category(counter.tenant, "Boissons")["id"]
    product = counter.product(price=1000, cost=600, category_id=category)
    drain()
    at_time("2031-03-10T22:59:59Z")  # 23:59:59 in Douala (UTC+1)
    late = counter.sell([{"product_id": product, "quantity": 2}])
    at_time("2031-03-10T23:00:01Z")  # 00:00:01 the next local day
    early = counter.sell([{"product_id": product, "quantity": 3}])
    drain()
    days = rollups(counter, store_scope(counter.store), "2031-03-10", "2031-03-11")
    assert days[("2031-03-10", "TOTAL", "")]["revenue"] == late["total"] == 2000
    assert days[("2031-03-11", "TOTAL", "")]["revenue"] == early["total"] == 3000
    assert days[("2031-03-10", "HOUR", "23")]["sales_count"] == 1
    assert days[("2031-03-11", "HOUR", "00")]["sales_count"] == 1
    assert days[("2031-03-11", "PRODUCT", product)]["quantity"] == 3
    assert days[("2031-03-11", "CATEGORY", category)]["revenue"] == 3000
    assert days[("2031-03-11", "METHOD", "CASH")] == {"taken": 3000, "payments_count": 1}
    # The tax-excluded amount less the product's cost: 3000 - 479 tax - 3 x 600.
    assert days[("2031-03-11", "TOTAL", "")]["gross_margin"] == 3000 - early["tax_total"] - 1800
    month = rollups(counter, TENANT, "2031-03", "2031-03")
    assert month[("2031-03", "TOTAL", "")]["sales_count"] == 2
    assert month[("2031-03", "SELLER", counter.seller.id)]["revenue"] == 5000


def test_a_refund_counts_on_its_own_day(
    counter: Counter, drain: Callable[[], int], at_time: Callable[[str], None]
) -> None:
    product = counter.product(price=2000, cost=1500)
    at_time("2031-04-01T10:00:00Z")
    sale = counter.sell([{"product_id": product, "quantity": 2}])
    at_time("2031-04-02T10:00:00Z")
    assert counter.refund(sale["id"], [{"product_id": product, "quantity": 1}]).status == 201
    drain()
    days = rollups(counter, store_scope(counter.store), "2031-04-01", "2031-04-02")
    assert days[("2031-04-01", "TOTAL", "")]["revenue"] == 4000
    refunded = days[("2031-04-02", "TOTAL", "")]
    assert refunded["refunds_total"] == 2000 and "revenue" not in refunded
    excluded = 2000 - round(sale["tax_total"] / 2)
    assert refunded["gross_margin"] == -(excluded - 1500)


def test_payments_count_what_was_taken_net_of_change(
    counter: Counter, drain: Callable[[], int], at_time: Callable[[str], None]
) -> None:
    product = counter.product(price=1500, cost=0)
    at_time("2031-05-05T12:00:00Z")
    counter.sell(
        [{"product_id": product, "quantity": 1}],
        [("MOBILE_MONEY", 500, None), ("CASH", 1000, 5000)],
    )
    drain()
    days = rollups(counter, store_scope(counter.store), "2031-05-05", "2031-05-05")
    assert days[("2031-05-05", "METHOD", "CASH")] == {"taken": 1000, "payments_count": 1}
    assert days[("2031-05-05", "METHOD", "MOBILE_MONEY")] == {"taken": 500, "payments_count": 1}


def test_replaying_the_stream_twice_changes_no_rollup(
    counter: Counter, stack: Stack, drain: Callable[[], int], at_time: Callable[[str], None]
) -> None:
    product = counter.product(price=700, cost=200)
    drain()
    replay = stack.replay_from_now()
    second = stack.replay_from_now()
    at_time("2031-06-06T08:00:00Z")
    sale = counter.sell([{"product_id": product, "quantity": 4}])
    counter.sell([{"product_id": product, "quantity": 1}], store=counter.other_store)
    at_time("2031-06-06T09:00:00Z")
    assert counter.refund(sale["id"], [{"product_id": product, "quantity": 1}]).status == 201
    drain()
    scopes = (store_scope(counter.store), store_scope(counter.other_store), TENANT)
    before = {s: rollups(counter, s, "2031-06-06", "2031-06-06") for s in scopes}
    months = {s: rollups(counter, s, "2031-06", "2031-06") for s in scopes}
    assert before[TENANT][("2031-06-06", "TOTAL", "")]["revenue"] == 3500
    assert replay.drain() > 0
    assert second.drain() > 0
    drain()
    assert {s: rollups(counter, s, "2031-06-06", "2031-06-06") for s in scopes} == before
    assert {s: rollups(counter, s, "2031-06", "2031-06") for s in scopes} == months


def test_a_month_item_keeps_the_marks_of_its_last_days_only(
    counter: Counter, drain: Callable[[], int], at_time: Callable[[str], None]
) -> None:
    from chalicelib.reports import repository
    from chalicelib.reports.rollups import RollupKey

    product = counter.product(price=500, cost=100)
    drain()
    for day in range(1, 10):
        at_time(f"2031-07-{day:02d}T10:00:00Z")
        counter.sell([{"product_id": product, "quantity": 1}])
        drain()
    location = repository.rollup_location(
        counter.tenant.id, RollupKey(TENANT, "2031-07", "TOTAL", "")
    )
    marks = repository.marks(*location)
    # Each day's update removed the marks of the days more than 3 days before it.
    assert sorted(marks) == [f"{repository.MARK}2031-07-{day:02d}" for day in (6, 7, 8, 9)]
    month = rollups(counter, TENANT, "2031-07", "2031-07")
    assert month[("2031-07", "TOTAL", "")]["sales_count"] == 9
    assert month[("2031-07", "TOTAL", "")]["revenue"] == 9 * 500
