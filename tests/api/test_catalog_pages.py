"""Product list and search pages: each reads at most one page of listing entries, a filtered
page stops short with a cursor, and the list shows the product as stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Stack, Tenant, add_product, sent_requests


def walk(tenant: Tenant, path: str) -> tuple[list[list[str]], list[str]]:
    """Every page of a list: the skus of each page, and all of them."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        reply = tenant.get(path + (f"&cursor={cursor}" if cursor else ""))
        assert reply.status == 200, reply
        pages.append([item["sku"] for item in reply.json["items"]])
        cursor = reply.json["next_cursor"]
        if not cursor:
            return pages, [sku for page in pages for sku in page]


def test_a_search_page_reads_one_page_of_entries_and_answers_a_cursor_for_the_rest(
    tenant: Tenant,
) -> None:
    for n in range(6):
        add_product(tenant, sku=f"TAB-{n}", name=f"Tablette Tecno T{n}", price=1000)
    add_product(tenant, sku="TAB-NOIR", name="Tablette Tecno noire", price=1000)
    pages, found = walk(tenant, "/v1/products?search=tablette%20noir&limit=2")
    assert found == ["TAB-NOIR"]
    assert len(pages) == 4 and pages[0] == []


def test_a_list_page_and_a_search_page_are_one_query_each(tenant: Tenant) -> None:
    for n in range(3):
        add_product(tenant, sku=f"ONE-{n}", name=f"Routeur Huawei R{n}", price=1000)
    tenant.get("/v1/auth/me")  # the session read of the minute is not the page's
    for path in ("/v1/products", "/v1/products?search=huawei", "/v1/products?search=rout%20hua"):
        with sent_requests() as calls:
            reply = tenant.get(path)
        assert len(reply.json["items"]) == 3, path
        assert [operation for operation, _ in calls] == ["Query"], path


def test_every_word_of_a_search_begins_a_word_of_the_product_in_any_order(
    tenant: Tenant,
) -> None:
    add_product(tenant, sku="SAM-S24", name="Smartphone Samsung Galaxy S24", price=1000)
    add_product(tenant, sku="TEC-CAM", name="Smartphone Tecno Camon", price=1000)
    for text in ("samsung smartphone", "smart gal sam", "galaxy s24 smartphone", "sam-s2 smart"):
        assert walk(tenant, f"/v1/products?search={text}")[1] == ["SAM-S24"], text
    assert walk(tenant, "/v1/products?search=smartphone amsung")[1] == []


def test_a_category_page_with_a_brand_filter_stops_at_its_page_of_entries(
    tenant: Tenant,
) -> None:
    phones = tenant.post("/v1/categories", {"name": "Téléphones"}).json["id"]
    tecno = tenant.post("/v1/brands", {"name": "Tecno"}).json["id"]
    for n in range(4):
        add_product(tenant, sku=f"PH-{n}", name=f"Alpha {n}", category_id=phones, price=900)
    add_product(tenant, sku="PH-T", name="Zeta", category_id=phones, brand_id=tecno, price=900)
    pages, found = walk(tenant, f"/v1/products?category_id={phones}&brand_id={tecno}&limit=2")
    assert found == ["PH-T"] and len(pages) == 3


def test_the_list_shows_each_product_as_its_own_page_does_after_every_change(
    tenant: Tenant,
) -> None:
    made: dict[str, Any] = add_product(tenant, sku="LST-1", name="Routeur", price=1000)
    changed = tenant.patch(
        f"/v1/products/{made['id']}", {"version": 1, "price": 1200, "specs": {"wifi": "6"}}
    )
    assert changed.status == 200
    listed = tenant.get("/v1/products").json["items"]
    assert listed == [tenant.get(f"/v1/products/{made['id']}").json] == [changed.json]
    assert changed.json["barcode"] is None  # an attribute the record does not store
    found = tenant.get("/v1/products?search=routeur").json["items"]  # a word's entries
    assert found == [changed.json]


@pytest.mark.parametrize("path", ["/v1/products", "/v1/products?search=routeur"])
def test_entries_written_before_they_carried_the_product_list_and_are_rewritten(
    tenant: Tenant, stack: Stack, path: str
) -> None:
    from chalicelib import catalog
    from chalicelib.config import get_settings
    from chalicelib.db import keys

    made = add_product(tenant, sku="OLD-1", name="Routeur", price=1000)
    facet, sort_key = (
        (keys.word_facet("routeur"), keys.word_sk("routeur", made["id"]))
        if "search" in path
        else (keys.every_product_facet(), keys.listed_sk(True, "routeur", made["id"]))
    )
    entry = {
        "pk": {"S": keys.product_entries_pk(tenant.id, facet)},
        "sk": {"S": sort_key},
    }
    table = get_settings().table_name

    def carried() -> bool:
        return "shown" in stack.dynamodb.get_item(TableName=table, Key=entry)["Item"]

    assert carried()
    stack.dynamodb.update_item(TableName=table, Key=entry, UpdateExpression="REMOVE shown")
    assert not carried()
    assert tenant.get(path).json["items"] == [made]
    assert catalog.rewrite_listing(tenant.id) == 1
    assert carried() and tenant.get(path).json["items"] == [made]
