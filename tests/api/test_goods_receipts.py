"""Goods receipts: stock, average cost and the order's progress in one write; never more than
the order still expects; lots required for lot-tracked products; cost carried by sales."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import (
    Tenant,
    add_product,
    add_user,
    draft_order,
    open_shift,
    order_lines,
    order_verb,
    paid_sale,
    post_receipt,
    receive_at_cost,
    receive_goods,
    sent_order,
    stock_level,
    supplied_shop,
)


@pytest.fixture
def shop(tenant: Tenant) -> dict[str, Any]:
    return supplied_shop(tenant, phone_cost=50000, cable_cost=600)


def order_of(tenant: Tenant, shop: dict[str, Any]) -> dict[str, Any]:
    return sent_order(tenant, shop["supplier"], shop["store"], order_lines(shop))


def test_an_order_received_in_parts_moves_stock_and_status(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    order = order_of(tenant, shop)
    first = receive_goods(
        tenant,
        shop["store"],
        [{"product_id": shop["phone"], "quantity": 4}],
        purchase_order_id=order["id"],
        reference="BL-001",
    )
    assert first["supplier_id"] == shop["supplier"] and first["total"] == 4 * 60000
    assert first["lines"][0]["unit_cost"] == 60000 and first["currency"] == "XAF"
    now = tenant.get(f"/v1/purchase-orders/{order['id']}").json
    assert now["status"] == "PARTIALLY_RECEIVED"
    assert [line["quantity_received"] for line in now["lines"]] == [4, 0]
    assert stock_level(tenant, shop["store"], shop["phone"])["on_hand"] == 4
    rest = [
        {"product_id": shop["phone"], "quantity": 6},
        {"product_id": shop["cable"], "quantity": 50},
    ]
    second = receive_goods(tenant, shop["store"], rest, purchase_order_id=order["id"])
    done = tenant.get(f"/v1/purchase-orders/{order['id']}").json
    assert done["status"] == "RECEIVED" and done["received_at"]
    moves = tenant.get(f"/v1/stock-movements?store_id={shop['store']}&type=PURCHASE_RECEIPT").json[
        "items"
    ]
    assert sorted(m["quantity"] for m in moves) == [4, 6, 50]
    assert {m["reference"] for m in moves} == {first["id"], second["id"]}


def test_more_than_the_order_still_expects_is_refused_and_changes_nothing(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    order = order_of(tenant, shop)
    receive_goods(
        tenant,
        shop["store"],
        [{"product_id": shop["phone"], "quantity": 8}],
        purchase_order_id=order["id"],
    )
    lines = [
        {"product_id": shop["cable"], "quantity": 10},
        {"product_id": shop["phone"], "quantity": 3},
    ]
    reply = post_receipt(tenant, shop["store"], lines, purchase_order_id=order["id"])
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "lines.1.quantity"
    assert stock_level(tenant, shop["store"], shop["cable"])["on_hand"] == 0
    off = [{"product_id": add_product(tenant)["id"], "quantity": 1}]
    reply = post_receipt(tenant, shop["store"], off, purchase_order_id=order["id"])
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "lines.0.product_id"


@pytest.mark.parametrize("ending", ["draft", "cancel", "close", "received"])
def test_an_order_not_receivable_is_invalid_state(
    tenant: Tenant, shop: dict[str, Any], ending: str
) -> None:
    line = {"product_id": shop["phone"], "quantity": 2, "unit_cost": 60000}
    if ending == "draft":
        order = draft_order(tenant, shop["supplier"], shop["store"], [line])
    else:
        order = sent_order(tenant, shop["supplier"], shop["store"], [line])
    receipt = [{"product_id": shop["phone"], "quantity": 1}]
    if ending in ("close", "received"):
        receive_goods(tenant, shop["store"], receipt, purchase_order_id=order["id"])
    if ending == "received":
        receive_goods(tenant, shop["store"], receipt, purchase_order_id=order["id"])
    elif ending in ("cancel", "close"):
        assert order_verb(tenant, order["id"], ending).status == 200
    reply = post_receipt(tenant, shop["store"], receipt, purchase_order_id=order["id"])
    assert reply.status == 409 and reply.json["code"] == "INVALID_STATE"


def test_a_partly_received_order_cannot_be_cancelled_but_closed(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    order = order_of(tenant, shop)
    receipt = [{"product_id": shop["cable"], "quantity": 5}]
    receive_goods(tenant, shop["store"], receipt, purchase_order_id=order["id"])
    cancel = order_verb(tenant, order["id"], "cancel")
    assert cancel.status == 409 and cancel.json["code"] == "INVALID_STATE"
    closed = order_verb(tenant, order["id"], "close")
    assert closed.status == 200 and closed.json["status"] == "CLOSED"


def test_the_average_cost_is_the_weighted_average_of_what_was_received(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    supplier, store, cable = shop["supplier"], shop["store"], shop["cable"]
    assert stock_level(tenant, store, cable).get("average_cost") in (None, 600)
    receive_at_cost(tenant, store, cable, 2, 100, supplier_id=supplier)
    receive_at_cost(tenant, store, cable, 1, 101, supplier_id=supplier)
    level = stock_level(tenant, store, cable)
    assert level["on_hand"] == 3 and level["average_cost"] == 100  # 301 / 3, half-up
    receive_at_cost(tenant, store, cable, 1, 103, supplier_id=supplier)
    assert stock_level(tenant, store, cable)["average_cost"] == 101  # 404 / 4


def test_a_sale_records_the_unit_cost_and_leaves_the_average(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    store, cable = shop["store"], shop["cable"]
    receive_at_cost(tenant, store, cable, 4, 650, supplier_id=shop["supplier"])
    open_shift(tenant, store)
    paid_sale(tenant, store, [{"product_id": cable, "quantity": 3}], 6000)
    sales = tenant.get(f"/v1/stock-movements?store_id={store}&type=SALE").json["items"]
    assert [(m["quantity"], m["unit_cost"]) for m in sales] == [(-3, 650)]
    level = stock_level(tenant, store, cable)
    assert level["on_hand"] == 1 and level["average_cost"] == 650


def test_a_receipt_without_an_order_needs_a_supplier_and_unit_costs(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    line = {"product_id": shop["cable"], "quantity": 5}
    assert post_receipt(tenant, shop["store"], [line]).status == 422
    reply = post_receipt(tenant, shop["store"], [line], supplier_id=shop["supplier"])
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "lines.0.unit_cost"
    tenant.delete(f"/v1/suppliers/{shop['supplier']}")
    priced = [{**line, "unit_cost": 500}]
    gone = post_receipt(tenant, shop["store"], priced, supplier_id=shop["supplier"])
    assert gone.status == 404
    assert stock_level(tenant, shop["store"], shop["cable"])["on_hand"] == 0


def test_a_lot_tracked_product_needs_its_lot_and_expiry_date(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    syrup = add_product(tenant, name="Sirop Toux", price=1500, track_lots=True)["id"]
    line = {"product_id": syrup, "quantity": 5, "unit_cost": 800}
    reply = post_receipt(tenant, shop["store"], [line], supplier_id=shop["supplier"])
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "lines.0.lot"
    lots = [
        {**line, "lot": "L-24A", "expiry_date": "2027-03-31"},
        {**line, "lot": "L-24B", "expiry_date": "2027-06-30"},
    ]
    receipt = receive_goods(tenant, shop["store"], lots, supplier_id=shop["supplier"])
    assert [line["lot"] for line in receipt["lines"]] == ["L-24A", "L-24B"]
    assert stock_level(tenant, shop["store"], syrup)["on_hand"] == 10


def test_a_stocker_receives_and_a_client_id_replays(tenant: Tenant, shop: dict[str, Any]) -> None:
    stocker = add_user(tenant, "STOCKER", [shop["store"]])
    order = order_of(tenant, shop)
    body = {"id": "01JD3Q5X8M2N4P6R8T0V2W4Y6Z", "purchase_order_id": order["id"]}
    line = [{"product_id": shop["cable"], "quantity": 20}]
    first = post_receipt(tenant, shop["store"], line, by=stocker, **body)
    again = post_receipt(tenant, shop["store"], line, by=stocker, **body)
    assert (first.status, again.status) == (201, 200) and again.json == first.json
    assert stock_level(tenant, shop["store"], shop["cable"])["on_hand"] == 20
    assert tenant.get(f"/v1/goods-receipts/{first.json['id']}", token=stocker.token).status == 200
    listed = tenant.get(f"/v1/goods-receipts?store_id={shop['store']}", token=stocker.token)
    assert [item["id"] for item in listed.json["items"]] == [first.json["id"]]
