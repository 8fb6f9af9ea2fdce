"""Reorder suggestions: what is short once open orders arrive, how much to buy, from whom, and
DRAFT orders made from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support import (
    Tenant,
    add_product,
    add_store,
    add_supplier,
    add_user,
    open_shift,
    paid_sale,
    receive_goods,
    sent_order,
    set_thresholds,
)


def _shop(tenant: Tenant) -> dict[str, Any]:
    store, supplier = add_store(tenant, "Akwa")["id"], add_supplier(tenant)["id"]
    names = ("Chargeur", "Écouteurs", "Batterie", "Coque")
    ids = {name: add_product(tenant, name=name, price=3000, cost=400)["id"] for name in names}
    receive = [
        {"product_id": ids["Chargeur"], "quantity": 4, "unit_cost": 500},
        {"product_id": ids["Batterie"], "quantity": 10, "unit_cost": 900},
        {"product_id": ids["Coque"], "quantity": 2, "unit_cost": 100},
    ]
    receive_goods(tenant, store, receive, supplier_id=supplier)
    open_shift(tenant, store)
    paid_sale(tenant, store, [{"product_id": ids["Chargeur"], "quantity": 2}], 6000)
    order = [
        {"product_id": ids["Chargeur"], "quantity": 3, "unit_cost": 500},
        {"product_id": ids["Coque"], "quantity": 4, "unit_cost": 100},
    ]
    sent_order(tenant, supplier, store, order)
    set_thresholds(tenant, store, ids["Chargeur"], min_qty=10)
    set_thresholds(tenant, store, ids["Écouteurs"], min_qty=5, reorder_qty=12)
    set_thresholds(tenant, store, ids["Batterie"], min_qty=3)
    set_thresholds(tenant, store, ids["Coque"], min_qty=5)
    return {"store": store, "supplier": supplier, **ids}


def test_suggestions_count_open_orders_sales_and_the_last_supplier(
    tenant: Tenant, drain: Callable[[], int]
) -> None:
    shop = _shop(tenant)
    drain()  # the units sold come from the reports' rollups, which the stream keeps
    reply = tenant.get(f"/v1/reorder-suggestions?store_id={shop['store']}")
    assert reply.status == 200, reply
    rows = {row["name"]: row for row in reply.json["items"]}
    assert set(rows) == {"Chargeur", "Écouteurs"}  # Batterie above, Coque covered by its order
    charger = rows["Chargeur"]
    assert (charger["available"], charger["on_order"], charger["min_qty"]) == (2, 3, 10)
    assert charger["suggested_qty"] == 2 * 10 - 2 - 3
    assert (charger["sold_28d"], charger["days_of_cover"]) == (2, 28)
    assert (charger["supplier_id"], charger["last_unit_cost"]) == (shop["supplier"], 500)
    earphones = rows["Écouteurs"]
    assert earphones["suggested_qty"] == 12 and earphones["supplier_id"] is None
    assert earphones["sold_28d"] == 0 and earphones["days_of_cover"] is None


def test_suggested_orders_are_drafts_per_supplier_and_skip_the_unsupplied(
    tenant: Tenant,
) -> None:
    shop = _shop(tenant)
    reply = tenant.post("/v1/reorder-suggestions/purchase-orders", {"store_id": shop["store"]})
    assert reply.status == 201, reply
    (order,) = reply.json["purchase_orders"]
    assert order["status"] == "DRAFT" and order["supplier_id"] == shop["supplier"]
    assert [
        (line["product_id"], line["quantity"], line["unit_cost"]) for line in order["lines"]
    ] == [(shop["Chargeur"], 15, 500)]
    assert reply.json["skipped"] == [shop["Écouteurs"]]


def test_a_stocker_reads_suggestions_and_may_not_order_them(tenant: Tenant) -> None:
    store = add_store(tenant, "Deido")["id"]
    stocker = add_user(tenant, "STOCKER", [store])
    assert (
        tenant.get(f"/v1/reorder-suggestions?store_id={store}", token=stocker.token).status == 200
    )
    body = {"store_id": store}
    reply = tenant.post("/v1/reorder-suggestions/purchase-orders", body, token=stocker.token)
    assert reply.status == 403


def test_suggestions_come_in_pages(tenant: Tenant) -> None:
    shop = _shop(tenant)
    first = tenant.get(f"/v1/reorder-suggestions?store_id={shop['store']}&limit=1")
    assert first.status == 200 and len(first.json["items"]) == 1 and first.json["next_cursor"]
    cursor = first.json["next_cursor"]
    second = tenant.get(f"/v1/reorder-suggestions?store_id={shop['store']}&limit=1&cursor={cursor}")
    assert second.status == 200 and len(second.json["items"]) == 1
    names = {first.json["items"][0]["name"], second.json["items"][0]["name"]}
    assert names == {"Chargeur", "Écouteurs"}
