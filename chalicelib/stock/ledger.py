"""The stock ledger other domains write through: each function ADDS actions to the caller's
transaction, so a sale, a refund or a goods receipt stays one atomic write.

Every function reads the affected levels once (one BatchGet, none for `ship_reserved`) and
adds one guarded level update per product, plus one movement per product when on_hand changes.
Conditions make short stock fail with InsufficientStockError naming the product; a level that
moved across its minimum meanwhile fails with StockChangedError, which `retry_races` retries
(rebuild the whole transaction in the retried function).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from chalicelib.effects import Transaction
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.stock import level_reads_repository as level_reads
from chalicelib.stock import repository
from chalicelib.stock.repository import LevelDelta, StockChangedError

__all__ = [
    "ACTIONS_PER_LINE",
    "MOVEMENT_TYPES",
    "Movement",
    "StockChangedError",
    "StockLine",
    "move",
    "release",
    "reserve",
    "restock",
    "retry_races",
    "ship_reserved",
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


def ship_reserved(
    tx: Transaction,
    tenant_id: str,
    store_id: str,
    lines: list[StockLine],
    actor: str,
    reference: str,
) -> None:
    """Reserved stock leaves with the sale: reserved -= q, on_hand -= q, a SALE movement each."""
    merged = _merged(lines)
    deltas = [LevelDelta(pid, on_hand=-q, reserved=-q) for pid, q in merged]
    _change_levels(tx, tenant_id, store_id, deltas, actor, read=False)
    for pid, q in merged:
        _add_movement(tx, tenant_id, store_id, Movement(pid, -q, "SALE", reference), actor)


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
    """Signed on_hand changes with their movements; one level action per product."""
    for movement in movements:
        if movement.movement_type not in MOVEMENT_TYPES or movement.quantity == 0:
            raise ValueError(f"not a stock movement: {movement}")
    totals: dict[str, int] = {}
    for movement in movements:
        totals[movement.product_id] = totals.get(movement.product_id, 0) + movement.quantity
    deltas = [LevelDelta(pid, on_hand=q) for pid, q in totals.items() if q]
    _change_levels(tx, tenant_id, store_id, deltas, actor)
    return [_add_movement(tx, tenant_id, store_id, m, actor) for m in movements]


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
