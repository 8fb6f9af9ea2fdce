"""Stock levels and hand-made movements, as plain functions over typed inputs."""

from __future__ import annotations

from chalicelib import buckets, catalog, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item
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


def movement_out(item: repo.Movement) -> MovementOut:
    return from_item(MovementOut, item, type=item.movement_type)


def require_products(tenant_id: str, product_ids: list[str]) -> None:
    """404 unless every product exists (live) in the tenant: one BatchGet."""
    found = catalog.get_products(tenant_id, product_ids)
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(missing)} not found.")


def store_not_found(store_id: str) -> errors.DomainError:
    return errors.NotFoundError(f"Store {store_id} not found.")


def list_levels(principal: Principal, query: LevelQuery, state: Key | None) -> Page[LevelOut]:
    """Store by store, among the live stores the user may read (a deleted store's levels go)."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    levels, state = repo.levels_page(
        principal.tenant_id,
        buckets.buckets(buckets.UNBUCKETED, stores),
        product_id=query.product_id,
        below_min=bool(query.below_min),
        limit=query.limit,
        cursor=state,
    )
    return [from_item(LevelOut, level) for level in levels], state


def set_thresholds(
    principal: Principal, store_id: str, product_id: str, patch: ThresholdsPatch
) -> LevelOut:
    check_store(principal, store_id)
    tenancy.store_of(principal.tenant_id, store_id)
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
    return from_item(LevelOut, level)


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
    store_open = tenancy.stores_exist(principal.tenant_id, [data.store_id], store_not_found)

    def write() -> repo.Movement:
        (item,) = repo.write(
            lambda tx: ledger.move(
                tx, principal.tenant_id, data.store_id, [movement], principal.user_id
            ),
            [store_open],
        )
        return item

    return movement_out(ledger.retry_races(write))


def list_movements(
    principal: Principal, query: MovementQuery, state: Key | None
) -> Page[MovementOut]:
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
    items, state = repo.movements_page(principal.tenant_id, wanted, walk, query.limit, state)
    return [movement_out(item) for item in items], state


def movements_of_level(tenant_id: str, store_id: str, product_id: str) -> list[repo.Movement]:
    """Every movement of one level, as stored (checks of the ledger's bookkeeping)."""
    return repo.level_movements(tenant_id, store_id, product_id)
