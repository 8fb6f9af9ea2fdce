"""Categories (a tree ordered by position among siblings) and brands, as plain functions."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.auth.principal import Principal
from chalicelib.catalog import repository as repo
from chalicelib.catalog.schemas import (
    BrandIn,
    BrandOut,
    BrandPatch,
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    ReorderIn,
)
from chalicelib.clock import new_id
from chalicelib.db.models.catalog import BrandItem, CategoryItem
from chalicelib.schemas import sent_fields

MAX_DEPTH = 20


def category_out(category: CategoryItem) -> CategoryOut:
    return CategoryOut(
        id=category.id,
        name=category.name,
        parent_id=category.parent_id,
        position=category.position,
        version=category.version,
        created_at=category.created_at,
        updated_at=category.updated_at,
    )


def brand_out(brand: BrandItem) -> BrandOut:
    return BrandOut(
        id=brand.id,
        name=brand.name,
        version=brand.version,
        created_at=brand.created_at,
        updated_at=brand.updated_at,
    )


def create_category(principal: Principal, data: CategoryIn) -> tuple[CategoryOut, bool]:
    category = CategoryItem(
        id=data.id or new_id(), name=data.name, parent_id=data.parent_id, position=data.position
    )
    repo.place_category(principal.tenant_id, category)
    saved, created = repo.create_category(category, principal.user_id)
    return category_out(saved), created


def get_category(principal: Principal, category_id: str) -> CategoryOut:
    return category_out(repo.get_category(principal.tenant_id, category_id))


def update_category(principal: Principal, category_id: str, patch: CategoryPatch) -> CategoryOut:
    changes = sent_fields(patch)
    category = repo.get_category(principal.tenant_id, category_id)
    ancestors: list[CategoryItem] = []
    if changes.get("parent_id") is not None:
        ancestors = _ancestors(principal.tenant_id, changes["parent_id"], category.id)
    repo.update_category(category, changes, patch.version, principal.user_id, ancestors)
    return category_out(category)


def _ancestors(tenant_id: str, parent_id: str, moving_id: str) -> list[CategoryItem]:
    """The new parent and its ancestors; the moving category among them would make a cycle."""
    chain: list[CategoryItem] = []
    current: str | None = parent_id
    while current is not None:
        if current == moving_id:
            raise _invalid("parent_id", "a category cannot be placed under itself or a child")
        if len(chain) >= MAX_DEPTH:
            raise _invalid("parent_id", f"categories nest at most {MAX_DEPTH} levels")
        try:
            node = repo.get_category(tenant_id, current)
        except errors.NotFoundError as missing:
            raise _invalid("parent_id", "unknown category") from missing
        chain.append(node)
        current = node.parent_id
    return chain


def _invalid(field: str, message: str) -> errors.ValidationError:
    return errors.ValidationError(
        f"{field}: {message}.", errors=[{"field": field, "message": message}]
    )


def reorder_categories(principal: Principal, data: ReorderIn) -> list[CategoryOut]:
    """Positions 0..n-1 in the given order; every id must be a sibling of the others."""
    if len(set(data.ids)) != len(data.ids):
        raise _invalid("ids", "an id appears twice")
    found = repo.get_categories(principal.tenant_id, data.ids)
    missing = [cid for cid in data.ids if cid not in found]
    if missing:
        raise errors.NotFoundError(f"Category {missing[0]} not found.")
    siblings = [found[cid] for cid in data.ids]
    if len({c.parent_id for c in siblings}) > 1:
        raise _invalid("ids", "the categories do not share one parent")
    repo.reorder_categories(siblings, principal.user_id)
    return [category_out(c) for c in siblings]


def delete_category(principal: Principal, category_id: str) -> None:
    category = repo.get_category(principal.tenant_id, category_id)
    children, _ = repo.list_children(principal.tenant_id, category.id, 1, None)
    if children:
        raise errors.InvalidStateError("Move or delete this category's children first.")
    repo.delete_category(category, principal.user_id)


def list_categories(
    principal: Principal, parent_id: str | None, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[CategoryOut], dict[str, Any] | None]:
    if parent_id is None:
        items, last_key = repo.list_categories(principal.tenant_id, limit, start_key)
    else:
        parent = None if parent_id == "root" else parent_id
        items, last_key = repo.list_children(principal.tenant_id, parent, limit, start_key)
    return [category_out(item) for item in items], last_key


def create_brand(principal: Principal, data: BrandIn) -> tuple[BrandOut, bool]:
    brand = BrandItem(id=data.id or new_id(), name=data.name)
    repo.place_brand(principal.tenant_id, brand)
    saved, created = repo.create_brand(brand, principal.user_id)
    return brand_out(saved), created


def get_brand(principal: Principal, brand_id: str) -> BrandOut:
    return brand_out(repo.get_brand(principal.tenant_id, brand_id))


def update_brand(principal: Principal, brand_id: str, patch: BrandPatch) -> BrandOut:
    brand = repo.get_brand(principal.tenant_id, brand_id)
    repo.update_brand(brand, sent_fields(patch), patch.version, principal.user_id)
    return brand_out(brand)


def delete_brand(principal: Principal, brand_id: str) -> None:
    brand = repo.get_brand(principal.tenant_id, brand_id)
    repo.delete_brand(brand, principal.user_id)


def list_brands(
    principal: Principal, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[BrandOut], dict[str, Any] | None]:
    items, last_key = repo.list_brands(principal.tenant_id, limit, start_key)
    return [brand_out(item) for item in items], last_key
