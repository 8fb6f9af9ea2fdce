"""Property: whatever the sequence of receipts into lots, losses, counts, sales and refunds a
lot-tracked product goes through, its level's `on_hand` equals the units of its lots and the
sum of its movements, each movement's lots add up to its quantity, no expired unit is ever
sold, and `available` + reservations are the units of unexpired lots."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import Counter, Stack, add_count, move_stock, open_counter, stock_level, unique

LOTS = ("A", "B", "C", "D")
# Days from today to each lot's expiry date: A is expired, the others are not.
EXPIRY = {"A": -3, "B": 5, "C": 40, "D": 200}
units = st.integers(min_value=1, max_value=8)
lot = st.sampled_from(LOTS)
steps = st.one_of(
    st.tuples(st.just("receive"), lot, units),
    st.tuples(st.just("receive"), lot, units),
    st.tuples(st.just("loss"), st.one_of(st.none(), lot), units),
    st.tuples(st.just("count"), st.one_of(st.none(), lot), st.integers(0, 10)),
    st.tuples(st.just("sell"), units),
    st.tuples(st.just("sell"), units),
    st.tuples(st.just("refund"), units),
)


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


def _today() -> date:
    return datetime.now(ZoneInfo("Africa/Douala")).date()


def _expiry(name: str) -> str:
    return (_today() + timedelta(days=EXPIRY[name])).isoformat()


def _lots(counter: Counter, product: str) -> dict[str, int]:
    reply = counter.tenant.get(f"/v1/stock/lots?store_id={counter.store}&product_id={product}")
    return {item["lot"]: item["on_hand"] for item in reply.json["items"]}


def _step(
    counter: Counter, product: str, sold: list[dict[str, Any]], step: tuple[Any, ...]
) -> None:
    kind = step[0]
    store, tenant = counter.store, counter.tenant
    if kind == "receive":
        _, name, quantity = step
        reply = move_stock(tenant, store, product, "RECEIPT", quantity, lot=name,
                           expiry_date=_expiry(name))  # fmt: skip
        assert reply.status == 201, reply
    elif kind == "loss":
        _, name, quantity = step
        extra = {"lot": name} if name else {}
        reply = move_stock(tenant, store, product, "LOSS", quantity, **extra)
        assert reply.status in (201, 409), reply
    elif kind == "count":
        _, name, counted = step
        held = _lots(counter, product)
        if name is None and counted > sum(held.values()):
            return  # units found need their lot (422, checked elsewhere)
        line: dict[str, Any] = {"product_id": product, "counted_qty": counted}
        if name:
            line.update(lot=name, expiry_date=_expiry(name))
        count = add_count(tenant, store, [line])
        assert tenant.post(f"/v1/stock-counts/{count['id']}/apply").status == 200
    elif kind == "sell":
        _, quantity = step
        body = {"store_id": store, "lines": [{"product_id": product, "quantity": quantity}]}
        draft = tenant.post("/v1/sales", body, token=counter.seller.token)
        assert draft.status == 201, draft
        submitted = tenant.post(f"/v1/sales/{draft.json['id']}/submit", token=counter.seller.token)
        if submitted.status == 409:
            assert submitted.json["code"] == "INSUFFICIENT_STOCK", submitted
            return
        assert submitted.status == 200, submitted
        paid = counter.pay(draft.json["id"], "CARD", submitted.json["total"])
        (sold_line,) = paid["lines"]
        assert all(part["lot"] != "A" for part in sold_line["lots"]), sold_line
        assert sum(part["quantity"] for part in sold_line["lots"]) == quantity
        sold.append(paid)
    elif sold:
        _, quantity = step
        sale = sold[-1]
        left = sale["lines"][0]["quantity"] - sale["lines"][0]["refunded_quantity"]
        if left:
            lines = [{"product_id": product, "quantity": min(quantity, left)}]
            assert counter.refund(sale["id"], lines).status == 201
            sold[-1] = tenant.get(f"/v1/sales/{sale['id']}").json


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=1, max_size=8))
def test_a_lot_tracked_level_always_equals_its_lots_and_its_movements(
    counter: Counter, sequence: list[tuple[Any, ...]]
) -> None:
    """A fresh product per example, so a failure shrinks to its own steps."""
    product = counter.tenant.post(
        "/v1/products",
        {"sku": unique("PROP").upper(), "name": "Sirop", "price": 700, "track_lots": True},
    ).json["id"]
    sold: list[dict[str, Any]] = []
    for step in sequence:
        _step(counter, product, sold, step)

    held = _lots(counter, product)
    level = stock_level(counter.tenant, counter.store, product)
    moves = counter.tenant.get(f"/v1/stock-movements?product_id={product}&limit=200").json["items"]
    assert level["on_hand"] == sum(held.values()) == sum(m["quantity"] for m in moves)
    for move in moves:
        assert sum(part["quantity"] for part in move["lots"] or []) == move["quantity"], move
    fresh = sum(units for name, units in held.items() if EXPIRY[name] >= 0)
    assert level["available"] + level["reserved"] == fresh
    assert level.get("expired", 0) == held.get("A", 0)
