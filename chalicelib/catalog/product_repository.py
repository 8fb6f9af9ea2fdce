"""Storage of products: each write carries its sku/barcode markers and listing entries."""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.catalog import search
from chalicelib.catalog.repository import (
    Page,
    barcode_taken,
    check_brand,
    check_category,
    sku_taken,
)
from chalicelib.catalog.schemas import ProductQuery
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.catalog import (
    BarcodeMarkerItem,
    ProductEntryItem,
    ProductItem,
    SkuMarkerItem,
)

BATCH_GET_SIZE = 100


def place(tenant_id: str, product: ProductItem) -> ProductItem:
    product.pk, product.sk = keys.product_pk(tenant_id, product.id), keys.product_sk()
    product.tenant_id = tenant_id
    return product


def sku_marker(tenant_id: str, sku: str, product_id: str = "") -> SkuMarkerItem:
    return SkuMarkerItem(
        pk=keys.sku_marker_pk(tenant_id, sku),
        sk=keys.sku_marker_sk(),
        tenant_id=tenant_id,
        product_id=product_id,
    )


def barcode_marker(tenant_id: str, barcode: str, product_id: str = "") -> BarcodeMarkerItem:
    return BarcodeMarkerItem(
        pk=keys.barcode_marker_pk(tenant_id, barcode),
        sk=keys.barcode_marker_sk(),
        tenant_id=tenant_id,
        product_id=product_id,
    )


def entries_of(product: ProductItem) -> dict[tuple[str, str], ProductEntryItem]:
    tenant_id = product.tenant_id or ""
    words = search.searched_text(product.name, product.sku)
    found = {}
    for facet, sort_key in _facets(product):
        entry = ProductEntryItem(
            pk=keys.product_entries_pk(tenant_id, facet),
            sk=sort_key,
            tenant_id=tenant_id,
            product_id=product.id,
            active=product.active,
            category_id=product.category_id,
            brand_id=product.brand_id,
            words=words,
        )
        found[(entry.pk, entry.sk)] = entry
    return found


def _facets(product: ProductItem) -> list[tuple[str, str]]:
    """(facet, sort key) of every listing entry of a product."""
    listed = keys.listed_sk(product.active, search.name_key(product.name), product.id)
    found = [(keys.every_product_facet(), listed)]
    if product.category_id:
        found.append((keys.category_facet(product.category_id), listed))
    if product.brand_id:
        found.append((keys.brand_facet(product.brand_id), listed))
    found += [
        (keys.word_facet(word), keys.word_sk(word, product.id))
        for word in search.search_words(product.name, product.sku)
    ]
    return found


def _entry_state(entry: ProductEntryItem) -> tuple[Any, ...]:
    return entry.active, entry.category_id, entry.brand_id, entry.words


def add_references(
    tx: Tx,
    tenant_id: str,
    category_id: str | None,
    brand_id: str | None,
    variant_of: str | None = None,
) -> None:
    """Category, brand and variant parent must exist when the product is written."""
    if category_id:
        check_category(tx, tenant_id, category_id)
    if brand_id:
        check_brand(tx, tenant_id, brand_id)
    if variant_of:
        tx.check(
            ProductItem,
            keys.product_pk(tenant_id, variant_of),
            keys.product_sk(),
            ProductItem.id.exists()
            & ProductItem.deleted_at.does_not_exist()
            & ProductItem.variant_of.does_not_exist(),
            on_fail=errors.ValidationError(
                "variant_of must be an existing product that is not itself a variant.",
                errors=[{"field": "variant_of", "message": "unknown or variant product"}],
            ),
        )


def add_creation(tx: Tx, product: ProductItem, *, references: bool = True) -> None:
    """Everything a new product writes, with the conditions that keep sku and barcode unique."""
    tenant_id = product.tenant_id or ""
    tx.put(
        sku_marker(tenant_id, product.sku, product.id),
        condition=SkuMarkerItem.pk.does_not_exist(),
        on_fail=sku_taken(product.sku),
    )
    if product.barcode:
        tx.put(
            barcode_marker(tenant_id, product.barcode, product.id),
            condition=BarcodeMarkerItem.pk.does_not_exist(),
            on_fail=barcode_taken(product.barcode),
        )
    for entry in entries_of(product).values():
        tx.put(entry)
    if references:
        add_references(tx, tenant_id, product.category_id, product.brand_id, product.variant_of)


def create(product: ProductItem, actor: str, same_as: Any) -> tuple[ProductItem, bool]:
    return records.create(
        product,
        actor=actor,
        what="Product",
        same_as=same_as,
        effects=[lambda tx: add_creation(tx, product)],
    )


def add_changes(
    tx: Tx, before: ProductItem, after: ProductItem, *, references: bool = True
) -> None:
    """Move markers whose value changed and rewrite the listing entries that changed."""
    tenant_id = before.tenant_id or ""
    if before.sku.upper() != after.sku.upper():
        tx.remove(sku_marker(tenant_id, before.sku))
        tx.put(
            sku_marker(tenant_id, after.sku, after.id),
            condition=SkuMarkerItem.pk.does_not_exist(),
            on_fail=sku_taken(after.sku),
        )
    if before.barcode != after.barcode:
        if before.barcode:
            tx.remove(barcode_marker(tenant_id, before.barcode))
        if after.barcode:
            tx.put(
                barcode_marker(tenant_id, after.barcode, after.id),
                condition=BarcodeMarkerItem.pk.does_not_exist(),
                on_fail=barcode_taken(after.barcode),
            )
    old, new = entries_of(before), entries_of(after)
    for key, entry in old.items():
        if key not in new:
            tx.remove(entry)
    for key, entry in new.items():
        if key not in old or _entry_state(old[key]) != _entry_state(entry):
            tx.put(entry)
    if references:
        add_references(
            tx,
            tenant_id,
            _changed(before.category_id, after.category_id),
            _changed(before.brand_id, after.brand_id),
        )


def _changed(before: str | None, after: str | None) -> str | None:
    return after if after != before else None


def update(product: ProductItem, changes: dict[str, Any], version: int, actor: str) -> None:
    records.update(
        product,
        changes,
        expected_version=version,
        actor=actor,
        what="Product",
        effects=[lambda tx: add_changes(tx, product, changed(product, changes))],
    )


def changed(product: ProductItem, changes: dict[str, Any]) -> ProductItem:
    """A copy of the product with `changes` applied; the original stays as stored."""
    after = ProductItem.from_raw_data(product.serialize())
    for name, value in changes.items():
        setattr(after, name, value)
    return after


def soft_delete(product: ProductItem, actor: str) -> None:
    tenant_id = product.tenant_id or ""

    def free_markers(tx: Tx) -> None:
        tx.remove(sku_marker(tenant_id, product.sku))
        if product.barcode:
            tx.remove(barcode_marker(tenant_id, product.barcode))
        for entry in entries_of(product).values():
            tx.remove(entry)

    records.soft_delete(product, actor=actor, what="Product", effects=[free_markers])


def get(tenant_id: str, product_id: str) -> ProductItem:
    return records.get_live(
        ProductItem, keys.product_pk(tenant_id, product_id), keys.product_sk(), what="Product"
    )


def get_many(tenant_id: str, product_ids: list[str]) -> dict[str, ProductItem]:
    """Live products by id, in BatchGets of 100; missing or deleted ids are absent."""
    found: dict[str, ProductItem] = {}
    unique = list(dict.fromkeys(product_ids))
    for start in range(0, len(unique), BATCH_GET_SIZE):
        chunk = [
            (keys.product_pk(tenant_id, pid), keys.product_sk())
            for pid in unique[start : start + BATCH_GET_SIZE]
        ]
        for item in records.batch_get(ProductItem, chunk):
            if isinstance(item, ProductItem) and item.deleted_at is None:
                found[item.id] = item
    return found


def product_ids_by_sku(tenant_id: str, skus: list[str]) -> dict[str, str]:
    """sku (upper-case) -> product id, in BatchGets of 100 markers."""
    pks = {keys.sku_marker_pk(tenant_id, sku): sku.upper() for sku in skus}
    return _marker_owners(SkuMarkerItem, keys.sku_marker_sk(), pks)


def product_ids_by_barcode(tenant_id: str, barcodes: list[str]) -> dict[str, str]:
    pks = {keys.barcode_marker_pk(tenant_id, code): code for code in barcodes}
    return _marker_owners(BarcodeMarkerItem, keys.barcode_marker_sk(), pks)


def _marker_owners(
    model: type[SkuMarkerItem] | type[BarcodeMarkerItem], sk: str, pks: dict[str, str]
) -> dict[str, str]:
    found: dict[str, str] = {}
    unique = list(pks)
    for start in range(0, len(unique), BATCH_GET_SIZE):
        chunk = [(pk, sk) for pk in unique[start : start + BATCH_GET_SIZE]]
        for marker in model.batch_get(chunk):
            found[pks[marker.pk]] = marker.product_id
    return found


def find_by_marker(
    tenant_id: str, *, sku: str | None = None, barcode: str | None = None
) -> ProductItem | None:
    marker: SkuMarkerItem | BarcodeMarkerItem | None
    if sku is not None:
        marker = records.find(
            SkuMarkerItem, keys.sku_marker_pk(tenant_id, sku), keys.sku_marker_sk()
        )
    else:
        marker = records.find(
            BarcodeMarkerItem,
            keys.barcode_marker_pk(tenant_id, barcode or ""),
            keys.barcode_marker_sk(),
        )
    if marker is None:
        return None
    return get_many(tenant_id, [marker.product_id]).get(marker.product_id)


def entries_page(
    tenant_id: str,
    facet: str,
    prefix: str | None,
    filters: Condition | None,
    limit: int,
    start_key: dict[str, Any] | None,
) -> Page:
    return records.query_page(
        ProductEntryItem,
        keys.product_entries_pk(tenant_id, facet),
        range_key_condition=ProductEntryItem.sk.startswith(prefix) if prefix else None,
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
    )


def listed_entries(
    tenant_id: str, query: ProductQuery, limit: int, start_key: dict[str, Any] | None
) -> Page:
    """The listing entries that serve a query: its facet and key prefix, the rest filtered."""
    state = None if query.active is None else keys.listed_prefix(query.active)
    conditions: list[Any] = []
    prefix: str | None
    if query.search is not None:
        words = search.chunks(query.search)
        facet, prefix = keys.word_facet(words[0]), words[0]
        conditions += [ProductEntryItem.words.contains(word) for word in words[1:]]
        if query.active is not None:
            conditions.append(ProductEntryItem.active == query.active)
        if query.category_id:
            conditions.append(ProductEntryItem.category_id == query.category_id)
    elif query.category_id:
        facet, prefix = keys.category_facet(query.category_id), state
    elif query.brand_id:
        facet, prefix = keys.brand_facet(query.brand_id), state
    else:
        facet, prefix = keys.every_product_facet(), state
    if query.brand_id and (query.search is not None or query.category_id):
        conditions.append(ProductEntryItem.brand_id == query.brand_id)
    return entries_page(tenant_id, facet, prefix, records.all_of(conditions), limit, start_key)


def add_update(tx: Tx, before: ProductItem, changes: dict[str, Any], actor: str) -> None:
    """A versioned update of a product already read, with its markers and entries (import)."""
    values = {**changes, "version": before.version + 1, "updated_at": iso(), "updated_by": actor}
    actions = [
        getattr(ProductItem, name).set(value)
        if value is not None
        else getattr(ProductItem, name).remove()
        for name, value in values.items()
    ]
    tx.change(
        before,
        actions,
        condition=(ProductItem.version == before.version) & ProductItem.deleted_at.does_not_exist(),
        on_fail=errors.VersionMismatchError(f"Product {before.sku} changed meanwhile."),
    )
    add_changes(tx, before, changed(before, changes), references=False)


def add_new(tx: Tx, product: ProductItem, actor: str) -> None:
    """A new product with a fresh id (import): references were resolved by the caller."""
    records.stamp_new(product, actor)
    tx.put(product, condition=ProductItem.pk.does_not_exist())
    add_creation(tx, product, references=False)


def all_products(tenant_id: str) -> list[ProductItem]:
    """The whole live catalog, page by page through the ALL listing (export)."""
    found: list[ProductItem] = []
    start_key: dict[str, Any] | None = None
    while True:
        entries, start_key = entries_page(
            tenant_id, keys.every_product_facet(), None, None, 100, start_key
        )
        products = get_many(tenant_id, [entry.product_id for entry in entries])
        found += [products[e.product_id] for e in entries if e.product_id in products]
        if start_key is None:
            return found
