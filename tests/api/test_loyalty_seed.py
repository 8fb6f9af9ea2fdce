"""The demo seed has loyalty enabled, a customer who earned points and one who redeemed some,
each points ledger adding up to the customer's loyalty_points."""

from __future__ import annotations

from collections.abc import Callable

from tests.support import Stack


def test_demo_seed_has_earned_and_redeemed_points(stack: Stack, drain: Callable[[], int]) -> None:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    drain()  # the stream delivers the seeded sales again: nothing is earned twice
    login = stack.api.post("/v1/auth/token", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    token = login.json["access_token"]
    assert stack.api.get("/v1/tenant", token=token).json["loyalty"]["enabled"] is True
    kinds: dict[str, list[str]] = {}
    for name in ("Awa Mbarga", "Hervé Nkoulou"):
        found = stack.api.get(f"/v1/customers?search={name.split()[0]}", token=token).json
        customer = next(c for c in found["items"] if c["name"] == name)
        path = f"/v1/loyalty-ledger?customer_id={customer['id']}&limit=100"
        entries = stack.api.get(path, token=token).json["items"]
        assert sum(e["points"] for e in entries) == customer["loyalty_points"] > 0
        kinds[name] = sorted(e["type"] for e in entries)
    assert kinds["Awa Mbarga"] == ["EARN"]
    assert kinds["Hervé Nkoulou"] == ["ADJUST", "EARN", "REDEEM"]
