"""Storage of categories: a tree, each parent's children listed in order of position."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.db import batches, keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.catalog import CategoryItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page, every

Category = CategoryItem
_CATEGORY = records.Kind(CategoryItem, keys.tenant_pk, keys.category_sk, "Category")


def _placed(tenant_id: str, category_id: str, fields: dict[str, Any]) -> CategoryItem:
    category = CategoryItem(
        id=category_id,
        pk=keys.tenant_pk(tenant_id),
        sk=keys.category_sk(category_id),
        tenant_id=tenant_id,
        **fields,
    )
    category.gsi1pk = keys.category_children_pk(tenant_id, category.parent_id)
    category.gsi1sk = keys.category_position_sk(category.position, category.id)
    return category


@serves("Category by id")
def category_exists(tenant_id: str, category_id: str, field: str = "category_id") -> Effect:
    """The write holds only if the category exists in this tenant when it commits."""

    def check(tx: Tx) -> None:
        tx.check(
            CategoryItem,
            keys.tenant_pk(tenant_id),
            keys.category_sk(category_id),
            CategoryItem.id.exists() & CategoryItem.deleted_at.does_not_exist(),
            on_fail=errors.ValidationError(
                f"Category {category_id} does not exist.",
                errors=[{"field": field, "message": "unknown category"}],
            ),
        )

    return check


@serves("Category by id", "Children of a category in order")
def create_category(
    tenant_id: str, category_id: str, fields: dict[str, Any], actor: str
) -> tuple[CategoryItem, bool]:
    category = _placed(tenant_id, category_id, fields)
    return records.create(
        category,
        actor=actor,
        effects=[category_exists(tenant_id, category.parent_id, "parent_id")]
        if category.parent_id
        else [],
        what="Category",
        same_as=lambda old: (
            (old.name, old.parent_id, old.position)
            == (category.name, category.parent_id, category.position)
        ),
    )


@serves("Category by id")
def get_category(tenant_id: str, category_id: str) -> CategoryItem:
    return _CATEGORY.get(tenant_id, category_id)


@serves("Category by id", "Children of a category in order")
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


@serves("Category by id", "Children of a category in order")
def reorder_categories(siblings: list[CategoryItem], actor: str) -> None:
    """Positions 0..n-1 in this order, each on condition of the version read: one write."""
    tx = Tx()
    written = [
        records.change(
            tx,
            category,
            {
                "position": position,
                "gsi1sk": keys.category_position_sk(position, category.id),
            },
            actor=actor,
            on_fail=errors.ConflictError("The data changed while this request ran; try again."),
        )
        for position, category in enumerate(siblings)
    ]
    tx.commit()
    for category, values in zip(siblings, written, strict=True):
        records.mirror(category, values)


@serves("Category by id")
def delete_category(category: CategoryItem, actor: str) -> None:
    records.soft_delete(category, actor=actor, what="Category")


@serves("Categories of a tenant")
def list_categories(tenant_id: str, limit: int, start_key: Key | None) -> Page[CategoryItem]:
    return records.tenant_page(CategoryItem, tenant_id, keys.categories_prefix(), limit, start_key)


@serves("Children of a category in order")
def list_children(
    tenant_id: str, parent_id: str | None, limit: int, start_key: Key | None
) -> Page[CategoryItem]:
    return records.query_page(
        CategoryItem,
        keys.category_children_pk(tenant_id, parent_id),
        index=CategoryItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


@serves("Categories of a tenant")
def all_categories(tenant_id: str) -> list[CategoryItem]:
    """Every live category of the tenant (a small collection), page by page."""
    return every(lambda start_key: list_categories(tenant_id, 200, start_key))


@serves("Category by id")
def get_categories(tenant_id: str, category_ids: list[str]) -> dict[str, CategoryItem]:
    wanted = [(keys.tenant_pk(tenant_id), keys.category_sk(cid)) for cid in category_ids]
    return {
        c.id: c
        for c in batches.batch_get(CategoryItem, wanted)
        if isinstance(c, CategoryItem) and c.deleted_at is None
    }


@serves("Category by id", "Children of a category in order")
def add_new(tenant_id: str, names: dict[str, str], actor: str) -> None:
    """Root categories with fresh ids (an import): no condition to hold, so one batch write."""
    batches.put_new((_placed(tenant_id, cid, {"name": n}) for cid, n in names.items()), actor)
