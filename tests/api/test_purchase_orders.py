"""Purchase orders: DRAFT editable, then SENT; cancel while nothing is received; totals in the
tenant's currency; lists filtered by status, supplier and store."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import (
    Tenant,
    add_store,
    add_supplier,
    add_user,
    draft_order,
    order_lines,
    order_verb,
    sent_order,
    supplied_shop,
)


@pytest.fixture
def shop(tenant: Tenant) -> dict[str, Any]:
    return supplied_shop(tenant)


def test_a_draft_order_totals_its_lines_in_the_tenants_currency(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    order = draft_order(
        tenant, shop["supplier"], shop["store"], order_lines(shop), note="avant Noël"
    )
    assert order["status"] == "DRAFT" and order["currency"] == "XAF"
    assert order["total"] == 10 * 60000 + 50 * 700
    assert [line["quantity_received"] for line in order["lines"]] == [0, 0]
    assert tenant.get(f"/v1/purchase-orders/{order['id']}").json == order


def test_a_draft_is_edited_and_a_sent_order_is_not(tenant: Tenant, shop: dict[str, Any]) -> None:
    order = draft_order(tenant, shop["supplier"], shop["store"], order_lines(shop))
    path = f"/v1/purchase-orders/{order['id']}"
    one_line = [{"product_id": shop["cable"], "quantity": 5, "unit_cost": 800}]
    changed = tenant.patch(path, {"version": 1, "lines": one_line, "expected_date": "2026-12-24"})
    assert changed.status == 200, changed
    assert changed.json["total"] == 4000 and changed.json["expected_date"] == "2026-12-24"
    sent = order_verb(tenant, order["id"], "send")
    assert sent.status == 200 and sent.json["status"] == "SENT" and sent.json["sent_at"]
    late = tenant.patch(path, {"version": sent.json["version"], "note": "plus tard"})
    assert late.status == 409 and late.json["code"] == "INVALID_STATE"


@pytest.mark.parametrize(
    "verbs, last",
    [(["send", "send"], "send"), (["close"], "close"), (["cancel", "send"], "send")],
)
def test_a_verb_the_status_does_not_allow_is_invalid_state(
    tenant: Tenant, shop: dict[str, Any], verbs: list[str], last: str
) -> None:
    order = draft_order(tenant, shop["supplier"], shop["store"], order_lines(shop))
    for verb in verbs[:-1]:
        assert order_verb(tenant, order["id"], verb).status == 200
    reply = order_verb(tenant, order["id"], last)
    assert reply.status == 409 and reply.json["code"] == "INVALID_STATE"


def test_a_sent_order_is_cancelled_while_nothing_is_received(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    order = sent_order(tenant, shop["supplier"], shop["store"], order_lines(shop))
    reply = order_verb(tenant, order["id"], "cancel")
    assert reply.status == 200 and reply.json["status"] == "CANCELLED"
    assert reply.json["cancelled_at"]


def test_an_order_needs_a_live_supplier_and_known_products(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    tenant.delete(f"/v1/suppliers/{shop['supplier']}")
    body = {"supplier_id": shop["supplier"], "store_id": shop["store"], "lines": order_lines(shop)}
    assert tenant.post("/v1/purchase-orders", body).status == 404
    other = add_supplier(tenant, "Itel")["id"]
    unknown = [{"product_id": "01JD3Q5X8M2N4P6R8T0V2W4Y6Z", "quantity": 1, "unit_cost": 1}]
    reply = tenant.post("/v1/purchase-orders", {**body, "supplier_id": other, "lines": unknown})
    assert reply.status == 404


def test_more_than_40_lines_or_a_repeated_product_is_refused(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    body = {"supplier_id": shop["supplier"], "store_id": shop["store"]}
    line = {"product_id": shop["phone"], "quantity": 1, "unit_cost": 1}
    twice = tenant.post("/v1/purchase-orders", {**body, "lines": [line, line]})
    assert twice.status == 422 and twice.json["errors"][0]["field"] == "lines.1.product_id"
    many = [{**line, "product_id": f"01JD3Q5X8M2N4P6R8T0V2W4Y{n:02d}"} for n in range(41)]
    assert tenant.post("/v1/purchase-orders", {**body, "lines": many}).status == 422


def test_orders_are_listed_by_status_supplier_and_store(
    tenant: Tenant, shop: dict[str, Any]
) -> None:
    other_store = add_store(tenant, "Bonamoussadi")["id"]
    other_supplier = add_supplier(tenant, "Itel")["id"]
    draft = draft_order(tenant, shop["supplier"], shop["store"], order_lines(shop))["id"]
    sent = sent_order(tenant, shop["supplier"], shop["store"], order_lines(shop))["id"]
    elsewhere = sent_order(tenant, shop["supplier"], other_store, order_lines(shop))["id"]
    itel = draft_order(tenant, other_supplier, shop["store"], order_lines(shop))["id"]

    def ids(query: str) -> set[str]:
        reply = tenant.get(f"/v1/purchase-orders?{query}")
        assert reply.status == 200, reply
        return {item["id"] for item in reply.json["items"]}

    assert ids("") == {draft, sent, elsewhere, itel}
    assert ids("status=SENT") == {sent, elsewhere}
    assert ids(f"status=DRAFT&store_id={shop['store']}") == {draft, itel}
    assert ids(f"supplier_id={shop['supplier']}") == {draft, sent, elsewhere}
    assert ids(f"supplier_id={shop['supplier']}&status=SENT&store_id={other_store}") == {elsewhere}


def test_a_stocker_reads_orders_of_their_store_only(tenant: Tenant, shop: dict[str, Any]) -> None:
    order = draft_order(tenant, shop["supplier"], shop["store"], order_lines(shop))
    mine = add_user(tenant, "STOCKER", [shop["store"]])
    outsider = add_user(tenant, "STOCKER", [add_store(tenant, "Deido")["id"]])
    path = f"/v1/purchase-orders/{order['id']}"
    assert tenant.get(path, token=mine.token).status == 200
    assert tenant.get(path, token=outsider.token).status == 403
    assert tenant.get("/v1/purchase-orders", token=outsider.token).json["items"] == []
    assert order_verb(tenant, order["id"], "send", by=mine).status == 403
