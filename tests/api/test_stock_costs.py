"""Average cost across stores: a transfer carries the source's cost to the destination."""

from __future__ import annotations

from tests.support import (
    Tenant,
    add_product,
    add_store,
    add_supplier,
    add_transfer,
    receive_at_cost,
    stock_level,
)


def test_a_transfer_carries_the_sources_average_cost(tenant: Tenant) -> None:
    akwa, deido = add_store(tenant, "Akwa")["id"], add_store(tenant, "Deido")["id"]
    supplier = add_supplier(tenant)["id"]
    radio = add_product(tenant, name="Radio", price=9000, cost=3000)["id"]
    receive_at_cost(tenant, akwa, radio, 4, 5000, supplier_id=supplier)
    receive_at_cost(tenant, deido, radio, 2, 2000, supplier_id=supplier)
    transfer = add_transfer(tenant, akwa, deido, [{"product_id": radio, "quantity": 2}])
    shipped = tenant.post(f"/v1/stock-transfers/{transfer['id']}/ship")
    assert shipped.status == 200 and shipped.json["lines"][0]["unit_cost"] == 5000
    body = {"lines": [{"product_id": radio, "quantity_received": 2}]}
    assert tenant.post(f"/v1/stock-transfers/{transfer['id']}/receive", body).status == 200
    assert stock_level(tenant, akwa, radio)["average_cost"] == 5000
    destination = stock_level(tenant, deido, radio)
    assert destination["on_hand"] == 4 and destination["average_cost"] == 3500  # (4000+10000)/4
    moves = tenant.get(f"/v1/stock-movements?product_id={radio}&type=TRANSFER_OUT").json
    assert [m["unit_cost"] for m in moves["items"]] == [5000]


def test_a_level_never_received_shows_the_products_cost(tenant: Tenant) -> None:
    store = add_store(tenant, "Akwa")["id"]
    lamp = add_product(tenant, name="Lampe", price=4000, cost=2500)["id"]
    assert tenant.patch(f"/v1/stock/{store}/{lamp}", {"min_qty": 2}).json["average_cost"] == 2500
