"""Storage of brands."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.db import batches, keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.catalog import BrandItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page, every

Brand = BrandItem
_BRAND = records.Kind(BrandItem, keys.tenant_pk, keys.brand_sk, "Brand")


def _placed(tenant_id: str, brand_id: str, fields: dict[str, Any]) -> BrandItem:
    return BrandItem(
        id=brand_id,
        pk=keys.tenant_pk(tenant_id),
        sk=keys.brand_sk(brand_id),
        tenant_id=tenant_id,
        **fields,
    )


@serves("Brand by id")
def brand_exists(tenant_id: str, brand_id: str) -> Effect:
    """The write holds only if the brand exists in this tenant when it commits."""

    def check(tx: Tx) -> None:
        tx.check(
            BrandItem,
            keys.tenant_pk(tenant_id),
            keys.brand_sk(brand_id),
            BrandItem.id.exists() & BrandItem.deleted_at.does_not_exist(),
            on_fail=errors.ValidationError(
                f"Brand {brand_id} does not exist.",
                errors=[{"field": "brand_id", "message": "unknown brand"}],
            ),
        )

    return check


@serves("Brand by id")
def create_brand(
    tenant_id: str, brand_id: str, fields: dict[str, Any], actor: str
) -> tuple[BrandItem, bool]:
    brand = _placed(tenant_id, brand_id, fields)
    return records.create(
        brand, actor=actor, what="Brand", same_as=lambda old: old.name == brand.name
    )


@serves("Brand by id")
def get_brand(tenant_id: str, brand_id: str) -> BrandItem:
    return _BRAND.get(tenant_id, brand_id)


@serves("Brand by id")
def update_brand(brand: BrandItem, changes: dict[str, Any], version: int, actor: str) -> None:
    records.update(brand, changes, expected_version=version, actor=actor, what="Brand")


@serves("Brand by id")
def delete_brand(brand: BrandItem, actor: str) -> None:
    records.soft_delete(brand, actor=actor, what="Brand")


@serves("Brands of a tenant")
def list_brands(tenant_id: str, limit: int, start_key: Key | None) -> Page[BrandItem]:
    return records.tenant_page(BrandItem, tenant_id, keys.brands_prefix(), limit, start_key)


@serves("Brands of a tenant")
def all_brands(tenant_id: str) -> list[BrandItem]:
    """Every live brand of the tenant (a small collection), page by page."""
    return every(lambda start_key: list_brands(tenant_id, 200, start_key))


@serves("Brand by id")
def add_new(tenant_id: str, names: dict[str, str], actor: str) -> None:
    """Brands with fresh ids (an import): no condition to hold, so one batch write."""
    batches.put_new((_placed(tenant_id, bid, {"name": n}) for bid, n in names.items()), actor)
