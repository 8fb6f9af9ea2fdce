"""The demo seed holds a courier with a delivery in each state and an open cash-on-delivery
shift, and three promotions that price a new sale by themselves."""

from __future__ import annotations

from tests.support import Stack


def _login(stack: Stack, email: str) -> str:
    from chalicelib.seed import DEMO_PASSWORD

    body = {"email": email, "password": DEMO_PASSWORD}
    return str(stack.api.post("/v1/auth/token", body).json["access_token"])


def test_demo_seed_has_a_courier_carrying_deliveries_and_three_promotions(stack: Stack) -> None:
    from chalicelib.seed import DEMO_EMAIL, seed_demo

    logins = seed_demo()
    assert any(line.startswith("COURIER") for line in logins)
    admin = _login(stack, DEMO_EMAIL)
    deliveries = stack.api.get("/v1/deliveries", token=admin).json["items"]
    assert sorted(d["status"] for d in deliveries) == [
        "ASSIGNED",
        "CANCELLED",
        "DELIVERED",
        "DELIVERED",
        "FAILED",
        "OUT_FOR_DELIVERY",
        "PENDING",
        "RETURNED",
    ]
    collecting = next(d for d in deliveries if d["status"] == "OUT_FOR_DELIVERY")
    assert collecting["collect_on_delivery"] and collecting["cash_to_collect"] > 0
    collected = next(d for d in deliveries if d["status"] == "DELIVERED" and
                     d["collect_on_delivery"])  # fmt: skip

    courier = _login(stack, "courier@demo.comptoir.cm")
    carried = stack.api.get("/v1/deliveries", token=courier).json["items"]
    assert len(carried) == 6  # all but the PENDING one and the one cancelled before assignment
    assert all(d["delivery_code"] is None for d in carried)
    (shift,) = stack.api.get("/v1/cash-shifts", token=courier).json["items"]
    assert shift["status"] == "OPEN"
    report = stack.api.get(f"/v1/cash-shifts/{shift['id']}", token=courier).json
    assert report["expected_cash"] == collected["cash_to_collect"] > 0

    promotions = stack.api.get("/v1/promotions", token=admin).json["items"]
    assert len(promotions) == 3
    cords = next(p for p in promotions if p["kind"] == "BUY_X_GET_Y")
    store = stack.api.get("/v1/stores", token=admin).json["items"][0]["id"]
    preview = stack.api.post(
        "/v1/promotions/preview",
        {"store_id": store, "lines": [{"product_id": cords["product_ids"][0], "quantity": 4}]},
        token=admin,
    ).json
    (line,) = preview["lines"]
    assert cords["id"] in [p["id"] for p in line["promotions"]]
    assert line["promotion_discount"] == line["unit_price"]
