"""The demo seed leaves the till in every state a demo needs."""

from __future__ import annotations

from tests.support import Stack


def test_demo_seed_has_sales_in_each_state_and_both_kinds_of_shift(stack: Stack) -> None:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    token = stack.api.post("/v1/auth/token", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}).json[
        "access_token"
    ]
    sales = stack.api.get("/v1/sales?limit=200", token=token).json["items"]
    assert {sale["status"] for sale in sales} >= {
        "DRAFT",
        "PENDING_PAYMENT",
        "PARTIALLY_PAID",
        "PAID",
        "CANCELLED",
        "PARTIALLY_REFUNDED",
        "REFUNDED",
    }
    shifts = stack.api.get("/v1/cash-shifts", token=token).json["items"]
    closed = [shift for shift in shifts if shift["status"] == "CLOSED"]
    login = {"email": "cashier@demo.comptoir.cm", "password": DEMO_PASSWORD}
    cashier_token = stack.api.post("/v1/auth/token", login).json["access_token"]
    cashier = stack.api.get("/v1/auth/me", token=cashier_token).json["user"]["id"]
    at_the_till = [shift for shift in shifts if shift["cashier_id"] == cashier]
    # Newest first: today's two, then the closed ones of the demo's sales history.
    assert [shift["status"] for shift in at_the_till][:2] == ["OPEN", "CLOSED"]
    assert {shift["status"] for shift in at_the_till[2:]} <= {"CLOSED"}
    assert closed and closed[0]["variance"] == -500
