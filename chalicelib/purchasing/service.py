"""Suppliers as plain functions; orders and receipts (orders.py, receipts.py) name them."""

from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.creates import create_once
from chalicelib.pagination import Key, Page
from chalicelib.purchasing import repository as repo
from chalicelib.purchasing.schemas import SupplierIn, SupplierOut, SupplierPatch, SupplierQuery
from chalicelib.schemas import from_item, sent_fields

CONTENT_FIELDS = ("name", "phone", "email", "address", "payment_terms_days", "notes")


def supplier_out(supplier: repo.Supplier) -> SupplierOut:
    return from_item(SupplierOut, supplier)


def get_supplier(tenant_id: str, supplier_id: str) -> SupplierOut:
    """One live supplier of the tenant, or NotFoundError (404)."""
    return supplier_out(repo.get(tenant_id, supplier_id))


def create_supplier(principal: Principal, data: SupplierIn) -> tuple[SupplierOut, bool]:
    values = data.model_dump(exclude={"id"})
    saved, created = create_once(repo.create, principal, data.id, values, CONTENT_FIELDS)
    return supplier_out(saved), created


def update_supplier(principal: Principal, supplier_id: str, patch: SupplierPatch) -> SupplierOut:
    supplier = repo.get(principal.tenant_id, supplier_id)
    repo.update(supplier, sent_fields(patch), patch.version, principal.user_id)
    return supplier_out(supplier)


def delete_supplier(principal: Principal, supplier_id: str) -> None:
    repo.soft_delete(repo.get(principal.tenant_id, supplier_id), principal.user_id)


def list_suppliers(
    principal: Principal, query: SupplierQuery, start_key: Key | None
) -> Page[SupplierOut]:
    """In name order (case- and accent-insensitive)."""
    items, last_key = repo.by_name(principal.tenant_id, query.limit, start_key)
    return [supplier_out(item) for item in items], last_key
