"""Goods receipts racing against one order on Amazon DynamoDB Local never receive more than
it expects, and the levels' value stays the sum of what was received."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support import (
    HttpApi,
    add_product,
    add_store,
    add_supplier,
    post_receipt,
    sent_order,
    sign_up,
)


def test_twelve_receipts_racing_for_an_order_of_ten(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Course aux livraisons")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    supplier = add_supplier(tenant)["id"]
    product = add_product(tenant, name="Routeur Wi-Fi", price=25000, cost=15000)["id"]
    order = sent_order(
        tenant, supplier, store, [{"product_id": product, "quantity": 10, "unit_cost": 16000}]
    )

    def receive_one(attempt: int) -> tuple[int, str | None]:
        line = [{"product_id": product, "quantity": 1, "unit_cost": 16000 + attempt}]
        reply = post_receipt(tenant, store, line, purchase_order_id=order["id"])
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(receive_one, range(12)))

    assert outcomes.count((201, None)) == 10, outcomes
    # A loser reads the order again: once all ten are in it is RECEIVED and takes nothing more.
    assert outcomes.count((409, "INVALID_STATE")) == 2, outcomes
    done = tenant.get(f"/v1/purchase-orders/{order['id']}").json
    assert done["status"] == "RECEIVED" and done["lines"][0]["quantity_received"] == 10
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    assert level["on_hand"] == 10
    receipts = tenant.get(f"/v1/goods-receipts?store_id={store}").json["items"]
    paid = sum(receipt["total"] for receipt in receipts)
    assert len(receipts) == 10 and level["average_cost"] == (paid * 2 + 10) // 20


def test_two_stockers_receiving_six_of_ten_at_once(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Deux magasiniers")
    store = add_store(tenant, "Deido", "DEI")["id"]
    supplier = add_supplier(tenant)["id"]
    product = add_product(tenant, name="Onduleur", price=60000)["id"]
    order = sent_order(
        tenant, supplier, store, [{"product_id": product, "quantity": 10, "unit_cost": 40000}]
    )

    def receive_six(attempt: int) -> tuple[int, str | None]:
        line = [{"product_id": product, "quantity": 6}]
        reply = post_receipt(tenant, store, line, purchase_order_id=order["id"])
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(receive_six, range(2)), key=str)

    assert outcomes == [(201, None), (422, "VALIDATION_ERROR")], outcomes
    now = tenant.get(f"/v1/purchase-orders/{order['id']}").json
    assert now["status"] == "PARTIALLY_RECEIVED" and now["lines"][0]["quantity_received"] == 6
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    assert (level["on_hand"], level["average_cost"]) == (6, 40000)
