"""Stock levels and hand-made movements, as plain functions over typed inputs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ulid import ULID

from chalicelib import periods
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.clock import day_end_utc, day_start_utc, iso, now
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
    from chalicelib import errors
    from chalicelib.catalog.service import get_products

    found = get_products(tenant_id, product_ids)
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(missing)} not found.")


def require_store(tenant_id: str, store_id: str) -> None:
    from chalicelib.tenancy.repository import get_store

    get_store(tenant_id, store_id)


def list_levels(principal: Principal, query: LevelQuery, start_key: dict[str, Any] | None) -> Page:
    if query.store_id:
        check_store(principal, query.store_id)
    levels, last_key = repo.levels_page(
        principal.tenant_id,
        store_id=query.store_id,
        product_id=query.product_id,
        below_min=bool(query.below_min),
        limit=query.limit,
        start_key=start_key,
    )
    return [level_out(level) for level in levels], last_key


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
    if query.store_id:
        check_store(principal, query.store_id)
    start, end = _window(principal.tenant_id, query)
    window = repo.MovementWindow(
        store_id=query.store_id,
        product_id=query.product_id,
        movement_type=query.type,
        start=iso(start),
        end=iso(end),
        months=periods.months_between(iso(start), iso(end)),
    )
    items, state = repo.movements_page(principal.tenant_id, window, query.limit, state)
    return [movement_out(item) for item in items], state


def _window(tenant_id: str, query: MovementQuery) -> tuple[datetime, datetime]:
    """The UTC bounds of the tenant-local dates asked for; by default since the tenant began."""
    start = ULID.from_str(tenant_id).datetime.astimezone(UTC).replace(microsecond=0)
    end = now()
    if query.from_ or query.to:
        from chalicelib.tenancy.repository import get_tenant

        timezone = get_tenant(tenant_id).timezone
        start = day_start_utc(query.from_, timezone) if query.from_ else start
        end = day_end_utc(query.to, timezone) if query.to else end
    return start, end


def movements_of_level(tenant_id: str, store_id: str, product_id: str) -> list[StockMovementItem]:
    return repo.level_movements(tenant_id, store_id, product_id)
