"""A container makes one botocore session and one DynamoDB client, whatever models it uses."""

from __future__ import annotations

from collections.abc import Callable

from tests.support import (
    PASSWORD,
    Tenant,
    add_store,
    add_user,
    counted_creations,
    new_container,
    open_shift,
    stocked_product,
)


def test_a_container_life_makes_one_session_and_one_client(
    tenant: Tenant, drain: Callable[[], int]
) -> None:
    store = add_store(tenant, "Akwa", "AKW")["id"]
    products = [str(stocked_product(tenant, store, 20)["id"]) for _ in range(3)]
    seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    drain()
    new_container()
    with counted_creations() as made:
        for user in (seller, cashier):
            login = {"email": user.email, "password": PASSWORD}
            assert tenant.api.post("/v1/auth/token", login).status == 200
        lines = [{"product_id": product, "quantity": 1} for product in products]
        sale = tenant.post("/v1/sales", {"store_id": store, "lines": lines}, token=seller.token)
        submitted = tenant.post(f"/v1/sales/{sale.json['id']}/submit", token=seller.token)
        payment = {"sale_id": sale.json["id"], "method": "CASH", "amount": submitted.json["total"]}
        assert tenant.post("/v1/payments", payment, token=cashier.token).status == 201
        for path in ("/v1/products", "/v1/sales", f"/v1/stock?store_id={store}"):
            assert tenant.get(path).status == 200
        assert drain() > 0
    assert (made.clients, made.sessions) == (1, 1)
