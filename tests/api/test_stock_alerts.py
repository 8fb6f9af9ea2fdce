"""Stock alerts raised and resolved by the stream as levels cross their minimum."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from chalicelib.alerts.events import on_stock_level
from chalicelib.clock import new_id
from chalicelib.streams import Change
from tests.support import Shop, Stack, add_user, open_shop, set_thresholds


@pytest.fixture(scope="module")
def shop(stack: Stack) -> Shop:
    return open_shop(stack.api)


def _alerts(shop: Shop, query: str = "", **kwargs: Any) -> list[dict[str, Any]]:
    reply = shop.tenant.get(f"/v1/alerts?store_id={shop.akwa}{query}", **kwargs)
    assert reply.status == 200, reply
    return list(reply.json["items"])


def _about(alerts: list[dict[str, Any]], product: str) -> dict[str, dict[str, Any]]:
    return {a["type"]: a for a in alerts if a["subject"] == {"kind": "product", "id": product}}


def test_low_stock_opens_resolves_and_counts_crossings(
    shop: Shop, drain: Callable[[], int]
) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 10)
    set_thresholds(shop.tenant, shop.akwa, product, min_qty=4)
    shop.move(product, "LOSS", 7)
    drain()
    low = _about(_alerts(shop), product)["LOW_STOCK"]
    assert (low["status"], low["count"], low["severity"]) == ("OPEN", 1, "WARNING")
    assert low["store_id"] == shop.akwa and "3 available" in low["message"]
    shop.move(product, "RECEIPT", 5)
    drain()
    assert _about(_alerts(shop), product)["LOW_STOCK"]["status"] == "RESOLVED"
    shop.move(product, "LOSS", 5)
    drain()
    again = _about(_alerts(shop, "&status=OPEN"), product)["LOW_STOCK"]
    assert (again["id"], again["count"]) == (low["id"], 2)


def test_out_of_stock_replaces_low_stock(shop: Shop, drain: Callable[[], int]) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 2)
    set_thresholds(shop.tenant, shop.akwa, product, min_qty=2)
    drain()
    shop.move(product, "LOSS", 2)
    drain()
    alerts = _about(_alerts(shop), product)
    assert alerts["LOW_STOCK"]["status"] == "RESOLVED"
    assert (alerts["OUT_OF_STOCK"]["status"], alerts["OUT_OF_STOCK"]["severity"]) == (
        "OPEN",
        "CRITICAL",
    )


def test_replaying_the_stream_changes_nothing(shop: Shop, drain: Callable[[], int]) -> None:

    product = shop.product()
    shop.move(product, "RECEIPT", 1)
    shop.move(product, "LOSS", 1)
    drain()
    opened = _about(_alerts(shop), product)["OUT_OF_STOCK"]
    stocked = {
        "pk": "k",
        "sk": product,
        "tenant_id": shop.tenant.id,
        "store_id": shop.akwa,
        "product_id": product,
        "available": 1,
        "min_qty": 0,
    }
    empty = {**stocked, "available": 0}
    older = [
        Change("e0", "1", "MODIFY", "StockLevel", 0, stocked, empty),
        Change("e1", "2", "MODIFY", "StockLevel", 0, empty, stocked),
    ]
    _deliver(older[:1])
    _deliver(older[1:])
    assert _about(_alerts(shop), product)["OUT_OF_STOCK"] == opened
    later = "9" * 30
    newer = [Change("e2", later, "MODIFY", "StockLevel", 0, empty, stocked)]
    _deliver(newer)
    _deliver(newer)
    resolved = _about(_alerts(shop), product)["OUT_OF_STOCK"]
    assert (resolved["status"], resolved["count"]) == ("RESOLVED", 1)
    crossing = [Change("e3", later + "1", "MODIFY", "StockLevel", 0, stocked, empty)]
    _deliver(crossing)
    _deliver(crossing)
    assert _about(_alerts(shop), product)["OUT_OF_STOCK"]["count"] == 2


def _deliver(changes: list[Change]) -> None:
    for change in changes:
        on_stock_level(change)


def _level_changes(shop: Shop, product: str, min_qty: int, path: list[int]) -> list[Change]:
    """Stream records of a level whose available goes through `path`, numbered after any
    real record."""
    level = {"tenant_id": shop.tenant.id, "store_id": shop.akwa, "product_id": product}
    images = [{**level, "available": available, "min_qty": min_qty} for available in path]
    return [
        Change(f"e{n}", "9" * 31 + str(n), "MODIFY", "StockLevel", 0, old, new)
        for n, (old, new) in enumerate(pairwise(images))
    ]


def test_a_retried_batch_cut_differently_counts_each_crossing_once(shop: Shop) -> None:
    product = new_id()
    down, deeper, up, down_again = _level_changes(shop, product, 4, [10, 3, 2, 8, 1])
    _deliver([down])
    _deliver([down, deeper])
    low = _about(_alerts(shop), product)["LOW_STOCK"]
    assert (low["status"], low["count"]) == ("OPEN", 1)
    _deliver([up, down_again])
    _deliver([deeper, up, down_again])
    low = _about(_alerts(shop), product)["LOW_STOCK"]
    assert (low["status"], low["count"]) == ("OPEN", 2), "a crossing inside one batch counts"


def test_acknowledge_and_resolve_by_a_manager(shop: Shop, drain: Callable[[], int]) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 1)
    shop.move(product, "LOSS", 1)
    drain()
    alert = _about(_alerts(shop, "&type=OUT_OF_STOCK"), product)["OUT_OF_STOCK"]
    acked = shop.tenant.post(f"/v1/alerts/{alert['id']}/acknowledge")
    assert acked.json["status"] == "ACKNOWLEDGED", acked
    assert shop.tenant.post(f"/v1/alerts/{alert['id']}/acknowledge").status == 409
    stocker = add_user(shop.tenant, "STOCKER", [shop.akwa])
    assert shop.tenant.post(f"/v1/alerts/{alert['id']}/resolve", token=stocker.token).status == 403
    assert alert["id"] in {a["id"] for a in _alerts(shop, token=stocker.token)}
    assert _alerts(shop, "&type=CASH_VARIANCE", token=stocker.token) == []
    resolved = shop.tenant.post(f"/v1/alerts/{alert['id']}/resolve")
    assert resolved.json["status"] == "RESOLVED" and resolved.json["resolved_by"]
    assert shop.tenant.post("/v1/alerts/01M7Z4PCX1XMFA4NCCDT81383H/resolve").status == 404
