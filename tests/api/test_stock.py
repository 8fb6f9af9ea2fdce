"""Stock levels, movements, transfers and counts through the HTTP API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.clock import new_id
from tests.support import (
    Shop,
    Stack,
    Tenant,
    add_product,
    add_store,
    add_transfer,
    add_user,
    open_shop,
    receive_stock,
)


@pytest.fixture(scope="module")
def shop(stack: Stack) -> Shop:
    return open_shop(stack.api)


def test_receipt_then_loss_changes_on_hand_and_lists_movements(shop: Shop) -> None:
    product = shop.product()
    received = shop.move(
        product,
        "RECEIPT",
        12,
        unit_cost=3000,
        lot="L-2026-01",
        expiry_date="2027-06-30",
        reason="Livraison fournisseur",
    )
    assert received.status == 201, received
    assert received.json["quantity"] == 12 and received.json["expiry_date"] == "2027-06-30"
    assert shop.move(product, "LOSS", 2, reason="Cassé").json["quantity"] == -2
    assert shop.move(product, "ADJUSTMENT", -1).status == 201
    level = shop.level(product)
    assert (level["on_hand"], level["reserved"], level["available"]) == (9, 0, 9)
    moves = shop.tenant.get(f"/v1/stock-movements?product_id={product}").json["items"]
    assert [(m["type"], m["quantity"]) for m in moves] == [
        ("ADJUSTMENT", -1),
        ("LOSS", -2),
        ("RECEIPT", 12),
    ]
    by_store = shop.tenant.get(f"/v1/stock-movements?store_id={shop.akwa}&type=LOSS")
    assert product in {m["product_id"] for m in by_store.json["items"]}
    assert {m["type"] for m in by_store.json["items"]} == {"LOSS"}


def test_removing_more_than_available_is_409_and_writes_nothing(shop: Shop) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 3)
    refused = shop.move(product, "LOSS", 4)
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_STOCK"
    assert refused.json["product_id"] == product
    never_stocked = shop.move(shop.product(), "ADJUSTMENT", -1)
    assert never_stocked.json["code"] == "INSUFFICIENT_STOCK"
    assert shop.level(product)["on_hand"] == 3
    moves = shop.tenant.get(f"/v1/stock-movements?product_id={product}").json["items"]
    assert len(moves) == 1


def test_unknown_store_or_product_is_404(shop: Shop, other_tenant: Tenant) -> None:
    product = shop.product()
    assert shop.move(product, "RECEIPT", 1, store_id=new_id()).status == 404
    assert shop.move(new_id(), "RECEIPT", 1).status == 404
    foreign = add_store(other_tenant, "X", "XX")["id"]
    assert shop.move(product, "RECEIPT", 1, store_id=foreign).status == 404


@pytest.mark.parametrize(
    "body",
    [
        {"type": "LOSS", "quantity": -2},
        {"type": "RECEIPT", "quantity": 0},
        {"type": "SALE", "quantity": 1},
        {"type": "RECEIPT", "quantity": 1.5},
        {"type": "RECEIPT", "quantity": 1, "expiry_date": "demain"},
    ],
)
def test_bad_movements_are_422(shop: Shop, body: dict[str, Any]) -> None:
    reply = shop.tenant.post(
        "/v1/stock-movements", {"store_id": shop.akwa, "product_id": new_id(), **body}
    )
    assert reply.status == 422 and reply.json["code"] == "VALIDATION_ERROR", reply


def test_thresholds_create_the_level_and_feed_the_below_min_filter(shop: Shop) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 5)
    patched = shop.tenant.patch(
        f"/v1/stock/{shop.akwa}/{product}", {"min_qty": 5, "reorder_qty": 20}
    )
    assert patched.status == 200 and patched.json["min_qty"] == 5, patched
    fresh = shop.product()
    created = shop.tenant.patch(f"/v1/stock/{shop.bonamoussadi}/{fresh}", {"min_qty": 2})
    assert created.json["on_hand"] == 0 and created.json["reorder_qty"] == 0
    below = shop.tenant.get(f"/v1/stock?below_min=true&store_id={shop.akwa}").json["items"]
    assert product in {item["product_id"] for item in below}
    shop.move(product, "RECEIPT", 1)
    below = shop.tenant.get(f"/v1/stock?below_min=true&store_id={shop.akwa}").json["items"]
    assert product not in {item["product_id"] for item in below}
    everywhere = shop.tenant.get(f"/v1/stock?product_id={fresh}").json["items"]
    assert [item["store_id"] for item in everywhere] == [shop.bonamoussadi]
    assert shop.tenant.patch(f"/v1/stock/{shop.akwa}/{product}", {}).status == 422


def test_threshold_changes_are_audited_and_quantity_changes_are_not(
    shop: Shop, drain: Callable[[], int]
) -> None:
    product = shop.product()
    level = f"{shop.akwa}/{product}"
    assert shop.tenant.patch(f"/v1/stock/{shop.akwa}/{product}", {"min_qty": 4}).status == 200
    shop.move(product, "RECEIPT", 9)
    changed = shop.tenant.patch(
        f"/v1/stock/{shop.akwa}/{product}", {"min_qty": 2, "reorder_qty": 12}
    )
    assert changed.status == 200, changed
    assert shop.tenant.patch(f"/v1/stock/{shop.akwa}/{product}", {"min_qty": 2}).status == 200
    drain()
    log = shop.tenant.get(f"/v1/audit-log?entity_id={level}").json["items"]
    assert [entry["action"] for entry in log] == ["UPDATE", "CREATE"], log
    assert log[0]["changes"] == {"min_qty": [4, 2], "reorder_qty": [0, 12]}
    assert log[1]["changes"] == {"min_qty": [None, 4]}
    assert {(e["entity_type"], e["user_id"]) for e in log} == {
        ("stock_level", shop.tenant.admin_id)
    }
    by_type = shop.tenant.get("/v1/audit-log?entity_type=stock_level").json["items"]
    assert {e["entity_id"] for e in by_type} >= {level}


def test_levels_page_with_cursors(shop: Shop) -> None:
    for _ in range(3):
        shop.move(shop.product(), "RECEIPT", 1, store_id=shop.bonamoussadi)
    seen: list[str] = []
    cursor = ""
    while True:
        page = shop.tenant.get(f"/v1/stock?store_id={shop.bonamoussadi}&limit=2{cursor}").json
        seen += [item["product_id"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len(set(seen)) >= 3


def test_transfer_ships_and_receives_with_discrepancy(shop: Shop) -> None:
    phone, cable = shop.product(), shop.product()
    shop.move(phone, "RECEIPT", 10)
    shop.move(cable, "RECEIPT", 4)
    moving = [{"product_id": phone, "quantity": 6}, {"product_id": cable, "quantity": 4}]
    created = add_transfer(shop.tenant, shop.akwa, shop.bonamoussadi, moving)
    assert created["status"] == "DRAFT", created
    transfer = created["id"]
    shipped = shop.tenant.post(f"/v1/stock-transfers/{transfer}/ship")
    assert shipped.json["status"] == "IN_TRANSIT", shipped
    assert shop.level(phone)["on_hand"] == 4 and shop.level(cable)["on_hand"] == 0
    again = shop.tenant.post(f"/v1/stock-transfers/{transfer}/ship")
    assert again.status == 409 and again.json["code"] == "INVALID_STATE"
    received = shop.tenant.post(
        f"/v1/stock-transfers/{transfer}/receive",
        {"lines": [{"product_id": phone, "quantity_received": 5}]},
    )
    assert received.json["status"] == "RECEIVED", received
    lines = {line["product_id"]: line for line in received.json["lines"]}
    assert (lines[phone]["quantity_received"], lines[phone]["discrepancy"]) == (5, -1)
    assert (lines[cable]["quantity_received"], lines[cable]["discrepancy"]) == (0, -4)
    assert shop.level(phone, shop.bonamoussadi)["on_hand"] == 5
    kinds = {
        m["type"] for m in shop.tenant.get(f"/v1/stock-movements?product_id={phone}").json["items"]
    }
    assert kinds == {"RECEIPT", "TRANSFER_OUT", "TRANSFER_IN"}
    listed = shop.tenant.get("/v1/stock-transfers?status=RECEIVED").json["items"]
    assert transfer in {t["id"] for t in listed}


def test_shipping_short_stock_leaves_everything_unchanged(shop: Shop) -> None:
    plenty, scarce = shop.product(), shop.product()
    shop.move(plenty, "RECEIPT", 10)
    shop.move(scarce, "RECEIPT", 1)
    lines = [{"product_id": plenty, "quantity": 5}, {"product_id": scarce, "quantity": 2}]
    transfer = add_transfer(shop.tenant, shop.akwa, shop.bonamoussadi, lines)["id"]
    refused = shop.tenant.post(f"/v1/stock-transfers/{transfer}/ship")
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_STOCK"
    assert shop.level(plenty)["on_hand"] == 10
    assert shop.tenant.get(f"/v1/stock-transfers/{transfer}").json["status"] == "DRAFT"
    cancelled = shop.tenant.post(f"/v1/stock-transfers/{transfer}/cancel")
    assert cancelled.json["status"] == "CANCELLED"
    assert shop.tenant.post(f"/v1/stock-transfers/{transfer}/ship").status == 409


def test_transfer_bodies_are_checked(shop: Shop) -> None:
    product = shop.product()
    line = {"product_id": product, "quantity": 1}
    same_store = {"from_store_id": shop.akwa, "to_store_id": shop.akwa, "lines": [line]}
    assert shop.tenant.post("/v1/stock-transfers", same_store).status == 422
    twice = {"from_store_id": shop.akwa, "to_store_id": shop.bonamoussadi, "lines": [line, line]}
    assert shop.tenant.post("/v1/stock-transfers", twice).status == 422
    too_many = {**twice, "lines": [{"product_id": new_id(), "quantity": 1}] * 50}
    assert shop.tenant.post("/v1/stock-transfers", too_many).status == 422
    nowhere = {**twice, "lines": [line], "to_store_id": new_id()}
    assert shop.tenant.post("/v1/stock-transfers", nowhere).status == 404
    assert shop.tenant.get(f"/v1/stock-transfers/{new_id()}").status == 404


def test_count_applies_its_differences_as_count_movements(shop: Shop) -> None:
    over, under, right = shop.product(), shop.product(), shop.product()
    for product in (over, under, right):
        shop.move(product, "RECEIPT", 5)
    created = shop.tenant.post(
        "/v1/stock-counts",
        {
            "store_id": shop.akwa,
            "lines": [
                {"product_id": over, "counted_qty": 7},
                {"product_id": under, "counted_qty": 3},
                {"product_id": right, "counted_qty": 5},
            ],
        },
    )
    assert created.status == 201, created
    lines = {line["product_id"]: line for line in created.json["lines"]}
    assert (lines[over]["expected_qty"], lines[over]["difference"]) == (5, 2)
    applied = shop.tenant.post(f"/v1/stock-counts/{created.json['id']}/apply")
    assert applied.json["status"] == "APPLIED", applied
    assert [shop.level(p)["on_hand"] for p in (over, under, right)] == [7, 3, 5]
    counted = shop.tenant.get(f"/v1/stock-movements?product_id={right}&type=COUNT")
    assert counted.json["items"] == []
    assert shop.tenant.post(f"/v1/stock-counts/{created.json['id']}/apply").status == 409
    assert created.json["id"] in {
        c["id"] for c in shop.tenant.get("/v1/stock-counts").json["items"]
    }


def test_store_scope_and_roles(shop: Shop) -> None:
    product = shop.product()
    stocker = add_user(shop.tenant, "STOCKER", [shop.bonamoussadi])
    outside = shop.tenant.post(
        "/v1/stock-movements",
        {"store_id": shop.akwa, "product_id": product, "type": "RECEIPT", "quantity": 1},
        token=stocker.token,
    )
    assert outside.status == 403
    inside = shop.tenant.post(
        "/v1/stock-movements",
        {"store_id": shop.bonamoussadi, "product_id": product, "type": "RECEIPT", "quantity": 1},
        token=stocker.token,
    )
    assert inside.status == 201
    seller = add_user(shop.tenant, "SALES", [shop.akwa])
    assert shop.tenant.get("/v1/stock", token=seller.token).status == 200
    assert (
        shop.tenant.patch(
            f"/v1/stock/{shop.akwa}/{product}", {"min_qty": 1}, token=seller.token
        ).status
        == 403
    )
    assert shop.tenant.get("/v1/stock-transfers", token=seller.token).status == 403


def test_another_tenant_sees_none_of_it(shop: Shop, other_tenant: Tenant) -> None:
    product = shop.product()
    shop.move(product, "RECEIPT", 2)
    assert other_tenant.get(f"/v1/stock?product_id={product}").json["items"] == []
    assert other_tenant.get(f"/v1/stock-movements?product_id={product}").json["items"] == []
    lines = [{"product_id": product, "quantity": 1}]
    transfer = add_transfer(shop.tenant, shop.akwa, shop.bonamoussadi, lines)["id"]
    assert other_tenant.get(f"/v1/stock-transfers/{transfer}").status == 404
    assert other_tenant.post(f"/v1/stock-transfers/{transfer}/ship").status == 404


def test_a_closed_store_takes_no_more_stock_and_nothing_arrives_beyond_what_left(
    tenant: Tenant,
) -> None:
    source = add_store(tenant, "Source", "SRC")["id"]
    target = add_store(tenant, "Target", "TGT")["id"]
    product_id = add_product(tenant, sku="CLOSE-1", name="Cable", price=500)["id"]
    receive_stock(tenant, source, product_id, 5)
    body = {
        "from_store_id": source,
        "to_store_id": target,
        "lines": [{"product_id": product_id, "quantity": 2}],
    }
    first = tenant.post("/v1/stock-transfers", body).json["id"]
    second = tenant.post("/v1/stock-transfers", body).json["id"]
    assert tenant.post(f"/v1/stock-transfers/{first}/ship").status == 200
    too_many = tenant.post(
        f"/v1/stock-transfers/{first}/receive",
        {"lines": [{"product_id": product_id, "quantity_received": 3}]},
    )
    assert too_many.status == 422 and too_many.json["code"] == "VALIDATION_ERROR"
    stranger = tenant.post(
        f"/v1/stock-transfers/{first}/receive",
        {"lines": [{"product_id": new_id(), "quantity_received": 1}]},
    )
    assert stranger.status == 422
    assert "not on the transfer" in stranger.json["errors"][0]["message"]

    assert tenant.delete(f"/v1/stores/{target}").status == 204
    refused = tenant.post(
        f"/v1/stock-transfers/{first}/receive",
        {"lines": [{"product_id": product_id, "quantity_received": 2}]},
    )
    assert refused.status == 404
    assert tenant.post(f"/v1/stock-transfers/{second}/ship").status == 404
    levels = tenant.get(f"/v1/stock?store_id={source}").json["items"]
    assert [(level["on_hand"], level["reserved"]) for level in levels] == [(3, 0)]


def test_reading_one_stores_stock_needs_that_store(tenant: Tenant) -> None:
    mine = add_store(tenant, "Mine", "MNE")["id"]
    other = add_store(tenant, "Other", "OTH")["id"]
    manager = add_user(tenant, "MANAGER", store_ids=(mine,))
    for path in ("/v1/stock", "/v1/stock-movements"):
        assert tenant.get(f"{path}?store_id={mine}", token=manager.token).status == 200
        refused = tenant.get(f"{path}?store_id={other}", token=manager.token)
        assert refused.status == 403 and refused.json["code"] == "FORBIDDEN"


@pytest.mark.parametrize("path", ["/v1/stock-transfers", "/v1/stock-counts"])
def test_transfers_and_counts_hold_at_most_forty_lines(shop: Shop, path: str) -> None:
    def body(lines: int) -> dict[str, Any]:
        ids = [new_id() for _ in range(lines)]
        if path == "/v1/stock-counts":
            return {
                "store_id": shop.akwa,
                "lines": [{"product_id": i, "counted_qty": 1} for i in ids],
            }
        return {
            "from_store_id": shop.akwa,
            "to_store_id": shop.bonamoussadi,
            "lines": [{"product_id": i, "quantity": 1} for i in ids],
        }

    too_many = shop.tenant.post(path, body(41))
    assert too_many.status == 422 and too_many.json["errors"][0]["field"] == "lines", too_many
    at_the_cap = shop.tenant.post(path, body(40))  # refused only for its unknown products
    assert at_the_cap.status == 404, at_the_cap
