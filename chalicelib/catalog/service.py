"""Products and their variants, as plain functions; `get_product(s)` serve sales and stock."""

from __future__ import annotations

from chalicelib import errors, folding, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.catalog import listing_repository as listing
from chalicelib.catalog import repository as repo
from chalicelib.catalog import stock_reads_repository as stock_reads
from chalicelib.catalog.schemas import (
    ProductIn,
    ProductOut,
    ProductPatch,
    ProductQuery,
)
from chalicelib.creates import create_once
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.schemas import from_item, sent_fields

CONTENT_FIELDS = (
    "sku",
    "barcode",
    "name",
    "description",
    "category_id",
    "brand_id",
    "unit",
    "price",
    "cost",
    "tax_rate_bps",
    "tax_included",
    "track_stock",
    "track_lots",
    "variant_of",
    "attributes",
    "specs",
    "active",
)


def get_product(tenant_id: str, product_id: str) -> ProductOut:
    """One live product of the tenant, or NotFoundError (404)."""
    return from_item(ProductOut, repo.get(tenant_id, product_id))


def get_products(tenant_id: str, product_ids: list[str]) -> dict[str, ProductOut]:
    """Live products by id in one BatchGet (per 100 ids); missing or deleted ids are absent."""
    found = repo.get_many(tenant_id, product_ids)
    return {pid: from_item(ProductOut, item) for pid, item in found.items()}


def want_products(reads: Reads, tenant_id: str, product_ids: list[str]) -> None:
    """Read these products with a request's other reads."""
    repo.want_products(reads, tenant_id, product_ids)


def products_in(reads: Reads, tenant_id: str, product_ids: list[str]) -> dict[str, ProductOut]:
    """Live products by id from reads that wanted them; missing or deleted ids are absent."""
    found = repo.products_in(reads, tenant_id, product_ids)
    return {pid: from_item(ProductOut, item) for pid, item in found.items()}


def create_product(principal: Principal, data: ProductIn) -> tuple[ProductOut, bool]:
    tenant = tenancy.tenant_settings(principal.tenant_id)
    fields = {**data.model_dump(exclude={"id"}), "currency": tenant.currency}
    saved, created = create_once(repo.create, principal, data.id, fields, CONTENT_FIELDS)
    return from_item(ProductOut, saved), created


def update_product(principal: Principal, product_id: str, patch: ProductPatch) -> ProductOut:
    product = repo.get(principal.tenant_id, product_id)
    changes = sent_fields(patch)
    switching = "track_lots" in changes and bool(changes["track_lots"]) != product.track_lots
    if switching and stock_reads.holds_stock(principal.tenant_id, product_id):
        raise errors.InvalidStateError(
            "track_lots changes only while the product holds no stock in any store."
        )
    if switching and product.track_lots and stock_reads.keeps_lots(principal.tenant_id, product_id):
        raise errors.InvalidStateError(
            "A product whose stock was kept per lot keeps its lots: track_lots stays on."
        )
    repo.update(product, changes, patch.version, principal.user_id)
    return from_item(ProductOut, product)


def delete_product(principal: Principal, product_id: str) -> None:
    """Soft delete: its sku and barcode become free for another product."""
    repo.soft_delete(repo.get(principal.tenant_id, product_id), principal.user_id)


def list_products(tenant_id: str, query: ProductQuery, start_key: Key | None) -> Page[ProductOut]:
    if query.sku is not None or query.barcode is not None:
        found = repo.find_by_marker(tenant_id, sku=query.sku, barcode=query.barcode)
        if found is None or not _matches(found, query):
            return [], None
        return [from_item(ProductOut, found)], None
    if query.search is not None and not folding.chunks(query.search):
        return [], None
    entries, last_key = listing.listed_entries(tenant_id, query, query.limit, start_key)
    absent = dict.fromkeys(ProductOut.model_fields)  # a record stores no null attribute
    products = repo.listed_fields(tenant_id, entries)
    return [ProductOut.model_validate({**absent, **fields}) for fields in products], last_key


def rewrite_listing(tenant_id: str) -> int:
    """Rewrite the tenant's listing entries (after an upgrade); the number of products."""
    return repo.rewrite_entries(tenant_id)


def _matches(product: repo.Product, query: ProductQuery) -> bool:
    wanted = {
        "sku": query.sku,
        "barcode": query.barcode,
        "category_id": query.category_id,
        "brand_id": query.brand_id,
        "active": query.active,
    }
    if query.sku is not None and product.sku.upper() != query.sku.upper():
        return False
    return all(
        value is None or getattr(product, name) == value
        for name, value in wanted.items()
        if name != "sku"
    )
