"""Storage of products: each write carries its sku/barcode markers and listing entries.

An import writes several products per transaction (up to 100 actions); a refused transaction
is tried again product by product, so only the guilty ones fail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from chalicelib import errors
from chalicelib.catalog import listing_repository as listing
from chalicelib.catalog.brand_repository import brand_exists
from chalicelib.catalog.category_repository import category_exists
from chalicelib.clock import new_id
from chalicelib.db import batches, keys, records
from chalicelib.db.base import Entity, Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.catalog import (
    BarcodeMarkerItem,
    ProductEntryItem,
    ProductItem,
    SkuMarkerItem,
)
from chalicelib.pagination import Key
from chalicelib.reads_repository import Reads

T = TypeVar("T")

Product = ProductItem
_PRODUCT = records.Kind(ProductItem, keys.product_pk, keys.product_sk, "Product")
TX_ACTIONS = 100


def _placed(tenant_id: str, product_id: str, fields: dict[str, Any]) -> ProductItem:
    return _PRODUCT.new(tenant_id, product_id, fields)


def _sku_taken(sku: str) -> errors.ConflictError:
    return errors.ConflictError(f"Another product already uses the sku {sku}.")


def _barcode_taken(barcode: str) -> errors.ConflictError:
    return errors.ConflictError(f"Another product already uses the barcode {barcode}.")


def _sku_marker(tenant_id: str, sku: str, product_id: str = "") -> SkuMarkerItem:
    return SkuMarkerItem(
        pk=keys.sku_marker_pk(tenant_id, sku),
        sk=keys.sku_marker_sk(),
        tenant_id=tenant_id,
        product_id=product_id,
    )


def _barcode_marker(tenant_id: str, barcode: str, product_id: str = "") -> BarcodeMarkerItem:
    return BarcodeMarkerItem(
        pk=keys.barcode_marker_pk(tenant_id, barcode),
        sk=keys.barcode_marker_sk(),
        tenant_id=tenant_id,
        product_id=product_id,
    )


def _add_references(
    tx: Tx,
    tenant_id: str,
    category_id: str | None,
    brand_id: str | None,
    variant_of: str | None = None,
) -> None:
    """Category, brand and variant parent must exist when the product is written."""
    if category_id:
        category_exists(tenant_id, category_id)(tx)
    if brand_id:
        brand_exists(tenant_id, brand_id)(tx)
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


def _add_creation(tx: Tx, product: ProductItem, *, references: bool = True) -> None:
    """Everything a new product writes, with the conditions that keep sku and barcode unique."""
    tenant_id = product.tenant_id or ""
    tx.put(
        _sku_marker(tenant_id, product.sku, product.id),
        condition=SkuMarkerItem.pk.does_not_exist(),
        on_fail=_sku_taken(product.sku),
    )
    if product.barcode:
        tx.put(
            _barcode_marker(tenant_id, product.barcode, product.id),
            condition=BarcodeMarkerItem.pk.does_not_exist(),
            on_fail=_barcode_taken(product.barcode),
        )
    for entry in listing.entries_of(product).values():
        tx.put(entry)
    if references:
        _add_references(tx, tenant_id, product.category_id, product.brand_id, product.variant_of)


@serves("Products by id", "Product by sku", "Product by barcode", "Products of the tenant")
def create(
    tenant_id: str, product_id: str, fields: dict[str, Any], actor: str, same_as: Any
) -> tuple[ProductItem, bool]:
    product = _placed(tenant_id, product_id, fields)
    return records.create(
        product,
        actor=actor,
        what="Product",
        same_as=same_as,
        effects=[lambda tx: _add_creation(tx, product)],
    )


def _add_changes(
    tx: Tx, before: ProductItem, after: ProductItem, *, references: bool = True
) -> None:
    """Move markers whose value changed and rewrite the listing entries that changed."""
    tenant_id = before.tenant_id or ""
    if before.sku.upper() != after.sku.upper():
        tx.remove(_sku_marker(tenant_id, before.sku))
        tx.put(
            _sku_marker(tenant_id, after.sku, after.id),
            condition=SkuMarkerItem.pk.does_not_exist(),
            on_fail=_sku_taken(after.sku),
        )
    if before.barcode != after.barcode:
        if before.barcode:
            tx.remove(_barcode_marker(tenant_id, before.barcode))
        if after.barcode:
            tx.put(
                _barcode_marker(tenant_id, after.barcode, after.id),
                condition=BarcodeMarkerItem.pk.does_not_exist(),
                on_fail=_barcode_taken(after.barcode),
            )
    old, new = listing.entries_of(before), listing.entries_of(after)
    for key, entry in old.items():
        if key not in new:
            tx.remove(entry)
    for key, entry in new.items():
        if key not in old or listing.entry_state(old[key]) != listing.entry_state(entry):
            tx.put(entry)
    if references:
        _add_references(
            tx,
            tenant_id,
            _changed(before.category_id, after.category_id),
            _changed(before.brand_id, after.brand_id),
        )


def _changed(before: str | None, after: str | None) -> str | None:
    return after if after != before else None


@serves("Products by id", "Product by sku", "Product by barcode", "Products of the tenant")
def update(product: ProductItem, changes: dict[str, Any], version: int, actor: str) -> None:
    """The product's next version with its markers and entries (which carry that version)."""
    if product.version != version:
        raise errors.VersionMismatchError(
            f"Product is at version {product.version}, not {version}."
        )
    tx = Tx()
    values = records.change(
        tx,
        product,
        changes,
        actor=actor,
        on_fail=errors.VersionMismatchError(
            f"Product changed since version {version}; read it again."
        ),
    )
    _add_changes(tx, product, _changed_copy(product, values))
    tx.commit()
    records.mirror(product, values)


def _changed_copy(product: ProductItem, changes: dict[str, Any]) -> ProductItem:
    """A copy of the product with `changes` applied; the original stays as stored."""
    after = ProductItem.from_raw_data(product.serialize())
    for name, value in changes.items():
        setattr(after, name, value)
    return after


@serves("Products by id", "Product by sku", "Product by barcode", "Products of the tenant")
def soft_delete(product: ProductItem, actor: str) -> None:
    tenant_id = product.tenant_id or ""

    def free_markers(tx: Tx) -> None:
        tx.remove(_sku_marker(tenant_id, product.sku))
        if product.barcode:
            tx.remove(_barcode_marker(tenant_id, product.barcode))
        for entry in listing.entries_of(product).values():
            tx.remove(entry)

    records.soft_delete(product, actor=actor, what="Product", effects=[free_markers])


@serves("Products by id")
def get(tenant_id: str, product_id: str) -> ProductItem:
    return _PRODUCT.get(tenant_id, product_id)


@serves("Products by id")
def get_many(tenant_id: str, product_ids: list[str]) -> dict[str, ProductItem]:
    """Live products by id, in BatchGets of 100; missing or deleted ids are absent."""
    wanted = [(keys.product_pk(tenant_id, pid), keys.product_sk()) for pid in product_ids]
    return {
        item.id: item
        for item in batches.batch_get(ProductItem, wanted)
        if isinstance(item, ProductItem) and item.deleted_at is None
    }


@serves("Products by id")
def want_products(reads: Reads, tenant_id: str, product_ids: list[str]) -> None:
    reads.want([(keys.product_pk(tenant_id, pid), keys.product_sk()) for pid in product_ids])


@serves("Products by id")
def products_in(reads: Reads, tenant_id: str, product_ids: list[str]) -> dict[str, ProductItem]:
    """The live products of reads that wanted them; missing or deleted ids are absent."""
    found: dict[str, ProductItem] = {}
    for pid in product_ids:
        item = reads.item((keys.product_pk(tenant_id, pid), keys.product_sk()))
        if isinstance(item, ProductItem) and item.deleted_at is None:
            found[pid] = item
    return found


@serves("Product by sku")
def product_ids_by_sku(tenant_id: str, skus: list[str]) -> dict[str, str]:
    """sku (upper-case) -> product id, in BatchGets of 100 markers."""
    pks = {keys.sku_marker_pk(tenant_id, sku): sku.upper() for sku in skus}
    return _marker_owners(SkuMarkerItem, keys.sku_marker_sk(), pks)


@serves("Product by barcode")
def product_ids_by_barcode(tenant_id: str, barcodes: list[str]) -> dict[str, str]:
    pks = {keys.barcode_marker_pk(tenant_id, code): code for code in barcodes}
    return _marker_owners(BarcodeMarkerItem, keys.barcode_marker_sk(), pks)


def _marker_owners(
    model: type[SkuMarkerItem] | type[BarcodeMarkerItem], sk: str, pks: dict[str, str]
) -> dict[str, str]:
    markers = batches.batch_get(model, [(pk, sk) for pk in pks])  # type: ignore[type-var]
    return {pks[marker.pk]: marker.product_id for marker in markers}


@serves("Product by sku", "Product by barcode", "Products by id")
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


@dataclass(frozen=True)
class ImportedProduct:
    """One line of an import: a new product's fields, or changes to a product already read."""

    fields: dict[str, Any] | None = None
    existing: ProductItem | None = None
    changes: dict[str, Any] | None = None


@serves("Products by id", "Product by sku", "Product by barcode", "Products of the tenant")
def write_imported(tenant_id: str, lines: list[ImportedProduct], actor: str) -> list[str | None]:
    """Each line's product written with its markers and entries, several per transaction;
    what refused each line (None: written). Its references were resolved by the caller.
    Each line's actions are built once: a refused transaction commits its lines one by one."""
    refused: dict[int, str] = {}
    group: list[tuple[int, Tx]] = []
    tx = Tx()
    for number, line in enumerate(lines):
        new = _placed(tenant_id, new_id(), line.fields) if line.fields is not None else None
        alone = Tx()
        _add_imported(alone, new, line, actor)
        if group and tx.size + alone.size > TX_ACTIONS:
            _commit_imported(tx, group, refused)
            group, tx = [], Tx()
        tx.absorb(alone)
        group.append((number, alone))
    _commit_imported(tx, group, refused)
    return [refused.get(number) for number in range(len(lines))]


def _add_imported(tx: Tx, new: ProductItem | None, line: ImportedProduct, actor: str) -> None:
    if new is not None:
        records.stamp_new(new, actor)
        tx.put(new, condition=ProductItem.pk.does_not_exist())
        _add_creation(tx, new, references=False)
    elif line.changes and line.existing is not None:
        before = line.existing
        values = records.change(
            tx,
            before,
            line.changes,
            actor=actor,
            on_fail=errors.VersionMismatchError(f"Product {before.sku} changed meanwhile."),
        )
        _add_changes(tx, before, _changed_copy(before, values), references=False)


def _commit_imported(tx: Tx, group: list[tuple[int, Tx]], refused: dict[int, str]) -> None:
    try:
        tx.commit()
    except errors.DomainError as error:
        if len(group) > 1:
            for number, alone in group:
                _commit_imported(alone, [(number, alone)], refused)
            return
        refused[group[0][0]] = error.detail


@serves("Products of the tenant", "Products by id")
def listed_products(tenant_id: str, entries: list[ProductEntryItem]) -> list[ProductItem]:
    """The products of a page of entries, in order, once each: those the entries carry, the
    others (entries written before they carried it) in one BatchGet."""
    return _listed(tenant_id, entries, listing.product_of, lambda item: item)


@serves("Products of the tenant", "Products of a category or brand", "Products by id")
def listed_fields(tenant_id: str, entries: list[ProductEntryItem]) -> list[dict[str, Any]]:
    """The same as plain fields, what a list page answers (no model built for the carried)."""
    return _listed(tenant_id, entries, listing.fields_of, listing.product_fields)


def _listed(
    tenant_id: str,
    entries: list[ProductEntryItem],
    carried: Callable[[ProductEntryItem], T | None],
    fetched: Callable[[ProductItem], T],
) -> list[T]:
    ids = list(dict.fromkeys(entry.product_id for entry in entries))
    found = {entry.product_id: p for entry in entries if (p := carried(entry)) is not None}
    missing = [pid for pid in ids if pid not in found]
    found.update({pid: fetched(item) for pid, item in get_many(tenant_id, missing).items()})
    return [found[pid] for pid in ids if pid in found]


@serves("Products of the tenant", "Products by id")
def all_products(tenant_id: str) -> list[ProductItem]:
    """The whole live catalog, page by page through the listing of all products (export)."""
    found: list[ProductItem] = []
    start_key: Key | None = None
    while True:
        entries, start_key = listing.every_entry(tenant_id, 100, start_key)
        found += listed_products(tenant_id, entries)
        if start_key is None:
            return found


@serves("Products of the tenant", "Products by id")
def rewrite_entries(tenant_id: str) -> int:
    """Put every live product's listing entries again, as this version writes them (entries
    written before carried no product); idempotent. The number of products rewritten."""
    products = all_products(tenant_id)
    with Entity.batch_write() as batch:
        for product in products:
            for entry in listing.entries_of(product).values():
                batch.save(entry)
    return len(products)
