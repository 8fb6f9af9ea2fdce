"""Storage of a lot-tracked product's level: its lot map, written whole.

A lot-tracked level cannot take ADDs: which lots a sale takes, and how many units are still
sellable, depend on the whole map and on the date. So every write of such a level (a receipt,
a sale's reservation or shipping, a loss, a transfer, a count, the nightly refresh) reads the
level, computes its next state with the pure rules of stock/lots.py, and SETs it on condition
that `lots_rev`, `min_qty` and the value it read are unchanged, advancing `lots_rev`. A write
built on a stale read fails with StockChangedError and is rebuilt (`retry_races`).

`available` is the units of unexpired lots less the reservations (what a sale may still
reserve), `expired` the units of lots past their date; both are brought up to date by each
write and by the `expiring-lots` job, and no decision reads them: submit and payment decide
from the lots themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib import errors
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import LotExpiryItem, StockLevelItem
from chalicelib.stock import lots as L
from chalicelib.stock.valuation import CostChange

Level = StockLevelItem


@dataclass(frozen=True)
class LotsWrite:
    """The level's lots after the change (None: as they were), and the tenant-local date."""

    after: Mapping[str, L.Lot] | None
    today: date


@serves("Stock levels by store and product")
def lots_of(level: StockLevelItem | None) -> dict[str, L.Lot]:
    """The level's lots with stock, as the pure rules take them (empty for none)."""
    if level is None or not level.lots:
        return {}
    stored = level.lots if isinstance(level.lots, dict) else json.loads(level.lots)
    return {
        name: L.Lot(int(quantity), date.fromisoformat(str(expiry)))
        for name, (quantity, expiry) in stored.items()
        if int(quantity) > 0
    }


@serves("Stock levels by store and product")
def is_tracked(level: StockLevelItem | None) -> bool:
    """Whether the level keeps lots (it was written as a lot-tracked product's)."""
    return level is not None and level.lots_rev is not None


def _stored(lots: Mapping[str, L.Lot]) -> dict[str, list[Any]]:
    return {
        name: [lot.quantity, lot.expiry_date.isoformat()]
        for name, lot in sorted(lots.items())
        if lot.quantity > 0
    }


@serves("Stock levels by store and product", "Stock levels at or below their minimum")
def add_lot_level_change(
    tx: Tx,
    current: StockLevelItem,
    on_hand: int,
    reserved: int,
    write: LotsWrite,
    actor: str | None,
    cost: CostChange | None,
    explain: Callable[[int], errors.DomainError],
    changed: Callable[[], errors.DomainError],
    last_receipt: tuple[str, int] | None = None,
) -> None:
    """Add the level's next state to `tx`: `on_hand` and `reserved` are the deltas, `write`
    the lots after them. `explain(available)` answers a reservation or a removal that the
    unexpired lots cannot serve (409); `changed()` a level that moved since it was read."""
    before = lots_of(current)
    after = dict(before if write.after is None else write.after)
    new_on_hand = current.on_hand + on_hand
    new_reserved = current.reserved + reserved
    if L.on_hand(after) != new_on_hand:
        raise AssertionError(f"lots hold {L.on_hand(after)} units, the level {new_on_hand}")
    sellable = L.available(after, write.today)
    new_available = sellable - new_reserved
    available_before = L.available(before, write.today) - current.reserved
    if new_reserved < 0 or new_available < min(0, available_before):
        raise explain(available_before)  # it takes what sales reserved, or more than is sellable
    below = new_available <= current.min_qty
    actions: list[Any] = [
        Level.on_hand.set(new_on_hand),
        Level.reserved.set(new_reserved),
        Level.available.set(max(new_available, 0)),
        Level.expired.set(L.expired(after, write.today)),
        records.set_value(Level.lots, _stored(after)),
        Level.lots_rev.set((current.lots_rev or 0) + 1),
        Level.updated_at.set(iso()),
    ]
    actions += [Level.updated_by.set(actor)] if actor else []
    actions += _below_min(current, below)
    condition = _as_read(current)
    if cost is not None:
        actions += [Level.average_cost.set(cost.average), Level.stock_value.set(cost.value)]
    if last_receipt is not None:
        receipt_id, unit_cost = last_receipt
        actions += [Level.last_receipt_id.set(receipt_id), Level.last_unit_cost.set(unit_cost)]
    tx.change(current, actions, condition=condition, on_fail=changed)


@serves("Stock levels by store and product")
def new_lot_level(
    level: StockLevelItem, lots: Mapping[str, L.Lot], reserved: int, today: date
) -> StockLevelItem:
    """A level that did not exist, written as a lot-tracked product's first stock."""
    level.on_hand, level.reserved = L.on_hand(lots), reserved
    level.available = max(L.available(lots, today) - reserved, 0)
    level.expired = L.expired(lots, today)
    level.lots, level.lots_rev = _stored(lots), 1
    return level


def _as_read(current: StockLevelItem) -> Any:
    """The level is as read: the lots, the threshold and the value the change was built on."""
    if current.lots_rev is None:
        condition = Level.lots_rev.does_not_exist() & (Level.on_hand == current.on_hand)
        condition &= Level.reserved == current.reserved
    else:
        condition = Level.lots_rev == current.lots_rev
    condition &= Level.min_qty == current.min_qty
    if current.stock_value is None:
        return condition & Level.stock_value.does_not_exist()
    return condition & (Level.stock_value == current.stock_value)


def _below_min(level: StockLevelItem, below: bool) -> list[Any]:
    if below:
        tenant_id = level.tenant_id or ""
        return [Level.gsi2pk.set(keys.stock_below_min_pk(tenant_id)), Level.gsi2sk.set(level.sk)]
    return [Level.gsi2pk.remove(), Level.gsi2sk.remove()]


@dataclass(frozen=True)
class FiledLot:
    """A lot with stock as the expiry index files it."""

    store_id: str
    product_id: str
    lot: str
    expiry_date: str


def _filed(tenant_id: str, filed: FiledLot) -> LotExpiryItem:
    return LotExpiryItem(
        pk=keys.lot_expiry_pk(tenant_id),
        sk=keys.lot_expiry_sk(filed.expiry_date, filed.store_id, filed.product_id, filed.lot),
        tenant_id=tenant_id,
        store_id=filed.store_id,
        product_id=filed.product_id,
        lot=filed.lot,
        expiry_date=filed.expiry_date,
    )


@serves("Lots by expiry date")
def file_lot(tenant_id: str, filed: FiledLot) -> None:
    """File a lot that came into a level (the same item again on a replay)."""
    _filed(tenant_id, filed).save()


@serves("Lots by expiry date")
def unfile_lot(tenant_id: str, filed: FiledLot) -> None:
    """Take out a lot that left its level (nothing when it is not filed)."""
    _filed(tenant_id, filed).delete()


@serves("Lots by expiry date")
def lots_expiring_through(tenant_id: str, last_day: str) -> list[FiledLot]:
    """Every filed lot expiring on or before `last_day` (ISO date), earliest first."""
    found = LotExpiryItem.query(
        keys.lot_expiry_pk(tenant_id),
        range_key_condition=LotExpiryItem.sk < f"{last_day}#~",
    )
    return [
        FiledLot(item.store_id, item.product_id, item.lot, item.expiry_date)
        for item in found
        if isinstance(item, LotExpiryItem)
    ]
