"""Products through the API: uniqueness markers, variants, filters, pagination, deletes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Tenant, add_product


def product(sku: str, **fields: Any) -> dict[str, Any]:
    return {"sku": sku, "name": f"Produit {sku}", "price": 1000, **fields}


def create(tenant: Tenant, sku: str, **fields: Any) -> dict[str, Any]:
    return add_product(tenant, **product(sku, **fields))


def skus(reply: Any) -> list[str]:
    assert reply.status == 200, reply
    return [item["sku"] for item in reply.json["items"]]


def test_a_product_is_created_with_its_defaults_and_currency(tenant: Tenant) -> None:
    created = create(tenant, "TEC-SPK-10", barcode="6901234567890", cost=600, tax_rate_bps=1925)
    assert created["unit"] == "piece" and created["tax_included"] is True
    assert created["currency"] == "XAF" and created["version"] == 1
    assert created["track_stock"] is True and created["track_lots"] is False
    fetched = tenant.get(f"/v1/products/{created['id']}")
    assert fetched.status == 200 and fetched.json == created


def test_sku_and_barcode_are_unique_and_move_with_their_product(tenant: Tenant) -> None:
    first = create(tenant, "CAB-1M", barcode="1111")
    assert tenant.post("/v1/products", product("cab-1m")).status == 409
    taken = tenant.post("/v1/products", product("CAB-2M", barcode="1111"))
    assert taken.status == 409 and taken.json["code"] == "CONFLICT"
    moved = tenant.patch(
        f"/v1/products/{first['id']}", {"version": 1, "sku": "CAB-1M-BLK", "barcode": "2222"}
    )
    assert moved.status == 200, moved
    assert moved.json["sku"] == "CAB-1M-BLK" and moved.json["version"] == 2
    assert tenant.post("/v1/products", product("CAB-1M", barcode="1111")).status == 201
    assert tenant.post("/v1/products", product("CAB-X", barcode="2222")).status == 409
    assert skus(tenant.get("/v1/products?sku=cab-1m-blk")) == ["CAB-1M-BLK"]
    assert skus(tenant.get("/v1/products?barcode=2222")) == ["CAB-1M-BLK"]
    assert skus(tenant.get("/v1/products?barcode=9999")) == []


def test_a_deleted_product_frees_its_sku_and_barcode(tenant: Tenant) -> None:
    gone = create(tenant, "DEL-1", barcode="3333")
    assert tenant.delete(f"/v1/products/{gone['id']}").status == 204
    assert tenant.get(f"/v1/products/{gone['id']}").status == 404
    assert tenant.delete(f"/v1/products/{gone['id']}").status == 404
    assert skus(tenant.get("/v1/products?search=del")) == []
    again = create(tenant, "DEL-1", barcode="3333")
    assert again["id"] != gone["id"]


def test_variants_need_an_existing_product_that_is_not_a_variant(tenant: Tenant) -> None:
    phone = create(tenant, "TEC-SPARK20", name="Tecno Spark 20")
    variant = create(
        tenant,
        "TEC-SPARK20-128-BLK",
        variant_of=phone["id"],
        price=95000,
        attributes={"storage": "128GB", "colour": "black"},
    )
    assert variant["variant_of"] == phone["id"] and variant["attributes"]["storage"] == "128GB"
    nested = tenant.post("/v1/products", product("NESTED", variant_of=variant["id"]))
    assert nested.status == 422 and nested.json["errors"][0]["field"] == "variant_of"
    unknown = tenant.post(
        "/v1/products", product("ORPHAN", variant_of="01JD0000000000000000000009")
    )
    assert unknown.status == 422
    frozen = tenant.patch(f"/v1/products/{variant['id']}", {"version": 1, "variant_of": None})
    assert frozen.status == 422


def test_every_filter_is_answered(tenant: Tenant) -> None:
    phones = tenant.post("/v1/categories", {"name": "Téléphones"}).json
    cables = tenant.post("/v1/categories", {"name": "Câbles"}).json
    samsung = tenant.post("/v1/brands", {"name": "Samsung"}).json
    tplink = tenant.post("/v1/brands", {"name": "TP-Link"}).json
    create(tenant, "SAM-A15", name="Galaxy A15", category_id=phones["id"], brand_id=samsung["id"])
    create(
        tenant,
        "SAM-A25",
        name="Galaxy A25 5G",
        category_id=phones["id"],
        brand_id=samsung["id"],
        active=False,
    )
    create(
        tenant,
        "TPL-CAT6-3M",
        name="Câble réseau Cat6 3 m",
        category_id=cables["id"],
        brand_id=tplink["id"],
    )
    create(tenant, "SAM-USBC", name="Câble USB-C", category_id=cables["id"], brand_id=samsung["id"])

    assert skus(tenant.get("/v1/products?search=galaxy")) == ["SAM-A15", "SAM-A25"]
    assert sorted(skus(tenant.get("/v1/products?search=CABLE"))) == ["SAM-USBC", "TPL-CAT6-3M"]
    assert skus(tenant.get("/v1/products?search=sam-a")) == ["SAM-A15", "SAM-A25"]
    assert skus(tenant.get("/v1/products?search=galaxy%20a2")) == ["SAM-A25"]
    assert skus(tenant.get("/v1/products?search=galaxy&active=true")) == ["SAM-A15"]
    assert skus(tenant.get(f"/v1/products?category_id={phones['id']}")) == ["SAM-A15", "SAM-A25"]
    assert skus(tenant.get(f"/v1/products?category_id={phones['id']}&active=false")) == ["SAM-A25"]
    assert skus(tenant.get(f"/v1/products?brand_id={samsung['id']}&active=true")) == [
        "SAM-USBC",
        "SAM-A15",
    ]
    assert skus(tenant.get(f"/v1/products?category_id={cables['id']}&brand_id={tplink['id']}")) == [
        "TPL-CAT6-3M"
    ]
    assert skus(tenant.get("/v1/products?active=false")) == ["SAM-A25"]
    assert len(skus(tenant.get("/v1/products"))) == 4


def test_deactivating_moves_a_product_between_active_and_inactive_lists(tenant: Tenant) -> None:
    item = create(tenant, "ACT-1", name="Routeur")
    off = tenant.patch(f"/v1/products/{item['id']}", {"version": 1, "active": False})
    assert off.status == 200 and off.json["active"] is False
    assert skus(tenant.get("/v1/products?active=true")) == []
    assert skus(tenant.get("/v1/products?active=false&search=rout")) == ["ACT-1"]


def test_products_are_paged_with_cursors(tenant: Tenant) -> None:
    for n in range(5):
        create(tenant, f"PAGE-{n}", name=f"Article {n}")
    first = tenant.get("/v1/products?limit=2")
    assert len(first.json["items"]) == 2 and first.json["next_cursor"]
    seen = skus(first)
    cursor = first.json["next_cursor"]
    while cursor:
        page = tenant.get(f"/v1/products?limit=2&cursor={cursor}")
        seen += skus(page)
        cursor = page.json["next_cursor"]
    assert seen == [f"PAGE-{n}" for n in range(5)]
    tampered = tenant.get(f"/v1/products?limit=2&active=true&cursor={first.json['next_cursor']}")
    assert tampered.status == 422


@pytest.mark.parametrize(
    "body, field",
    [
        ({"sku": "X", "name": "A", "price": -1}, "price"),
        ({"sku": "X", "name": "A", "price": 1.5}, "price"),
        ({"sku": "X", "name": "A", "price": 100, "tax_rate_bps": 10001}, "tax_rate_bps"),
        ({"sku": "X", "name": "A", "price": 100, "unit": "kg"}, "unit"),
        ({"sku": "bad sku", "name": "A", "price": 100}, "sku"),
        ({"sku": "X", "price": 100}, "name"),
        (
            {"sku": "X", "name": "A", "price": 100, "category_id": "01JD0000000000000000000009"},
            "category_id",
        ),
    ],
)
def test_bad_products_are_refused_with_the_field(
    tenant: Tenant, body: dict[str, Any], field: str
) -> None:
    reply = tenant.post("/v1/products", body)
    assert reply.status == 422, reply
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in reply.json["errors"]]


def test_a_stale_or_null_patch_is_refused(tenant: Tenant) -> None:
    item = create(tenant, "PATCH-1")
    assert tenant.patch(f"/v1/products/{item['id']}", {"version": 1, "price": 1500}).status == 200
    stale = tenant.patch(f"/v1/products/{item['id']}", {"version": 1, "price": 2000})
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"
    null = tenant.patch(f"/v1/products/{item['id']}", {"version": 2, "price": None})
    assert null.status == 422


def test_another_tenants_products_are_not_found(tenant: Tenant, other_tenant: Tenant) -> None:
    mine = create(tenant, "MINE-1", barcode="4444")
    assert other_tenant.get(f"/v1/products/{mine['id']}").status == 404
    assert (
        other_tenant.patch(f"/v1/products/{mine['id']}", {"version": 1, "price": 1}).status == 404
    )
    assert other_tenant.delete(f"/v1/products/{mine['id']}").status == 404
    assert skus(other_tenant.get("/v1/products?sku=MINE-1")) == []
    assert other_tenant.post("/v1/products", product("MINE-1", barcode="4444")).status == 201
    variant = other_tenant.post("/v1/products", product("V-1", variant_of=mine["id"]))
    assert variant.status == 422
    assert tenant.get(f"/v1/products/{mine['id']}").json["price"] == 1000


def test_client_made_id_replays_and_conflicts(tenant: Tenant) -> None:
    body = product("OFFLINE-1", id="01JD0000000000000000000077")
    assert tenant.post("/v1/products", body).status == 201
    assert tenant.post("/v1/products", body).status == 200
    assert tenant.post("/v1/products", {**body, "price": 5}).status == 409


def test_interface_for_sales_reads_many_products_at_once(tenant: Tenant) -> None:
    from chalicelib.catalog.service import get_product, get_products
    from chalicelib.errors import NotFoundError

    a, b = create(tenant, "IF-A"), create(tenant, "IF-B")
    tenant.delete(f"/v1/products/{b['id']}")
    found = get_products(tenant.id, [a["id"], b["id"], "01JD0000000000000000000009"])
    assert list(found) == [a["id"]] and found[a["id"]].sku == "IF-A"
    with pytest.raises(NotFoundError):
        get_product(tenant.id, b["id"])


def test_maps_keyed_like_stored_type_tags_round_trip(tenant: Tenant) -> None:
    """{"S": ...}, {"N": ...}, {"B": ...} are maps like any other, on create and PATCH."""
    product = add_product(tenant, attributes={"S": "rouge"}, specs={"B": {"x": 1}})
    assert (product["attributes"], product["specs"]) == ({"S": "rouge"}, {"B": {"x": 1}})
    path = f"/v1/products/{product['id']}"
    patched = tenant.patch(
        path, {"version": product["version"], "attributes": {"N": "42"}, "specs": {"M": 2}}
    )
    assert patched.status == 200, patched
    stored = tenant.get(path).json
    assert (stored["attributes"], stored["specs"]) == ({"N": "42"}, {"M": 2})
