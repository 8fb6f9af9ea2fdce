"""The stock ledger other domains write through: each function ADDS actions to the caller's
transaction, so a sale, a refund or a goods receipt stays one atomic write.

Every function reads the affected levels once (one BatchGet; a second one of the catalog's
costs for levels that never kept a value) and adds one guarded level update per product, plus
one movement per line when on_hand changes. Levels keep their value (stock/valuation.py).
Conditions make short stock fail with InsufficientStockError naming the product; a level that
moved across its minimum meanwhile fails with StockChangedError, which `retry_races` retries
(rebuild the whole transaction in the retried function).

A lot-tracked product's level keeps its lots (stock/lots.py): a sale ships and a transfer sends
unexpired lots first-expiring-first, a loss without a lot takes expired lots first, units
entering name their lot (and its date when it is new); every movement records the lots it
moved, and the level is written whole on condition of the one read (stock/lot_repository.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from chalicelib import clock, tenancy
from chalicelib.effects import Transaction
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.stock import costing, lot_moves, repository, valuation
from chalicelib.stock import level_reads_repository as level_reads
from chalicelib.stock import lots as L
from chalicelib.stock import product_costs as catalog_costs
from chalicelib.stock.lot_moves import lots_back
from chalicelib.stock.lot_repository import LotsWrite, is_tracked, lots_of
from chalicelib.stock.lots import StockLine
from chalicelib.stock.repository import LevelDelta, StockChangedError

__all__ = [
    "ACTIONS_PER_LINE",
    "MOVEMENT_TYPES",
    "Movement",
    "Shipping",
    "StockChangedError",
    "StockLine",
    "average_costs",
    "lots_back",
    "lots_leaving",
    "move",
    "refresh_lots",
    "release",
    "reserve",
    "restock",
    "retry_races",
    "ship_reserved",
    "shipping",
]

# A line costs at most one level update and one movement put.
ACTIONS_PER_LINE = 2
REFRESHED_PER_WRITE = 25

MANUAL_TYPES = ("RECEIPT", "RETURN", "LOSS", "ADJUSTMENT")
SYSTEM_TYPES = ("TRANSFER_OUT", "TRANSFER_IN", "COUNT", "SALE", "SALE_RETURN", "PURCHASE_RECEIPT")
MOVEMENT_TYPES = MANUAL_TYPES + SYSTEM_TYPES


@dataclass(frozen=True)
class Movement:
    """One on_hand change of a product in a store; `quantity` is signed."""

    product_id: str
    quantity: int
    movement_type: str
    reference: str | None = None
    unit_cost: int | None = None
    lot: str | None = None
    expiry_date: str | None = None
    reason: str | None = None
    lots: tuple[L.LotQuantity, ...] | None = field(default=None, compare=False)
    """The lots moved: computed for a lot-tracked level; given, the lots units come back to."""


def want_levels(
    reads: Reads, tenant_id: str, store_id: str, lines: list[StockLine], *, dated: bool = False
) -> None:
    """Read the levels a reservation changes or a sale ships with the request's other
    (consistent) reads; `dated`: the tenant too, for the date lots are compared with."""
    level_reads.want_levels(reads, tenant_id, store_id, [pid for pid, _ in _merged(lines)])
    if dated:
        tenancy.want_tenant(reads, tenant_id)


def reserve(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    lines: list[StockLine],
    actor: str,
    reads: Reads | None = None,
) -> None:
    """Hold stock for a sale: reserved += q while available >= q (a missing level is 0); the
    levels come from `reads` when they wanted them (`want_levels`)."""
    deltas = [LevelDelta(pid, reserved=q) for pid, q in _merged(lines)]
    current = None
    if reads is not None:
        current = level_reads.levels_in(reads, tenant_id, store_id, [d.product_id for d in deltas])
    _change_levels(tx, tenant_id, store_id, deltas, actor, current=current)


def release(
    tx: Transaction, tenant_id: str, store_id: str, lines: list[StockLine], actor: str
) -> None:
    """Give a reservation back: reserved -= q."""
    deltas = [LevelDelta(pid, reserved=-q) for pid, q in _merged(lines)]
    _change_levels(tx, tenant_id, store_id, deltas, actor)


@dataclass(frozen=True)
class Shipping:
    """What a sale's reserved stock leaving needs, read before the write: the levels, the
    catalog costs of the levels that keep none, the unit cost each SALE movement records and,
    for lot-tracked levels, the lots each takes (first-expiring-first among unexpired ones)."""

    lines: list[tuple[str, int]]
    current: dict[str, repository.Level]
    product_costs: dict[str, int]
    today: date | None = None

    def unit_costs(self) -> dict[str, int]:
        """The unit cost the SALE movement of each product records (its average cost now)."""
        found = {}
        for pid, q in self.lines:
            level, cost = self.current.get(pid), self.product_costs.get(pid, 0)
            _, (unit_cost,) = _valued(level, cost, [(-q, None)])
            found[pid] = unit_cost or 0
        return found

    def lots_taken(self) -> dict[str, L.LotChange]:
        """The lots each lot-tracked product ships from; 409 when its unexpired lots are short
        (a reservation that midnight left short: nothing is written)."""
        found = {}
        for pid, q in self.lines:
            level = self.current.get(pid)
            if is_tracked(level) and self.today is not None:
                found[pid] = lot_moves.ship(pid, lots_of(level), q, self.today)
        return found


def shipping(
    tenant_id: str, store_id: str, lines: list[StockLine], reads: Reads | None = None
) -> Shipping:
    """What shipping these lines needs: the levels (from `reads` that wanted them `dated`),
    and the costs of unvalued ones."""
    merged = _merged(lines)
    ids = [pid for pid, _ in merged]
    if reads is None:
        current = repository.read_levels(tenant_id, store_id, ids)
    else:
        current = level_reads.levels_in(reads, tenant_id, store_id, ids)
    product_costs = catalog_costs.product_costs(tenant_id, current, ids)
    return Shipping(merged, current, product_costs, _today_if_tracked(tenant_id, current, reads))


def ship_reserved(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    lines: list[StockLine],
    actor: str,
    reference: str,
    read: Shipping | None = None,
) -> None:
    """Reserved stock leaves with the sale: reserved -= q, on_hand -= q, and a SALE movement
    each recording the unit cost at that moment (and the lots it took); the units take their
    share of the value. The levels are `read` when the caller read them first (`shipping`),
    else read here."""
    ready = read if read is not None else shipping(tenant_id, store_id, lines)
    taken = ready.lots_taken()
    deltas, movements = [], []
    for pid, q in ready.lines:
        level, cost = ready.current.get(pid), ready.product_costs.get(pid, 0)
        change, (unit_cost,) = _valued(level, cost, [(-q, None)])
        lots = taken.get(pid)
        write = LotsWrite(lots.lots, ready.today) if lots and ready.today else None
        deltas.append(LevelDelta(pid, on_hand=-q, reserved=-q, cost=change, lots=write))
        parts = lot_moves.negated(lots.parts) if lots else None
        movements.append(Movement(pid, -q, "SALE", reference, unit_cost=unit_cost, lots=parts))
    _change_levels(tx, tenant_id, store_id, deltas, actor, current=ready.current)
    for movement in movements:
        _add_movement(tx, tenant_id, store_id, movement, actor)


def restock(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    lines: list[StockLine],
    actor: str,
    reference: str,
    movement_type: str = "SALE_RETURN",
) -> None:
    """Stock comes back (refund, goods receipt): on_hand += q with a movement each."""
    lots = _merged_lots(lines)
    move(
        tx,
        tenant_id,
        store_id,
        [
            Movement(pid, q, movement_type, reference, lots=lots.get(pid))
            for pid, q in _merged(lines)
        ],
        actor,
    )


def move(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    movements: list[Movement],
    actor: str | None,
    tracked: Iterable[str] | None = None,
) -> list[repository.Movement]:
    """Signed on_hand changes with their movements; one level action per product, which also
    keeps the level's value (stock/valuation.py). Units leaving record the unit cost.
    Lot-tracked products move lot by lot: those whose level keeps lots, those whose movements
    carry lots, and `tracked` when the caller read its products (None: the catalog is read
    for the products whose units enter a level that keeps no lots yet)."""
    for movement in movements:
        if movement.movement_type not in MOVEMENT_TYPES or movement.quantity == 0:
            raise ValueError(f"not a stock movement: {movement}")
    grouped: dict[str, list[Movement]] = {}
    for movement in movements:
        grouped.setdefault(movement.product_id, []).append(movement)
    current = repository.read_levels(tenant_id, store_id, list(grouped))
    lot_tracked = set(tracked or ()) | {pid for pid in grouped if is_tracked(current.get(pid))}
    lot_tracked |= {m.product_id for m in movements if m.lots}
    entering = [
        pid
        for pid, group in grouped.items()
        if tracked is None and pid not in lot_tracked and any(m.quantity > 0 for m in group)
    ]
    product_costs, lots_kept = catalog_costs.catalog_of(tenant_id, current, list(grouped), entering)
    lot_tracked |= lots_kept
    today = _today(tenant_id) if lot_tracked else None
    deltas, recorded = [], []
    for pid, group in grouped.items():
        signed = [(m.quantity, m.unit_cost) for m in group]
        change, unit_costs = _valued(current.get(pid), product_costs.get(pid, 0), signed)
        quantity = sum(m.quantity for m in group)
        write = None
        if today is not None and pid in lot_tracked:
            lots, moved = lot_moves.move_lots(pid, lots_of(current.get(pid)), group, today)
            group = [replace(m, lots=parts) for m, parts in zip(group, moved, strict=True)]
            write = LotsWrite(lots, today)
        if quantity or change.delta or write:
            receipt = _receipt_of(group)
            deltas.append(LevelDelta(pid, quantity, cost=change, last_receipt=receipt, lots=write))
        recorded += [replace(m, unit_cost=c) for m, c in zip(group, unit_costs, strict=True)]
    _change_levels(tx, tenant_id, store_id, deltas, actor, current=current)
    return [_add_movement(tx, tenant_id, store_id, m, actor) for m in recorded]


def _today(tenant_id: str, reads: Reads | None = None) -> date:
    """The tenant-local date lots are compared with."""
    found = tenancy.tenant_settings(tenant_id, reads)
    return clock.local_date(clock.now(), found.timezone)


def _today_if_tracked(
    tenant_id: str, current: dict[str, repository.Level], reads: Reads | None = None
) -> date | None:
    """The tenant-local date, read only when some level keeps lots."""
    tracked = any(is_tracked(level) for level in current.values())
    return _today(tenant_id, reads) if tracked else None


def _receipt_of(group: list[Movement]) -> tuple[str, int] | None:
    """The goods receipt (id, unit cost) among a level's movements, if one brings it stock."""
    for movement in reversed(group):
        if movement.movement_type == "PURCHASE_RECEIPT" and movement.reference:
            return movement.reference, movement.unit_cost or 0
    return None


def _valued(
    level: repository.Level | None, product_cost: int, signed: list[tuple[int, int | None]]
) -> tuple[valuation.CostChange, list[int | None]]:
    """The level's cost change for these movements, and the unit cost each records."""
    kept_value = level is None or level.stock_value is not None
    return valuation.value_movements(_cost_of(level, product_cost), kept_value, signed)


def _cost_of(level: repository.Level | None, product_cost: int) -> costing.StockCost:
    if level is None:
        return costing.level_cost(0, 0, None, product_cost)
    return costing.level_cost(level.on_hand, level.stock_value, level.average_cost, product_cost)


def average_costs(tenant_id: str, store_id: str, product_ids: list[str]) -> dict[str, int]:
    """The average unit cost of each product in the store now (what a transfer carries)."""
    current = repository.read_levels(tenant_id, store_id, product_ids)
    product_costs = catalog_costs.product_costs(tenant_id, current, product_ids)
    return {
        pid: _cost_of(current.get(pid), product_costs.get(pid, 0)).average_cost
        for pid in product_ids
    }


def refresh_lots(tenant_id: str, store_id: str, product_ids: list[str]) -> None:
    """Rewrite lot-tracked levels as of today (their `available` and `expired` after lots
    passed their date, and the below-minimum index with them); one write per 25 levels."""
    for start in range(0, len(product_ids), REFRESHED_PER_WRITE):
        chunk = product_ids[start : start + REFRESHED_PER_WRITE]

        def write(chunk: list[str] = chunk) -> None:
            repository.write(
                lambda tx: _change_levels(
                    tx, tenant_id, store_id, [LevelDelta(pid) for pid in chunk], None
                )
            )

        retry_races(write)


def lots_leaving(
    tenant_id: str, store_id: str, lines: list[tuple[str, int, str | None]]
) -> dict[str, tuple[L.LotQuantity, ...]]:
    """The lots each (product, quantity, named lot) would leave from now, for the products whose
    level keeps lots (a transfer records them, then ships exactly those)."""
    current = repository.read_levels(tenant_id, store_id, [pid for pid, _, _ in lines])
    today = _today_if_tracked(tenant_id, current)
    if today is None:
        return {}
    return {
        pid: lot_moves.leaving(pid, lots_of(current.get(pid)), q, lot, today)
        for pid, q, lot in lines
        if is_tracked(current.get(pid))
    }


def _merged_lots(lines: Iterable[StockLine]) -> dict[str, tuple[L.LotQuantity, ...]]:
    found: dict[str, tuple[L.LotQuantity, ...]] = {}
    for line in lines:
        if line.lots:
            found[line.product_id] = found.get(line.product_id, ()) + tuple(line.lots)
    return found


def _merged(lines: Iterable[StockLine]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
    return list(totals.items())


def _change_levels(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    deltas: list[LevelDelta],
    actor: str | None,
    *,
    read: bool = True,
    current: dict[str, repository.Level] | None = None,
) -> None:
    if current is None:
        ids = [d.product_id for d in deltas]
        current = repository.read_levels(tenant_id, store_id, ids) if read else {}
    unwritten = [d for d in deltas if d.lots is None and is_tracked(current.get(d.product_id))]
    if unwritten:  # a reservation of lot-tracked stock: the lots stay, the level is rewritten
        today = _today(tenant_id)
        deltas = [replace(d, lots=LotsWrite(None, today)) if d in unwritten else d for d in deltas]
    for delta in deltas:
        repository.add_level_change(
            tx, tenant_id, store_id, delta, current.get(delta.product_id), actor, read=read
        )


def _add_movement(
    tx: Transaction, tenant_id: str, store_id: str, movement: Movement, actor: str | None
) -> repository.Movement:
    fields = asdict(movement)
    fields["lots"] = [part.as_dict() for part in movement.lots] if movement.lots else None
    return repository.add_movement(tx, tenant_id, store_id, fields, actor)
