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
