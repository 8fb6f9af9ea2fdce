"""Storage of suppliers: by id, and listed by name."""

from __future__ import annotations

from typing import Any

from chalicelib.db import keys, records
from chalicelib.db.keys import serves
from chalicelib.db.models.purchasing import SupplierItem
from chalicelib.folding import name_key
from chalicelib.pagination import Key, Page

Supplier = SupplierItem
_SUPPLIER = records.Kind(SupplierItem, keys.supplier_pk, keys.supplier_sk, "Supplier")


def _name_keys(tenant_id: str, supplier_id: str, name: str) -> dict[str, str]:
    return {
        "gsi1pk": keys.suppliers_by_name_pk(tenant_id),
        "gsi1sk": keys.supplier_name_sk(name_key(name), supplier_id),
    }


@serves("Supplier by id", "Suppliers by name")
def create(
    tenant_id: str, supplier_id: str, fields: dict[str, Any], actor: str, same_as: Any
) -> tuple[SupplierItem, bool]:
    supplier = _SUPPLIER.new(tenant_id, supplier_id, fields)
    for name, value in _name_keys(tenant_id, supplier_id, fields["name"]).items():
        setattr(supplier, name, value)
    return records.create(supplier, actor=actor, same_as=same_as, what="Supplier")


@serves("Supplier by id")
def get(tenant_id: str, supplier_id: str) -> SupplierItem:
    return _SUPPLIER.get(tenant_id, supplier_id)


@serves("Supplier by id", "Suppliers by name")
def update(supplier: SupplierItem, changes: dict[str, Any], version: int, actor: str) -> None:
    name = changes.get("name") or supplier.name
    changes.update(_name_keys(supplier.tenant_id or "", supplier.id, name))
    records.update(supplier, changes, expected_version=version, actor=actor, what="Supplier")


@serves("Supplier by id", "Suppliers by name")
def soft_delete(supplier: SupplierItem, actor: str) -> None:
    """A deleted supplier leaves the name index: lists never meet it."""
    records.soft_delete(supplier, actor=actor, what="Supplier", unindexed=("gsi1pk", "gsi1sk"))


@serves("Suppliers by name")
def by_name(tenant_id: str, limit: int, start_key: Key | None) -> Page[SupplierItem]:
    return records.query_page(
        SupplierItem,
        keys.suppliers_by_name_pk(tenant_id),
        index=SupplierItem.gsi1,
        limit=limit,
        start_key=start_key,
    )
