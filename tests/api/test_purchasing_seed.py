"""The demo seed holds two suppliers and purchase orders in every state."""

from __future__ import annotations

from tests.support import Stack


def test_demo_seed_has_two_suppliers_and_orders_in_each_state(stack: Stack) -> None:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    login = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    token = stack.api.post("/v1/auth/token", login).json["access_token"]
    suppliers = stack.api.get("/v1/suppliers", token=token).json["items"]
    assert len(suppliers) == 2
    orders = stack.api.get("/v1/purchase-orders?limit=200", token=token).json["items"]
    assert {order["status"] for order in orders} == {
        "DRAFT",
        "SENT",
        "PARTIALLY_RECEIVED",
        "RECEIVED",
        "CANCELLED",
        "CLOSED",
    }
    receipts = stack.api.get("/v1/goods-receipts", token=token).json["items"]
    assert len(receipts) == 3 and all(receipt["total"] > 0 for receipt in receipts)


def test_demo_seed_has_a_pharmacy_product_with_an_expired_a_near_and_a_far_lot(
    stack: Stack,
) -> None:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    login = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    token = stack.api.post("/v1/auth/token", login).json["access_token"]
    (product,) = stack.api.get("/v1/products?sku=PHA-PARA-500", token=token).json["items"]
    assert product["track_lots"] is True
    lots = stack.api.get(f"/v1/stock/lots?product_id={product['id']}", token=token).json["items"]
    assert [(lot["lot"], lot["expired"]) for lot in lots] == [
        ("P2409A", True),
        ("P2412B", False),
        ("P2511C", False),
    ]
    (level,) = stack.api.get(f"/v1/stock?product_id={product['id']}", token=token).json["items"]
    assert (level["on_hand"], level["available"], level["expired"]) == (48, 42, 6)
