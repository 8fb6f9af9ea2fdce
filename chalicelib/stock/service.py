"""Stock levels and hand-made movements, as plain functions over typed inputs."""

from __future__ import annotations

from typing import Any

from chalicelib import buckets, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket, Budget
from chalicelib.catalog.service import get_products
from chalicelib.db.base import Tx
from chalicelib.db.models.stock import StockLevelItem, StockMovementItem
from chalicelib.stock import ledger
from chalicelib.stock import repository as repo
from chalicelib.stock.schemas import (
    LevelOut,
    LevelQuery,
    MovementIn,
    MovementOut,
    MovementQuery,
    ThresholdsPatch,
)

Page = tuple[list[Any], dict[str, Any] | None]


def level_out(level: StockLevelItem) -> LevelOut:
    return LevelOut(
        store_id=level.store_id,
        product_id=level.product_id,
        on_hand=level.on_hand,
        reserved=level.reserved,
        available=level.available,
        min_qty=level.min_qty,
        reorder_qty=level.reorder_qty,
        updated_at=level.updated_at,
    )


def movement_out(item: StockMovementItem) -> MovementOut:
    return MovementOut(
        id=item.id,
        store_id=item.store_id,
        product_id=item.product_id,
        type=item.movement_type,
        quantity=item.quantity,
        unit_cost=item.unit_cost,
        lot=item.lot,
        expiry_date=item.expiry_date,
        reason=item.reason,
        reference=item.reference,
        created_by=item.created_by,
        created_at=item.created_at,
    )


def require_products(tenant_id: str, product_ids: list[str]) -> None:
    """404 unless every product exists (live) in the tenant: one BatchGet."""
    found = get_products(tenant_id, product_ids)
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(missing)} not found.")


def require_store(tenant_id: str, store_id: str) -> None:
    tenancy.store_of(tenant_id, store_id)


def list_levels(principal: Principal, query: LevelQuery, state: dict[str, Any] | None) -> Page:
    """Store by store, among the live stores the user may read (a deleted store's levels go)."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))

    def store_page(bucket: Bucket, size: int, key: dict[str, Any] | None, budget: Budget) -> Page:
        return repo.levels_of_store(
            principal.tenant_id,
            bucket.store_id or "",
            product_id=query.product_id,
            below_min=bool(query.below_min),
            limit=size,
            start_key=key,
            budget=budget,
        )

    walk = buckets.buckets(buckets.UNBUCKETED, stores)
    levels, state = buckets.page_buckets(walk, store_page, query.limit, state)
    return [level_out(level) for level in levels], state


def set_thresholds(
    principal: Principal, store_id: str, product_id: str, patch: ThresholdsPatch
) -> LevelOut:
    check_store(principal, store_id)
    require_store(principal.tenant_id, store_id)
    require_products(principal.tenant_id, [product_id])
    level = ledger.retry_races(
        lambda: repo.set_thresholds(
            principal.tenant_id,
            store_id,
            product_id,
            patch.min_qty,
            patch.reorder_qty,
            principal.user_id,
        )
    )
    return level_out(level)


def record_movement(principal: Principal, data: MovementIn) -> MovementOut:
    """A hand-made movement: the level change and the movement in one guarded write."""
    check_store(principal, data.store_id)
    require_products(principal.tenant_id, [data.product_id])
    movement = ledger.Movement(
        product_id=data.product_id,
        quantity=data.signed_quantity,
        movement_type=data.type,
        unit_cost=data.unit_cost,
        lot=data.lot,
        expiry_date=data.expiry_date.isoformat() if data.expiry_date else None,
        reason=data.reason,
    )

    def write() -> StockMovementItem:
        tx = Tx()
        repo.check_store(tx, principal.tenant_id, data.store_id)
        (item,) = ledger.move(tx, principal.tenant_id, data.store_id, [movement], principal.user_id)
        tx.commit()
        return item

    return movement_out(ledger.retry_races(write))


def list_movements(
    principal: Principal, query: MovementQuery, state: dict[str, Any] | None
) -> Page:
    """Newest first: a product's movements, else month by month (each store's, or the
    tenant's), over the period within the tenant's history."""
    stores = stores_to_read(principal, query.store_id)
    period = tenancy.activity_period(principal.tenant_id, query.from_, query.to)
    wanted = repo.MovementFilter(
        product_id=query.product_id,
        movement_type=query.type,
        start=period.start,
        end=period.end,
        stores=stores,
    )
    if query.product_id:
        walk = [buckets.Bucket()] if period.months else []
    else:
        walk = buckets.buckets(period.months, stores)

    def bucket_page(bucket: Bucket, size: int, key: dict[str, Any] | None, budget: Budget) -> Page:
        return repo.movements_in_bucket(principal.tenant_id, bucket, wanted, size, key, budget)

    items, state = buckets.page_buckets(walk, bucket_page, query.limit, state)
    return [movement_out(item) for item in items], state


def movements_of_level(tenant_id: str, store_id: str, product_id: str) -> list[StockMovementItem]:
    return repo.level_movements(tenant_id, store_id, product_id)
