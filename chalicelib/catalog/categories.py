"""Categories (a tree ordered by position among siblings) and brands, as plain functions."""

from __future__ import annotations

from chalicelib import errors
from chalicelib.auth.principal import Principal
from chalicelib.catalog import brand_repository as brands
from chalicelib.catalog import category_repository as repo
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
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item, sent_fields

MAX_DEPTH = 20


def create_category(principal: Principal, data: CategoryIn) -> tuple[CategoryOut, bool]:
    saved, created = repo.create_category(
        principal.tenant_id, data.id or new_id(), data.model_dump(exclude={"id"}), principal.user_id
    )
    return from_item(CategoryOut, saved), created


def get_category(principal: Principal, category_id: str) -> CategoryOut:
    return from_item(CategoryOut, repo.get_category(principal.tenant_id, category_id))


def update_category(principal: Principal, category_id: str, patch: CategoryPatch) -> CategoryOut:
    changes = sent_fields(patch)
    category = repo.get_category(principal.tenant_id, category_id)
    ancestors: list[repo.Category] = []
    if changes.get("parent_id") is not None:
        ancestors = _ancestors(principal.tenant_id, changes["parent_id"], category.id)
    repo.update_category(category, changes, patch.version, principal.user_id, ancestors)
    return from_item(CategoryOut, category)


def _ancestors(tenant_id: str, parent_id: str, moving_id: str) -> list[repo.Category]:
    """The new parent and its ancestors; the moving category among them would make a cycle."""
    chain: list[repo.Category] = []
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
    return [from_item(CategoryOut, c) for c in siblings]


def delete_category(principal: Principal, category_id: str) -> None:
    category = repo.get_category(principal.tenant_id, category_id)
    children, _ = repo.list_children(principal.tenant_id, category.id, 1, None)
    if children:
        raise errors.InvalidStateError("Move or delete this category's children first.")
    repo.delete_category(category, principal.user_id)


def list_categories(
    principal: Principal, parent_id: str | None, limit: int, start_key: Key | None
) -> Page[CategoryOut]:
    if parent_id is None:
        items, last_key = repo.list_categories(principal.tenant_id, limit, start_key)
    else:
        parent = None if parent_id == "root" else parent_id
        items, last_key = repo.list_children(principal.tenant_id, parent, limit, start_key)
    return [from_item(CategoryOut, item) for item in items], last_key


def create_brand(principal: Principal, data: BrandIn) -> tuple[BrandOut, bool]:
    saved, created = brands.create_brand(
        principal.tenant_id, data.id or new_id(), {"name": data.name}, principal.user_id
    )
    return from_item(BrandOut, saved), created


def get_brand(principal: Principal, brand_id: str) -> BrandOut:
    return from_item(BrandOut, brands.get_brand(principal.tenant_id, brand_id))


def update_brand(principal: Principal, brand_id: str, patch: BrandPatch) -> BrandOut:
    brand = brands.get_brand(principal.tenant_id, brand_id)
    brands.update_brand(brand, sent_fields(patch), patch.version, principal.user_id)
    return from_item(BrandOut, brand)


def delete_brand(principal: Principal, brand_id: str) -> None:
    brand = brands.get_brand(principal.tenant_id, brand_id)
    brands.delete_brand(brand, principal.user_id)


def list_brands(principal: Principal, limit: int, start_key: Key | None) -> Page[BrandOut]:
    items, last_key = brands.list_brands(principal.tenant_id, limit, start_key)
    return [from_item(BrandOut, item) for item in items], last_key


def live_categories(tenant_id: str, category_ids: list[str]) -> set[str]:
    """Which of these categories exist and are not deleted (one BatchGet)."""
    return set(repo.get_categories(tenant_id, sorted(set(category_ids))))


def category_ancestors(tenant_id: str, category_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Each category -> its ancestors, parent first: one BatchGet per level of the tree."""
    parents: dict[str, str | None] = {}
    wanted = sorted(set(category_ids))
    for _ in range(MAX_DEPTH + 1):
        if not wanted:
            break
        found = repo.get_categories(tenant_id, wanted)
        parents.update({cid: found[cid].parent_id if cid in found else None for cid in wanted})
        wanted = sorted({p for p in parents.values() if p is not None and p not in parents})
    ancestors: dict[str, tuple[str, ...]] = {}
    for category in category_ids:
        chain: list[str] = []
        current = parents.get(category)
        while current is not None and current not in chain and current != category:
            chain.append(current)
            current = parents.get(current)
        ancestors[category] = tuple(chain)
    return ancestors


def category_names(tenant_id: str, category_ids: list[str]) -> dict[str, str]:
    """Each live category's name (one BatchGet per 100 ids); unknown or deleted ones absent."""
    found = repo.get_categories(tenant_id, sorted(set(category_ids)))
    return {category_id: category.name for category_id, category in found.items()}
