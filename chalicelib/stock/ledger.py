"""The stock ledger other domains write through: each function ADDS actions to the caller's
transaction, so a sale, a refund or a goods receipt stays one atomic write.

Every function reads the affected levels once (one BatchGet; a second one of the catalog's
costs for levels that never kept a value) and adds one guarded level update per product, plus
one movement per line when on_hand changes. Levels keep their value (stock/valuation.py).
Conditions make short stock fail with InsufficientStockError naming the product; a level that
moved across its minimum meanwhile fails with StockChangedError, which `retry_races` retries
(rebuild the whole transaction in the retried function).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from chalicelib import catalog
from chalicelib.effects import Transaction
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.stock import costing, repository, valuation
from chalicelib.stock import level_reads_repository as level_reads
from chalicelib.stock.repository import LevelDelta, StockChangedError

__all__ = [
    "ACTIONS_PER_LINE",
    "MOVEMENT_TYPES",
    "Movement",
    "Shipping",
    "StockChangedError",
    "StockLine",
    "average_costs",
    "move",
    "release",
    "reserve",
    "restock",
    "retry_races",
    "ship_reserved",
    "shipping",
]

# A line costs at most one level update and one movement put.
ACTIONS_PER_LINE = 2

MANUAL_TYPES = ("RECEIPT", "RETURN", "LOSS", "ADJUSTMENT")
SYSTEM_TYPES = ("TRANSFER_OUT", "TRANSFER_IN", "COUNT", "SALE", "SALE_RETURN", "PURCHASE_RECEIPT")
MOVEMENT_TYPES = MANUAL_TYPES + SYSTEM_TYPES


@dataclass(frozen=True)
class StockLine:
    product_id: str
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"line quantity must be positive, got {self.quantity}")


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


def want_levels(reads: Reads, tenant_id: str, store_id: str, lines: list[StockLine]) -> None:
    """Read the levels a reservation changes with the request's other (consistent) reads."""
    level_reads.want_levels(reads, tenant_id, store_id, [pid for pid, _ in _merged(lines)])


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
    catalog costs of the levels that keep none, and the unit cost each SALE movement records."""

    lines: list[tuple[str, int]]
    current: dict[str, repository.Level]
    product_costs: dict[str, int]

    def unit_costs(self) -> dict[str, int]:
        """The unit cost the SALE movement of each product records (its average cost now)."""
        found = {}
        for pid, q in self.lines:
            level, cost = self.current.get(pid), self.product_costs.get(pid, 0)
            _, (unit_cost,) = _valued(level, cost, [(-q, None)])
            found[pid] = unit_cost or 0
        return found


def shipping(tenant_id: str, store_id: str, lines: list[StockLine]) -> Shipping:
    """Read what shipping these lines needs (the levels, and the costs of unvalued ones)."""
    merged = _merged(lines)
    current = repository.read_levels(tenant_id, store_id, [pid for pid, _ in merged])
    product_costs = _product_costs(tenant_id, current, [pid for pid, _ in merged])
    return Shipping(merged, current, product_costs)


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
    each recording the unit cost at that moment; the units take their share of the value. The
    levels are `read` when the caller read them first (`shipping`), else read here."""
    ready = read if read is not None else shipping(tenant_id, store_id, lines)
    deltas, movements = [], []
    for pid, q in ready.lines:
        level, cost = ready.current.get(pid), ready.product_costs.get(pid, 0)
        change, (unit_cost,) = _valued(level, cost, [(-q, None)])
        deltas.append(LevelDelta(pid, on_hand=-q, reserved=-q, cost=change))
        movements.append(Movement(pid, -q, "SALE", reference, unit_cost=unit_cost))
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
    move(
        tx,
        tenant_id,
        store_id,
        [Movement(pid, q, movement_type, reference) for pid, q in _merged(lines)],
        actor,
    )


def move(
    tx: Transaction, tenant_id: str, store_id: str, movements: list[Movement], actor: str | None
) -> list[repository.Movement]:
    """Signed on_hand changes with their movements; one level action per product, which also
    keeps the level's value (stock/valuation.py). Units leaving record the unit cost."""
    for movement in movements:
        if movement.movement_type not in MOVEMENT_TYPES or movement.quantity == 0:
            raise ValueError(f"not a stock movement: {movement}")
    grouped: dict[str, list[Movement]] = {}
    for movement in movements:
        grouped.setdefault(movement.product_id, []).append(movement)
    current = repository.read_levels(tenant_id, store_id, list(grouped))
    product_costs = _product_costs(tenant_id, current, list(grouped))
    deltas, recorded = [], []
    for pid, group in grouped.items():
        signed = [(m.quantity, m.unit_cost) for m in group]
        change, unit_costs = _valued(current.get(pid), product_costs.get(pid, 0), signed)
        quantity = sum(m.quantity for m in group)
        if quantity or change.delta:
            deltas.append(LevelDelta(pid, quantity, cost=change, last_receipt=_receipt_of(group)))
        recorded += [replace(m, unit_cost=c) for m, c in zip(group, unit_costs, strict=True)]
    _change_levels(tx, tenant_id, store_id, deltas, actor, current=current)
    return [_add_movement(tx, tenant_id, store_id, m, actor) for m in recorded]


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
    product_costs = _product_costs(tenant_id, current, product_ids)
    return {
        pid: _cost_of(current.get(pid), product_costs.get(pid, 0)).average_cost
        for pid in product_ids
    }


def _product_costs(
    tenant_id: str, current: dict[str, repository.Level], product_ids: list[str]
) -> dict[str, int]:
    """The catalog cost of the products whose level keeps no value nor average (one BatchGet,
    none once every level is valued)."""
    wanted = [
        pid
        for pid in product_ids
        if pid not in current
        or (current[pid].stock_value is None and current[pid].average_cost is None)
    ]
    if not wanted:
        return {}
    return {pid: product.cost for pid, product in catalog.get_products(tenant_id, wanted).items()}


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
    for delta in deltas:
        repository.add_level_change(
            tx, tenant_id, store_id, delta, current.get(delta.product_id), actor, read=read
        )


def _add_movement(
    tx: Transaction, tenant_id: str, store_id: str, movement: Movement, actor: str | None
) -> repository.Movement:
    return repository.add_movement(tx, tenant_id, store_id, asdict(movement), actor)
