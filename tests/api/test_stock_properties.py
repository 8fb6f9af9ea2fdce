"""Property: whatever the sequence of movements, transfers and counts, every level's on_hand
equals the sum of its movements, and nothing is ever negative."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import Shop, Stack, open_shop


@pytest.fixture(scope="module")
def shop(stack: Stack) -> Shop:
    return open_shop(stack.api)


PRODUCTS, STORES = 2, 2
quantity = st.integers(min_value=1, max_value=6)
target = st.tuples(st.integers(0, STORES - 1), st.integers(0, PRODUCTS - 1))
steps = st.one_of(
    st.tuples(st.sampled_from(["RECEIPT", "RETURN", "LOSS"]), target, quantity),
    st.tuples(st.just("ADJUSTMENT"), target, st.integers(-6, 6).filter(bool)),
    st.tuples(st.just("TRANSFER"), target, quantity, st.integers(0, 7)),
    st.tuples(st.just("COUNT"), target, st.integers(0, 9)),
)


def _apply(shop: Shop, stores: list[str], products: list[str], step: tuple[Any, ...]) -> None:
    kind, (store_index, product_index) = step[0], step[1]
    store, product = stores[store_index], products[product_index]
    if kind == "TRANSFER":
        _transfer(shop, store, stores[1 - store_index], product, step[2], step[3])
    elif kind == "COUNT":
        count = shop.tenant.post(
            "/v1/stock-counts",
            {"store_id": store, "lines": [{"product_id": product, "counted_qty": step[2]}]},
        )
        assert count.status == 201, count
        applied = shop.tenant.post(f"/v1/stock-counts/{count.json['id']}/apply")
        assert applied.status == 200 or applied.json["code"] == "INSUFFICIENT_STOCK", applied
    else:
        reply = shop.move(product, kind, step[2], store_id=store)
        assert reply.status == 201 or reply.json["code"] == "INSUFFICIENT_STOCK", reply


def _transfer(
    shop: Shop, source: str, destination: str, product: str, sent: int, arrived: int
) -> None:
    created = shop.tenant.post(
        "/v1/stock-transfers",
        {
            "from_store_id": source,
            "to_store_id": destination,
            "lines": [{"product_id": product, "quantity": sent}],
        },
    )
    assert created.status == 201, created
    transfer = created.json["id"]
    shipped = shop.tenant.post(f"/v1/stock-transfers/{transfer}/ship")
    if shipped.status == 409:
        assert shipped.json["code"] == "INSUFFICIENT_STOCK", shipped
        return
    path = f"/v1/stock-transfers/{transfer}/receive"
    if arrived > sent:
        refused = shop.tenant.post(
            path, {"lines": [{"product_id": product, "quantity_received": arrived}]}
        )
        assert refused.status == 422, refused
        arrived = sent
    received = shop.tenant.post(
        path, {"lines": [{"product_id": product, "quantity_received": arrived}]}
    )
    assert received.status == 200, received


def _check(shop: Shop, products: list[str]) -> None:
    for product in products:
        movements = shop.tenant.get(f"/v1/stock-movements?product_id={product}&limit=200").json[
            "items"
        ]
        levels = shop.tenant.get(f"/v1/stock?product_id={product}").json["items"]
        for level in levels:
            total = sum(m["quantity"] for m in movements if m["store_id"] == level["store_id"])
            assert level["on_hand"] == total, (level, movements)
            assert min(level["on_hand"], level["available"], level["reserved"]) >= 0, level
            assert level["available"] == level["on_hand"] - level["reserved"]
        assert {m["store_id"] for m in movements} <= {level["store_id"] for level in levels}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=1, max_size=4))
def test_on_hand_is_the_sum_of_movements_and_never_negative(
    shop: Shop, sequence: list[tuple[Any, ...]]
) -> None:
    """One tenant and its stores for the whole test; fresh products per example, so each
    example starts from nothing and a failure shrinks to its own steps. After each step the
    product it touched is checked (a step touches one product), every product at the end."""
    stores = [shop.akwa, shop.bonamoussadi]
    products = [shop.product() for _ in range(PRODUCTS)]
    for step in sequence:
        _apply(shop, stores, products, step)
        _check(shop, [products[step[1][1]]])
    _check(shop, products)
