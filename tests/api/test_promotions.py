"""Promotions through the API: create, read, list, edit with versions, soft delete, limits."""

from __future__ import annotations

from typing import Any

from tests.support import Tenant, add_product, add_promotion, add_store, unique


def _ulids(count: int) -> list[str]:
    from chalicelib.clock import new_id

    return [new_id() for _ in range(count)]


def test_a_promotion_is_created_read_and_listed(tenant: Tenant) -> None:
    promotion = add_promotion(tenant, "Soldes", percent_bps=1000, days_of_week=[6, 5])
    assert promotion["version"] == 1
    assert promotion["days_of_week"] == [5, 6]
    assert promotion["stackable"] is False and promotion["active"] is True
    assert tenant.get(f"/v1/promotions/{promotion['id']}").json == promotion
    listed = tenant.get("/v1/promotions").json["items"]
    assert [p["id"] for p in listed] == [promotion["id"]]


def test_a_client_id_replayed_returns_the_stored_promotion(tenant: Tenant) -> None:
    body: dict[str, Any] = {"id": _ulids(1)[0], "name": "Fête", "kind": "AMOUNT", "amount": 500}
    first = tenant.post("/v1/promotions", body)
    again = tenant.post("/v1/promotions", body)
    other = tenant.post("/v1/promotions", {**body, "amount": 600})
    assert (first.status, again.status, other.status) == (201, 200, 409)
    assert again.json == first.json


def test_a_patch_needs_the_version_read_and_clears_optional_fields(tenant: Tenant) -> None:
    promotion = add_promotion(tenant, starts_at="2026-01-01T00:00:00+01:00", percent_bps=500)
    assert promotion["starts_at"] == "2025-12-31T23:00:00Z"
    path = f"/v1/promotions/{promotion['id']}"
    changed = tenant.patch(path, {"version": 1, "percent_bps": 700, "starts_at": None})
    assert changed.status == 200, changed
    assert (changed.json["percent_bps"], changed.json["starts_at"]) == (700, None)
    assert changed.json["version"] == 2
    stale = tenant.patch(path, {"version": 1, "percent_bps": 800})
    assert (stale.status, stale.json["code"]) == (409, "VERSION_MISMATCH")
    assert tenant.get(path).json["percent_bps"] == 700


def test_a_deleted_promotion_is_gone_from_reads_and_lists(tenant: Tenant) -> None:
    promotion = add_promotion(tenant, name=unique("gone"), percent_bps=100)
    assert tenant.delete(f"/v1/promotions/{promotion['id']}").status == 204
    assert tenant.get(f"/v1/promotions/{promotion['id']}").status == 404
    assert promotion["id"] not in [p["id"] for p in tenant.get("/v1/promotions").json["items"]]
    assert tenant.delete(f"/v1/promotions/{promotion['id']}").status == 404


def test_product_and_category_lists_have_their_caps(tenant: Tenant) -> None:
    products = [add_product(tenant, name=f"Article {n}")["id"] for n in range(100)]
    categories = [
        tenant.post("/v1/categories", {"name": f"Rayon {n}"}).json["id"] for n in range(20)
    ]
    fine = add_promotion(tenant, product_ids=products, category_ids=categories)
    assert len(fine["product_ids"]) == 100
    for field, count in (("product_ids", 101), ("category_ids", 21)):
        reply = tenant.post(
            "/v1/promotions",
            {"name": "x", "kind": "PERCENT", "percent_bps": 100, field: _ulids(count)},
        )
        assert reply.status == 422, reply
        assert reply.json["errors"][0]["field"] == field


def test_a_promotion_that_cannot_price_is_422(tenant: Tenant) -> None:
    bad = [
        ({"kind": "BUY_X_GET_Y", "buy_qty": 2}, "get_qty"),
        ({"kind": "PERCENT", "percent_bps": 10001}, "percent_bps"),
        ({"kind": "PERCENT"}, "percent_bps"),  # nothing off
        ({"kind": "PERCENT", "percent_bps": 0}, "percent_bps"),
        ({"kind": "AMOUNT"}, "amount"),
        ({"kind": "PERCENT", "percent_bps": 500, "start_time": "25:00"}, "start_time"),
        ({"kind": "PERCENT", "days_of_week": [0]}, "days_of_week.0"),
        (
            {
                "kind": "PERCENT",
                "starts_at": "2026-02-01T00:00:00Z",
                "ends_at": "2026-01-01T00:00:00Z",
            },
            "ends_at",
        ),
    ]
    for fields, field in bad:
        reply = tenant.post("/v1/promotions", {"name": "x", **fields})
        assert reply.status == 422, (fields, reply)
        assert field in [error["field"] for error in reply.json["errors"]], reply.json
    made = add_promotion(tenant, percent_bps=500)
    reply = tenant.patch(
        f"/v1/promotions/{made['id']}", {"version": made["version"], "percent_bps": 0}
    )
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "percent_bps", reply


def test_a_patch_that_moves_a_promotion_off_its_products_moves_its_places(tenant: Tenant) -> None:
    products = [add_product(tenant, name=f"Article {n}")["id"] for n in range(120)]
    promotion = add_promotion(tenant, product_ids=products[:100], percent_bps=100)
    path = f"/v1/promotions/{promotion['id']}"
    moved = tenant.patch(path, {"version": 1, "product_ids": products[20:120]})
    assert moved.status == 200, moved
    assert moved.json["product_ids"] == sorted(products[20:120])


def test_a_promotion_naming_unknown_products_categories_or_stores_is_422(tenant: Tenant) -> None:
    product, store = add_product(tenant, name="Routeur")["id"], add_store(tenant)["id"]
    missing = _ulids(3)
    body = {
        "name": "Fantôme",
        "kind": "PERCENT",
        "percent_bps": 500,
        "product_ids": [product, missing[0]],
        "category_ids": [missing[1]],
        "store_ids": [store, missing[2]],
    }
    refused = tenant.post("/v1/promotions", body)
    assert refused.status == 422, refused
    fields = [error["field"] for error in refused.json["errors"]]
    assert fields == ["product_ids.1", "category_ids.0", "store_ids.1"]
    assert tenant.get("/v1/promotions").json["items"] == []
    fine = add_promotion(tenant, product_ids=[product], store_ids=[store])
    patch = {"version": 1, "store_ids": [missing[2]]}
    stale = tenant.patch(f"/v1/promotions/{fine['id']}", patch)
    assert stale.status == 422 and stale.json["errors"][0]["field"] == "store_ids.0"
