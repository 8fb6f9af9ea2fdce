"""Products and their variants, as plain functions; `get_product(s)` serve sales and stock."""

from __future__ import annotations

from typing import Any

from chalicelib import tenancy
from chalicelib.auth.principal import Principal
from chalicelib.catalog import product_repository as repo
from chalicelib.catalog import search
from chalicelib.catalog.schemas import (
    ProductIn,
    ProductOut,
    ProductPatch,
    ProductQuery,
)
from chalicelib.clock import new_id
from chalicelib.db.models.catalog import ProductItem
from chalicelib.schemas import sent_fields

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


def product_out(product: ProductItem) -> ProductOut:
    return ProductOut(
        **{name: getattr(product, name) for name in CONTENT_FIELDS},
        id=product.id,
        currency=product.currency,
        version=product.version,
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


def get_product(tenant_id: str, product_id: str) -> ProductOut:
    """One live product of the tenant, or NotFoundError (404)."""
    return product_out(repo.get(tenant_id, product_id))


def get_products(tenant_id: str, product_ids: list[str]) -> dict[str, ProductOut]:
    """Live products by id in one BatchGet (per 100 ids); missing or deleted ids are absent."""
    return {pid: product_out(item) for pid, item in repo.get_many(tenant_id, product_ids).items()}


def new_product(tenant_id: str, currency: str, data: ProductIn) -> ProductItem:
    fields = data.model_dump(exclude={"id"})
    return repo.place(tenant_id, ProductItem(id=data.id or new_id(), currency=currency, **fields))


def create_product(principal: Principal, data: ProductIn) -> tuple[ProductOut, bool]:
    tenant = tenancy.tenant_settings(principal.tenant_id)
    product = new_product(principal.tenant_id, tenant.currency, data)
    wanted = _content(product)
    saved, created = repo.create(
        product, principal.user_id, same_as=lambda old: _content(old) == wanted
    )
    return product_out(saved), created


def _content(product: ProductItem) -> tuple[Any, ...]:
    return tuple(getattr(product, name) for name in CONTENT_FIELDS)


def update_product(principal: Principal, product_id: str, patch: ProductPatch) -> ProductOut:
    product = repo.get(principal.tenant_id, product_id)
    repo.update(product, sent_fields(patch), patch.version, principal.user_id)
    return product_out(product)


def delete_product(principal: Principal, product_id: str) -> None:
    """Soft delete: its sku and barcode become free for another product."""
    repo.soft_delete(repo.get(principal.tenant_id, product_id), principal.user_id)


def list_products(
    tenant_id: str, query: ProductQuery, start_key: dict[str, Any] | None
) -> tuple[list[ProductOut], dict[str, Any] | None]:
    if query.sku is not None or query.barcode is not None:
        found = repo.find_by_marker(tenant_id, sku=query.sku, barcode=query.barcode)
        if found is None or not _matches(found, query):
            return [], None
        return [product_out(found)], None
    if query.search is not None and not search.chunks(query.search):
        return [], None
    entries, last_key = repo.listed_entries(tenant_id, query, query.limit, start_key)
    ids = list(dict.fromkeys(entry.product_id for entry in entries))
    products = repo.get_many(tenant_id, ids)
    return [product_out(products[pid]) for pid in ids if pid in products], last_key


def _matches(product: ProductItem, query: ProductQuery) -> bool:
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
