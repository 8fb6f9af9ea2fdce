"""Property: for random sales, split payments (cash with change) and refunds on both sides of a
local midnight, the rollups the stream keeps equal the figures recomputed from the sales the
API answers."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.reports.rollups import TENANT
from tests.support import Counter, Stack, open_counter

YEARS = itertools.count(2040)
ZONE = ZoneInfo("Africa/Douala")


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


@pytest.fixture(scope="module")
def products(counter: Counter) -> list[str]:
    return [counter.product(price=price, cost=price // 2) for price in (350, 1200, 4999)]


sale_plans = st.lists(
    st.fixed_dictionaries(
        {
            "lines": st.lists(
                st.tuples(st.integers(0, 2), st.integers(1, 4)),
                min_size=1,
                max_size=3,
                unique_by=lambda line: line[0],
            ),
            "minute": st.integers(-30, 30),
            "split": st.booleans(),
            "change": st.integers(0, 2000),
            "refund": st.integers(0, 4),
        }
    ),
    min_size=1,
    max_size=4,
)


def _pin(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    import chalicelib.clock

    monkeypatch.setattr(chalicelib.clock, "now", lambda: moment)


def _expected(made: list[tuple[datetime, dict[str, Any], list[tuple[str, int]]]]) -> dict:
    totals: dict[str, dict[str, int]] = {}
    methods: dict[tuple[str, str], int] = {}
    for paid_at, sale, payments in made:
        day = paid_at.astimezone(ZONE).date().isoformat()
        figures = totals.setdefault(day, {})
        for name, value in (
            ("revenue", sale["total"]),
            ("sales_count", 1),
            ("quantity", sum(line["quantity"] for line in sale["lines"])),
            ("tax_total", sale["tax_total"]),
        ):
            figures[name] = figures.get(name, 0) + value
        for method, amount in payments:
            methods[(day, method)] = methods.get((day, method), 0) + amount
    return {"totals": totals, "methods": methods}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=sale_plans)
def test_rollups_equal_the_figures_recomputed_from_the_sales(
    counter: Counter,
    products: list[str],
    drain: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
    plans: list[dict[str, Any]],
) -> None:
    from chalicelib.reports import repository

    year = next(YEARS)
    midnight = datetime(year, 7, 1, tzinfo=ZONE).astimezone(UTC)
    made, refunds = [], {}
    for plan in plans:
        paid_at = midnight + timedelta(minutes=plan["minute"])
        _pin(monkeypatch, paid_at)
        lines = [{"product_id": products[p], "quantity": q} for p, q in plan["lines"]]
        draft = counter.sell(lines, [("CARD", 1, None)])  # opens the sale, 1 paid by card
        rest = draft["balance_due"]
        payments = [("CARD", 1)]
        if plan["split"] and rest > 1:
            counter_pay = [
                ("MOBILE_MONEY", rest // 2, None),
                ("CASH", rest - rest // 2, rest - rest // 2 + plan["change"]),
            ]
        else:
            counter_pay = [("CASH", rest, rest + plan["change"])]
        sale = draft
        for method, amount, tendered in counter_pay:
            sale = counter.pay(sale["id"], method, amount, tendered)
            payments.append((method, amount))
        made.append((paid_at, sale, payments))
        quantity = min(plan["refund"], sale["lines"][0]["quantity"])
        if quantity:
            at = paid_at + timedelta(minutes=45)
            _pin(monkeypatch, at)
            reply = counter.refund(
                sale["id"], [{"product_id": lines[0]["product_id"], "quantity": quantity}]
            )
            assert reply.status == 201, reply
            day = at.astimezone(ZONE).date().isoformat()
            refunds[day] = refunds.get(day, 0) + reply.json["amount"]
    drain()
    first = (midnight - timedelta(days=1)).astimezone(ZONE).date().isoformat()
    last = (midnight + timedelta(days=1)).astimezone(ZONE).date().isoformat()
    found = [
        item
        for dimension in ("TOTAL", "METHOD")
        for item in repository.rollups_between(counter.tenant.id, TENANT, dimension, first, last)
    ]
    totals = {
        item.key.period: dict(item.figures) for item in found if item.key.dimension == "TOTAL"
    }
    methods = {
        (item.key.period, item.key.member): item.figures["taken"]
        for item in found
        if item.key.dimension == "METHOD"
    }
    expected = _expected(made)
    for day, figures in expected["totals"].items():
        assert {name: totals[day].get(name, 0) for name in figures} == figures
    for day, amount in refunds.items():
        assert totals[day]["refunds_total"] == amount
    assert sum(t.get("refunds_total", 0) for t in totals.values()) == sum(refunds.values())
    assert methods == expected["methods"]
