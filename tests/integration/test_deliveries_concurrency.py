"""Deliveries raced on Amazon DynamoDB Local: one open delivery per sale, one winner between a
courier and a manager, and a courier paying while a manager delivers never leaves the sale and
its delivery telling different stories."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support import (
    HttpApi,
    Tenant,
    User,
    add_delivery,
    add_store,
    add_user,
    move_delivery,
    open_shift,
    sign_up,
    stocked_product,
    submitted_sale,
)


def _shop(live_api: HttpApi, name: str) -> tuple[Tenant, str, str, User]:
    tenant = sign_up(live_api, name=name)
    store = add_store(tenant, "Akwa", "AKW")["id"]
    product = stocked_product(tenant, store, 50, price=4000)["id"]
    courier = add_user(tenant, "COURIER", [store])
    return tenant, store, product, courier


def _sale(tenant: Tenant, store: str, product: str) -> dict[str, Any]:
    return submitted_sale(tenant, store, [{"product_id": product, "quantity": 1}])


def test_eight_deliveries_of_one_sale_at_once_open_exactly_one(live_api: HttpApi) -> None:
    tenant, store, product, _ = _shop(live_api, "Une seule livraison")
    sale = _sale(tenant, store, product)

    def create(_: int) -> int:
        body = {"sale_id": sale["id"], "address": "Rue Joss, Douala"}
        return tenant.post("/v1/deliveries", body).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(create, range(8)))

    assert statuses == [201] + [409] * 7, statuses
    listed = tenant.get(f"/v1/deliveries?store_id={store}").json["items"]
    assert [d["sale_id"] for d in listed] == [sale["id"]]
    marker = tenant.get(f"/v1/sales/{sale['id']}").json["delivery"]
    assert marker["id"] == listed[0]["id"] and marker["status"] == "PENDING"


def test_a_courier_dispatching_while_a_manager_cancels_leaves_one_winner(
    live_api: HttpApi,
) -> None:
    tenant, store, product, courier = _shop(live_api, "Départ ou annulation")
    for _ in range(4):
        sale = _sale(tenant, store, product)
        delivery = add_delivery(tenant, sale["id"], collect_on_delivery=True)
        assert move_delivery(tenant, delivery["id"], "assign", courier_id=courier.id).status == 200

        def act(verb: str, delivery_id: str = delivery["id"]) -> tuple[str, int]:
            by = courier if verb == "dispatch" else None
            return verb, move_delivery(tenant, delivery_id, verb, by=by).status

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = dict(pool.map(act, ["dispatch", "cancel"]))

        assert sorted(outcomes.values()) == [200, 409], outcomes
        winner = "OUT_FOR_DELIVERY" if outcomes["dispatch"] == 200 else "CANCELLED"
        assert tenant.get(f"/v1/deliveries/{delivery['id']}").json["status"] == winner
        assert tenant.get(f"/v1/sales/{sale['id']}").json["delivery"]["status"] == winner


def test_paying_at_the_door_while_a_manager_delivers_agrees_with_the_answers(
    live_api: HttpApi,
) -> None:
    tenant, store, product, courier = _shop(live_api, "Paiement à la porte")
    open_shift(tenant, store, by=courier)
    for _ in range(4):
        sale = _sale(tenant, store, product)
        delivery = add_delivery(tenant, sale["id"], collect_on_delivery=True)
        assert move_delivery(tenant, delivery["id"], "assign", courier_id=courier.id).status == 200
        assert move_delivery(tenant, delivery["id"], "dispatch", by=courier).status == 200

        def act(step: str, sale: dict[str, Any] = sale, delivery_id: str = delivery["id"]) -> Any:
            if step == "pay":
                body = {"sale_id": sale["id"], "method": "CASH", "amount": sale["total"]}
                return step, tenant.post("/v1/payments", body, token=courier.token).status
            return step, move_delivery(tenant, delivery_id, "deliver").status

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = dict(pool.map(act, ["pay", "deliver"]))

        assert outcomes["pay"] == 201, outcomes
        status = tenant.get(f"/v1/deliveries/{delivery['id']}").json["status"]
        marked = tenant.get(f"/v1/sales/{sale['id']}").json
        assert marked["status"] == "PAID" and marked["delivery"]["status"] == status
        assert (status, outcomes["deliver"]) in {("DELIVERED", 200), ("OUT_FOR_DELIVERY", 409)}
