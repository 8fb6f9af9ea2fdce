"""Storage of stock levels and movements, which the stock ledger (ledger.py) writes through.

A level change is one update with ADD, so concurrent writers never lose each other's work (a
lot-tracked product's level is the exception: it is written whole, see lot_repository.py).
Its condition guards the floor (available / reserved never below zero) and pins the band of
`available` around `min_qty` that decided whether the level sits in the below-minimum index,
so that index entry is right in the same write without locking the level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.clock import iso, new_id
from chalicelib.db import keys, pages, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockLevelItem, StockMovementItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.retries import LostRaceError
from chalicelib.stock.lot_repository import LotsWrite, add_lot_level_change, new_lot_level
from chalicelib.stock.valuation import CostChange

T = TypeVar("T")
Level = StockLevelItem
Movement = StockMovementItem


class StockChangedError(LostRaceError):
    """The level moved across its minimum between the read and the write: build it again."""


@dataclass(frozen=True)
class LevelDelta:
    product_id: str
    on_hand: int = 0
    reserved: int = 0
    cost: CostChange | None = None
    last_receipt: tuple[str, int] | None = None
    lots: LotsWrite | None = None  # a lot-tracked level's: written whole (lot_repository.py)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def _level_key(tenant_id: str, store_id: str, product_id: str) -> tuple[str, str]:
    return keys.stock_levels_pk(tenant_id), keys.stock_level_sk(store_id, product_id)


@serves("Stock levels by store and product")
def read_levels(
    tenant_id: str, store_id: str, product_ids: Iterable[str]
) -> dict[str, StockLevelItem]:
    """The store's levels of these products (one consistent BatchGet; absent = never stocked)."""
    wanted = [_level_key(tenant_id, store_id, pid) for pid in dict.fromkeys(product_ids)]
    if not wanted:
        return {}
    found = StockLevelItem.batch_get(wanted, consistent_read=True)
    return {level.product_id: level for level in found}


@serves("Stock levels by store and product")
def find_level(tenant_id: str, store_id: str, product_id: str) -> StockLevelItem | None:
    pk, sk = _level_key(tenant_id, store_id, product_id)
    return records.find(StockLevelItem, pk, sk)  # type: ignore[type-var]


def _new_level(tenant_id: str, store_id: str, product_id: str) -> StockLevelItem:
    pk, sk = _level_key(tenant_id, store_id, product_id)
    return StockLevelItem(
        pk=pk,
        sk=sk,
        tenant_id=tenant_id,
        store_id=store_id,
        product_id=product_id,
        gsi1pk=keys.stock_product_pk(tenant_id, product_id),
        gsi1sk=keys.stock_product_sk(store_id),
        on_hand=0,
        reserved=0,
        available=0,
        min_qty=0,
        reorder_qty=0,
        updated_at=iso(),
    )


@serves("Stock levels by store and product", "Stock levels at or below their minimum")
def add_level_change(
    tx: Tx,
    tenant_id: str,
    store_id: str,
    delta: LevelDelta,
    current: StockLevelItem | None,
    actor: str | None,
    *,
    read: bool = True,
) -> None:
    """Add one level's change to `tx`, guarded by conditions (see the module docstring).

    `current` is the level as read, None when it does not exist. A change that leaves
    `available` alone needs no read: pass `read=False` (and any `current`, or None).
    """
    need_available = max(0, -delta.available)
    need_reserved = max(0, -delta.reserved)
    explain = _explainer(tenant_id, store_id, delta.product_id, need_available, need_reserved)
    if not read:
        current = _new_level(tenant_id, store_id, delta.product_id)
    elif current is None:
        if need_available or need_reserved:
            raise explain()
        level = _new_level(tenant_id, store_id, delta.product_id)
        level.on_hand, level.reserved, level.available = (
            delta.on_hand,
            delta.reserved,
            delta.available,
        )
        if delta.lots is not None:
            new_lot_level(level, delta.lots.after or {}, delta.reserved, delta.lots.today)
        level.updated_by = actor
        if delta.cost is not None:
            level.stock_value, level.average_cost = delta.cost.value, delta.cost.average
        if delta.last_receipt is not None:
            level.last_receipt_id, level.last_unit_cost = delta.last_receipt
        _mark_below_min(level, tenant_id)
        tx.put(level, condition=Level.pk.does_not_exist(), on_fail=explain)
        return
    if delta.lots is not None:
        lots_explain = partial(_short_lots, delta.product_id, need_available, need_reserved)
        add_lot_level_change(
            tx, current, delta.on_hand, delta.reserved, delta.lots, actor, delta.cost,
            lots_explain, _changed, last_receipt=delta.last_receipt,
        )  # fmt: skip
        return
    if read and (current.available < need_available or current.reserved < need_reserved):
        raise explain()
    actions: list[Any] = [Level.updated_at.set(iso())]
    actions += [Level.updated_by.set(actor)] if actor else []
    for attribute, amount in (
        (Level.on_hand, delta.on_hand),
        (Level.reserved, delta.reserved),
        (Level.available, delta.available),
    ):
        if amount:
            actions.append(attribute.add(amount))
    condition = Level.pk.exists()
    if need_available:
        condition &= Level.available >= need_available
    if need_reserved:
        condition &= Level.reserved >= need_reserved
    if delta.last_receipt is not None:
        receipt_id, unit_cost = delta.last_receipt
        actions += [Level.last_receipt_id.set(receipt_id), Level.last_unit_cost.set(unit_cost)]
    if delta.cost is not None:
        assert read, "a change of value needs the level as read"
        cost_actions, cost_condition = _cost_change(current, delta.cost)
        actions += cost_actions
        condition &= cost_condition
    if delta.available:
        assert read, "a change of available needs the level as read"
        condition &= _same_band(current, delta.available)
        actions += _below_min_actions(
            tenant_id, current, current.available + delta.available <= current.min_qty
        )
    tx.change(current, actions, condition=condition, on_fail=explain)


def _cost_change(current: StockLevelItem, cost: CostChange) -> tuple[list[Any], Any]:
    """The value's actions and their guard (see stock/valuation.py for why each is race-free)."""
    actions: list[Any] = [Level.average_cost.set(cost.average)]
    if not cost.pinned:
        if cost.delta:
            actions.append(Level.stock_value.add(cost.delta))
        return actions, Level.stock_value.exists() & (Level.on_hand >= 0)
    pinned = Level.on_hand == current.on_hand
    if current.stock_value is None:
        actions.append(Level.stock_value.set(cost.value))
        return actions, pinned & Level.stock_value.does_not_exist()
    if cost.delta:
        actions.append(Level.stock_value.add(cost.delta))
    return actions, pinned & (Level.stock_value == current.stock_value)


def _same_band(current: StockLevelItem, change: int) -> Any:
    threshold = current.min_qty - change
    side = (
        Level.available <= threshold
        if current.available <= threshold
        else Level.available > threshold
    )
    return (Level.min_qty == current.min_qty) & side


def _below_min_actions(tenant_id: str, level: StockLevelItem, below: bool) -> list[Any]:
    if below:
        return [Level.gsi2pk.set(keys.stock_below_min_pk(tenant_id)), Level.gsi2sk.set(level.sk)]
    return [Level.gsi2pk.remove(), Level.gsi2sk.remove()]


def _mark_below_min(level: StockLevelItem, tenant_id: str) -> None:
    below = level.available <= level.min_qty
    level.gsi2pk = keys.stock_below_min_pk(tenant_id) if below else None
    level.gsi2sk = level.sk if below else None


def _short_lots(product_id: str, need: int, need_reserved: int, sellable: int) -> Any:
    return errors.InsufficientStockError(
        f"Product {product_id}: {max(sellable, 0)} available in unexpired lots in this store, "
        f"{max(need, need_reserved)} needed.",
        extra={"product_id": product_id, "available": max(sellable, 0)},
    )


def _explainer(
    tenant_id: str, store_id: str, product_id: str, need_available: int, need_reserved: int
) -> Callable[[], errors.DomainError]:
    """Why a level's condition failed, read after the fact: short stock or a race to retry."""

    def explain() -> errors.DomainError:
        level = find_level(tenant_id, store_id, product_id)
        available = level.available if level else 0
        reserved = level.reserved if level else 0
        if available < need_available:
            return errors.InsufficientStockError(
                f"Product {product_id}: {available} available in this store, "
                f"{need_available} needed.",
                extra={"product_id": product_id, "available": available},
            )
        if reserved < need_reserved:
            return errors.InsufficientStockError(
                f"Product {product_id}: {reserved} reserved in this store, {need_reserved} needed.",
                extra={"product_id": product_id, "reserved": reserved},
            )
        return StockChangedError("The stock changed while this request ran; try again.")

    return explain


@serves("Stock levels by store and product", "Stock levels at or below their minimum")
def set_thresholds(
    tenant_id: str,
    store_id: str,
    product_id: str,
    min_qty: int | None,
    reorder_qty: int | None,
    actor: str,
) -> StockLevelItem:
    """Change min/reorder quantities; the below-minimum entry follows in the same write."""
    level = find_level(tenant_id, store_id, product_id)
    tx = Tx()
    if level is None:
        level = _new_level(tenant_id, store_id, product_id)
        level.min_qty = level.min_qty if min_qty is None else min_qty
        level.reorder_qty = level.reorder_qty if reorder_qty is None else reorder_qty
        level.updated_by = actor
        _mark_below_min(level, tenant_id)
        tx.put(level, condition=Level.pk.does_not_exist(), on_fail=_changed)
        tx.commit()
        return level
    new_min = level.min_qty if min_qty is None else min_qty
    new_reorder = level.reorder_qty if reorder_qty is None else reorder_qty
    actions = [
        Level.min_qty.set(new_min),
        Level.reorder_qty.set(new_reorder),
        Level.updated_at.set(iso()),
        Level.updated_by.set(actor),
        *_below_min_actions(tenant_id, level, level.available <= new_min),
    ]
    tx.change(level, actions, condition=Level.available == level.available, on_fail=_changed)
    tx.commit()
    level.min_qty, level.reorder_qty, level.updated_by = new_min, new_reorder, actor
    _mark_below_min(level, tenant_id)
    return level


def _changed() -> errors.DomainError:
    return StockChangedError("The stock changed while this request ran; try again.")


@serves(
    "Movements of a store by month", "Movements of a product", "Movements of the tenant by month"
)
def add_movement(
    tx: Tx, tenant_id: str, store_id: str, fields: dict[str, Any], actor: str | None
) -> StockMovementItem:
    """One immutable movement, put in the transaction of the level change it records."""
    movement = StockMovementItem(
        id=new_id(),
        tenant_id=tenant_id,
        store_id=store_id,
        created_by=actor,
        created_at=iso(),
        **fields,
    )
    month = movement.created_at[:7]
    sort_key = keys.movement_sk(movement.created_at, movement.id)
    movement.pk = keys.movements_store_pk(tenant_id, movement.store_id, month)
    movement.sk = sort_key
    movement.gsi1pk = keys.movements_product_pk(tenant_id, movement.product_id)
    movement.gsi1sk = sort_key
    movement.gsi2pk = keys.movements_month_pk(tenant_id, month)
    movement.gsi2sk = sort_key
    tx.put(movement, condition=StockMovementItem.pk.does_not_exist())
    return movement


@serves("Stock levels by store and product")
def write(build: Callable[[Tx], T], effects: Sequence[Effect] = ()) -> T:
    """One transaction: the effects, then what `build` adds through the ledger (returned)."""
    tx = Tx()
    records.apply(tx, effects)
    built = build(tx)
    tx.commit()
    return built


@dataclass(frozen=True)
class MovementFilter:
    """Which movements to list, newest first, between `start` and `end` (RFC 3339)."""

    product_id: str | None
    movement_type: str | None
    start: str
    end: str
    stores: tuple[str, ...] | None


@serves(
    "Movements of a store by month", "Movements of a product", "Movements of the tenant by month"
)
def movements_page(
    tenant_id: str, wanted: MovementFilter, walk: list[Bucket], limit: int, cursor: Key | None
) -> Page[StockMovementItem]:
    """Newest first over the walk: a product's movements, or month by month."""
    plan = partial(_movements_in, tenant_id, wanted)
    return pages.over_buckets(
        StockMovementItem, walk, plan, limit=limit, cursor=cursor, as_views=True
    )


def _movements_in(tenant_id: str, wanted: MovementFilter, bucket: Bucket) -> pages.Query:
    """A product's movements (its stores filtered), or one month of a store or of the tenant."""
    moves = StockMovementItem
    index: Any
    conditions: list[Any] = []
    if wanted.movement_type:
        conditions.append(moves.movement_type == wanted.movement_type)
    if wanted.product_id:
        if wanted.stores is not None:
            conditions.append(moves.store_id.is_in(*(wanted.stores or ("-",))))
        pk, index = keys.movements_product_pk(tenant_id, wanted.product_id), moves.gsi1
    elif bucket.store_id:
        pk = keys.movements_store_pk(tenant_id, bucket.store_id, bucket.month or "")
        index = None
    else:
        pk, index = keys.movements_month_pk(tenant_id, bucket.month or ""), moves.gsi2
    period = pages.between(moves, index, wanted.start, wanted.end)
    return pages.Query(pk, index, period, records.all_of(conditions))


@serves("Movements of a product")
def level_movements(tenant_id: str, store_id: str, product_id: str) -> list[StockMovementItem]:
    """Every movement of one level (tests and checks; pages through the product's history)."""
    moves = StockMovementItem
    found = moves.gsi1.query(
        keys.movements_product_pk(tenant_id, product_id),
        filter_condition=moves.store_id == store_id,
    )
    return [item for item in found if isinstance(item, StockMovementItem)]
