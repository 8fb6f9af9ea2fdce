"""Storage of categories, brands and products with their markers and listing entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chalicelib import errors
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.catalog import (
    BrandItem,
    CategoryItem,
)

Page = tuple[list[Any], dict[str, Any] | None]


def sku_taken(sku: str) -> errors.ConflictError:
    return errors.ConflictError(f"Another product already uses the sku {sku}.")


def barcode_taken(barcode: str) -> errors.ConflictError:
    return errors.ConflictError(f"Another product already uses the barcode {barcode}.")


# Categories and brands ----------------------------------------------------------------------


def place_category(tenant_id: str, category: CategoryItem) -> None:
    category.pk, category.sk = keys.tenant_pk(tenant_id), keys.category_sk(category.id)
    category.tenant_id = tenant_id
    category.gsi1pk = keys.category_children_pk(tenant_id, category.parent_id)
    category.gsi1sk = keys.category_position_sk(category.position, category.id)


def get_category(tenant_id: str, category_id: str) -> CategoryItem:
    return records.get_live(
        CategoryItem, keys.tenant_pk(tenant_id), keys.category_sk(category_id), what="Category"
    )


def check_category(tx: Tx, tenant_id: str, category_id: str, field: str = "category_id") -> None:
    """The category exists in this tenant when the transaction commits."""
    tx.check(
        CategoryItem,
        keys.tenant_pk(tenant_id),
        keys.category_sk(category_id),
        CategoryItem.id.exists() & CategoryItem.deleted_at.does_not_exist(),
        on_fail=_missing(field, "Category", category_id),
    )


def check_brand(tx: Tx, tenant_id: str, brand_id: str) -> None:
    tx.check(
        BrandItem,
        keys.tenant_pk(tenant_id),
        keys.brand_sk(brand_id),
        BrandItem.id.exists() & BrandItem.deleted_at.does_not_exist(),
        on_fail=_missing("brand_id", "Brand", brand_id),
    )


def _missing(field: str, what: str, some_id: str) -> errors.ValidationError:
    return errors.ValidationError(
        f"{what} {some_id} does not exist.",
        errors=[{"field": field, "message": f"unknown {what.lower()}"}],
    )


def create_category(category: CategoryItem, actor: str) -> tuple[CategoryItem, bool]:
    tenant_id = category.tenant_id or ""

    def parent_exists(tx: Tx) -> None:
        if category.parent_id:
            check_category(tx, tenant_id, category.parent_id, "parent_id")

    return records.create(
        category,
        actor=actor,
        effects=[parent_exists],
        what="Category",
        same_as=lambda old: (
            (old.name, old.parent_id, old.position)
            == (category.name, category.parent_id, category.position)
        ),
    )


def update_category(
    category: CategoryItem,
    changes: dict[str, Any],
    version: int,
    actor: str,
    ancestors: list[CategoryItem],
) -> None:
    """Ancestors of a new parent are checked unchanged, so two moves cannot make a cycle."""
    tenant_id = category.tenant_id or ""
    parent_id = changes.get("parent_id", category.parent_id)
    position = changes.get("position", category.position)
    changes["gsi1pk"] = keys.category_children_pk(tenant_id, parent_id)
    changes["gsi1sk"] = keys.category_position_sk(position, category.id)

    def ancestors_unchanged(tx: Tx) -> None:
        for ancestor in ancestors:
            kept = (
                CategoryItem.parent_id == ancestor.parent_id
                if ancestor.parent_id
                else CategoryItem.parent_id.does_not_exist()
            )
            tx.check(
                CategoryItem,
                ancestor.pk,
                ancestor.sk,
                kept & CategoryItem.deleted_at.does_not_exist(),
                on_fail=errors.ConflictError("The category tree changed; try again."),
            )

    records.update(
        category,
        changes,
        expected_version=version,
        actor=actor,
        what="Category",
        effects=[ancestors_unchanged] if "parent_id" in changes else [],
    )
    for name in ("gsi1pk", "gsi1sk"):
        setattr(category, name, changes[name])


def reorder_categories(siblings: list[CategoryItem], actor: str) -> None:
    tx = Tx()
    for position, category in enumerate(siblings):
        tx.change(
            category,
            [
                CategoryItem.position.set(position),
                CategoryItem.gsi1sk.set(keys.category_position_sk(position, category.id)),
                CategoryItem.version.add(1),
                CategoryItem.updated_by.set(actor),
            ],
            condition=(CategoryItem.version == category.version)
            & CategoryItem.deleted_at.does_not_exist(),
        )
        category.position = position
        category.version += 1
    tx.commit()


def delete_category(category: CategoryItem, actor: str) -> None:
    records.soft_delete(category, actor=actor, what="Category")


def list_categories(tenant_id: str, limit: int, start_key: dict[str, Any] | None) -> Page:
    return records.query_page(
        CategoryItem,
        keys.tenant_pk(tenant_id),
        range_key_condition=CategoryItem.sk.startswith(keys.categories_prefix()),
        limit=limit,
        start_key=start_key,
    )


def list_children(
    tenant_id: str, parent_id: str | None, limit: int, start_key: dict[str, Any] | None
) -> Page:
    return records.query_page(
        CategoryItem,
        keys.category_children_pk(tenant_id, parent_id),
        index=CategoryItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


def place_brand(tenant_id: str, brand: BrandItem) -> None:
    brand.pk, brand.sk = keys.tenant_pk(tenant_id), keys.brand_sk(brand.id)
    brand.tenant_id = tenant_id


def get_brand(tenant_id: str, brand_id: str) -> BrandItem:
    return records.get_live(
        BrandItem, keys.tenant_pk(tenant_id), keys.brand_sk(brand_id), what="Brand"
    )


def create_brand(brand: BrandItem, actor: str) -> tuple[BrandItem, bool]:
    return records.create(
        brand, actor=actor, what="Brand", same_as=lambda old: old.name == brand.name
    )


def list_brands(tenant_id: str, limit: int, start_key: dict[str, Any] | None) -> Page:
    return records.query_page(
        BrandItem,
        keys.tenant_pk(tenant_id),
        range_key_condition=BrandItem.sk.startswith(keys.brands_prefix()),
        limit=limit,
        start_key=start_key,
    )


def all_of(model: type[CategoryItem] | type[BrandItem], tenant_id: str) -> list[Any]:
    """Every live category or brand of the tenant (small collections), page by page."""
    lister = list_categories if model is CategoryItem else list_brands
    found: list[Any] = []
    start_key: dict[str, Any] | None = None
    while True:
        page, start_key = lister(tenant_id, 200, start_key)
        found += page
        if start_key is None:
            return found


def write_new_records(items: Iterable[CategoryItem | BrandItem], actor: str) -> None:
    """Categories or brands with fresh ids (import): no condition to hold, so one batch write."""
    with CategoryItem.batch_write() as batch:
        for item in items:
            batch.save(records.stamp_new(item, actor))


def get_categories(tenant_id: str, category_ids: list[str]) -> dict[str, CategoryItem]:
    keys_ = [(keys.tenant_pk(tenant_id), keys.category_sk(cid)) for cid in category_ids]
    return {
        c.id: c
        for c in records.batch_get(CategoryItem, keys_)
        if isinstance(c, CategoryItem) and c.deleted_at is None
    }


def update_brand(brand: BrandItem, changes: dict[str, Any], version: int, actor: str) -> None:
    records.update(brand, changes, expected_version=version, actor=actor, what="Brand")


def delete_brand(brand: BrandItem, actor: str) -> None:
    records.soft_delete(brand, actor=actor, what="Brand")
