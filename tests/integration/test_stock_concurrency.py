"""Concurrent removals on Amazon DynamoDB Local never oversell."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support import HttpApi, add_product, add_store, sign_up


def test_twenty_removals_racing_for_ten_units(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Course au stock")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    product = add_product(tenant, name="Écouteurs", price=7500)["id"]
    received = tenant.post(
        "/v1/stock-movements",
        {"store_id": store, "product_id": product, "type": "RECEIPT", "quantity": 10},
    )
    assert received.status == 201, received

    def remove_one(attempt: int) -> tuple[int, str | None]:
        reply = tenant.post(
            "/v1/stock-movements",
            {
                "store_id": store,
                "product_id": product,
                "type": "LOSS",
                "quantity": 1,
                "reason": f"race {attempt}",
            },
        )
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(remove_one, range(20)))

    assert sorted(outcomes, key=str).count((201, None)) == 10, outcomes
    assert outcomes.count((409, "INSUFFICIENT_STOCK")) == 10, outcomes
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    assert (level["on_hand"], level["available"]) == (0, 0)
    losses = tenant.get(f"/v1/stock-movements?product_id={product}&type=LOSS&limit=50")
    assert len(losses.json["items"]) == 10
