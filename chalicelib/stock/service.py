"""Stock levels and hand-made movements, as plain functions over typed inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib import buckets, catalog, clock, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import local_date
from chalicelib.money import value_of
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item
from chalicelib.stock import ledger, valuation
from chalicelib.stock import level_reads_repository as level_reads
from chalicelib.stock import lot_repository as lot_reads
from chalicelib.stock import repository as repo
from chalicelib.stock.lot_repository import is_tracked, lots_of
from chalicelib.stock.lots import is_expired
from chalicelib.stock.schemas import (
    LevelOut,
    LevelQuery,
    LotOut,
    LotQuery,
    MovementIn,
    MovementOut,
    MovementQuery,
    ThresholdsPatch,
)


def movement_out(item: repo.Movement) -> MovementOut:
    return from_item(MovementOut, item, type=item.movement_type)


@dataclass(frozen=True)
class Shortfall:
    """A level at or below its minimum, and its last goods receipt (none: never received)."""

    store_id: str
    product_id: str
    available: int
    min_qty: int
    reorder_qty: int
    last_receipt_id: str | None
    last_unit_cost: int | None


def levels_at_or_below_minimum(tenant_id: str, store_ids: tuple[str, ...]) -> list[Shortfall]:
    """Every level of these stores in the below-minimum index (key queries only, however
    large the catalog)."""
    found: list[Shortfall] = []
    walk = buckets.buckets(buckets.UNBUCKETED, store_ids)
    state: Key | None = None
    while walk:
        levels, state = level_reads.levels_page(
            tenant_id, walk, product_id=None, below_min=True, limit=200, cursor=state
        )
        found += [
            Shortfall(
                level.store_id,
                level.product_id,
                level.available,
                level.min_qty,
                level.reorder_qty,
                level.last_receipt_id,
                level.last_unit_cost,
            )
            for level in levels
        ]
        if state is None:
            break
    return found


def levels_out(tenant_id: str, levels: list[repo.Level]) -> list[LevelOut]:
    """Levels with their average cost (the catalog's cost for those never valued)."""
    unvalued = [
        lv.product_id for lv in levels if lv.stock_value is None and lv.average_cost is None
    ]
    found = catalog.get_products(tenant_id, unvalued) if unvalued else {}
    return [
        from_item(
            LevelOut,
            level,
            expired=level.expired or 0,
            average_cost=valuation.average_of(
                level.on_hand,
                level.stock_value,
                level.average_cost,
                found[level.product_id].cost if level.product_id in found else 0,
            ),
        )
        for level in levels
    ]


def require_products(tenant_id: str, product_ids: list[str]) -> set[str]:
    """404 unless every product exists (live) in the tenant: one BatchGet. Answers those
    whose stock is kept per lot."""
    found = catalog.get_products(tenant_id, product_ids)
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(missing)} not found.")
    return {pid for pid, product in found.items() if product.track_lots}


def store_not_found(store_id: str) -> errors.DomainError:
    return errors.NotFoundError(f"Store {store_id} not found.")


def list_levels(principal: Principal, query: LevelQuery, state: Key | None) -> Page[LevelOut]:
    """Store by store, among the live stores the user may read (a deleted store's levels go)."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    levels, state = level_reads.levels_page(
        principal.tenant_id,
        buckets.buckets(buckets.UNBUCKETED, stores),
        product_id=query.product_id,
        below_min=bool(query.below_min),
        limit=query.limit,
        cursor=state,
    )
    return levels_out(principal.tenant_id, levels), state


LOT_LEVEL_PAGES = 5


@dataclass(frozen=True)
class LotsHeld:
    """A lot-tracked level's lots (name -> units, expiry date) and the figures it stores."""

    store_id: str
    product_id: str
    lots: dict[str, tuple[int, date]]
    available: int
    expired: int
    unit_cost: int


def lots_expiring(tenant_id: str, last_day: date) -> list[LotsHeld]:
    """The levels holding a lot that expires on or before `last_day`, with all their lots as
    stored: the expiry index (one query, earliest first), then the levels (a BatchGet per
    store). A filed lot its level no longer holds is left out."""
    filed = lot_reads.lots_expiring_through(tenant_id, last_day.isoformat())
    by_store: dict[str, list[str]] = {}
    for lot in filed:
        by_store.setdefault(lot.store_id, [])
        if lot.product_id not in by_store[lot.store_id]:
            by_store[lot.store_id].append(lot.product_id)
    found = []
    for store_id, product_ids in by_store.items():
        levels = repo.read_levels(tenant_id, store_id, product_ids)
        found += [
            LotsHeld(
                store_id=store_id,
                product_id=pid,
                lots={
                    name: (held.quantity, held.expiry_date) for name, held in lots_of(level).items()
                },
                available=level.available,
                expired=level.expired or 0,
                unit_cost=valuation.average_of(
                    level.on_hand, level.stock_value, level.average_cost, 0
                ),
            )
            for pid in product_ids
            if (level := levels.get(pid)) is not None and is_tracked(level)
        ]
    return found


def list_lots(principal: Principal, query: LotQuery, state: Key | None) -> Page[LotOut]:
    """The lots with stock of lot-tracked products, store by store, earliest expiry first
    within a level; at most `limit` lots a page (a level's lots may run over two pages). The
    cursor is the levels' page and how many of its lots were already given; a request reads at
    most LOT_LEVEL_PAGES pages of levels, so a page may hold fewer lots than `limit`."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    walk = buckets.buckets(buckets.UNBUCKETED, stores)
    today = local_date(clock.now(), tenancy.tenant_settings(principal.tenant_id).timezone)
    cursor = state.get("levels") if state else None
    skip = int(state.get("skip", 0)) if state else 0
    found: list[LotOut] = []
    for _ in range(LOT_LEVEL_PAGES):
        levels, after = level_reads.levels_page(
            principal.tenant_id,
            walk,
            product_id=query.product_id,
            below_min=False,
            limit=query.limit,
            cursor=cursor,
        )
        lots = [lot for level in levels for lot in _lots_out(level, today, query)][skip:]
        room = query.limit - len(found)
        if len(lots) > room:
            return [*found, *lots[:room]], {"levels": cursor, "skip": skip + room}
        found, skip = [*found, *lots], 0
        if after is None:
            return found, None
        cursor = after
        if len(found) == query.limit:
            break
    return found, {"levels": cursor, "skip": 0}


def _lots_out(level: repo.Level, today: date, query: LotQuery) -> list[LotOut]:
    held = sorted(lots_of(level).items(), key=lambda named: (named[1].expiry_date, named[0]))
    return [
        LotOut(
            store_id=level.store_id,
            product_id=level.product_id,
            lot=name,
            expiry_date=lot.expiry_date.isoformat(),
            on_hand=lot.quantity,
            expired=is_expired(lot.expiry_date, today),
        )
        for name, lot in held
        if query.expiring_before is None or lot.expiry_date < query.expiring_before
    ]


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
    return levels_out(principal.tenant_id, [level])[0]


def record_movement(principal: Principal, data: MovementIn) -> MovementOut:
    """A hand-made movement: the level change and the movement in one guarded write."""
    check_store(principal, data.store_id)
    if data.unit_cost is not None:
        value_of([(abs(data.signed_quantity), data.unit_cost)], "unit_cost", "The movement's value")
    tracked = require_products(principal.tenant_id, [data.product_id])
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
                tx, principal.tenant_id, data.store_id, [movement], principal.user_id, tracked
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
