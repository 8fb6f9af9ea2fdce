"""The lots a level's movements move, by the rules of stock/lots.py, with their refusals as the
API answers them: lots too short to serve are 409 INSUFFICIENT_STOCK, a broken lot rule 422.

- Units entering come back to the lots they left with (a refund, a transfer received), else
  into the lot they name (its expiry date needed when the store does not hold it yet).
- Units leaving take the lot they name, else first-expiring-first among unexpired lots for a
  sale or a transfer, else (a loss, an adjustment, a count) expired lots first.
A movement records the lots it moved signed like its quantity (negative for units leaving).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any, Protocol

from chalicelib import errors
from chalicelib.stock import lots as L
from chalicelib.stock.repository import StockChangedError

LEAVING_FEFO = ("SALE", "TRANSFER_OUT")
MAX_LOTS_PER_LINE = 50


class LotMove(Protocol):
    """What a movement tells about its lots (the ledger's Movement)."""

    @property
    def quantity(self) -> int: ...
    @property
    def movement_type(self) -> str: ...
    @property
    def lot(self) -> str | None: ...
    @property
    def expiry_date(self) -> str | None: ...
    @property
    def lots(self) -> tuple[L.LotQuantity, ...] | None: ...


def ship(product_id: str, lots: L.Lots, quantity: int, today: date) -> L.LotChange:
    """The lots a sale's units leave from: unexpired ones, first-expiring-first; at most
    MAX_LOTS_PER_LINE of them (a sale records them on its line: its item stays small)."""
    taken = _refusals(product_id, partial(L.take, lots, quantity, today))
    if len(taken.parts) > MAX_LOTS_PER_LINE:
        raise errors.ValidationError(
            f"Product {product_id}: these units span {len(taken.parts)} lots; a sale line takes "
            f"at most {MAX_LOTS_PER_LINE}. Sell the rest on another sale.",
            errors=[{"field": "sale_id", "message": "a line spans too many lots"}],
        )
    return taken


def move_lots(
    product_id: str, lots: dict[str, L.Lot], group: Sequence[LotMove], today: date
) -> tuple[dict[str, L.Lot], list[tuple[L.LotQuantity, ...]]]:
    """The lots after a product's movements, in order, and the lots each movement moved."""
    moved = []
    for movement in group:
        change = _refusals(product_id, partial(_one, lots, movement, today))
        lots = change.lots
        moved.append(change.parts)
    return lots, moved


def _one(lots: L.Lots, movement: LotMove, today: date) -> L.LotChange:
    quantity, named = movement.quantity, movement.lot
    if quantity > 0 and movement.lots:
        return L.LotChange(L.put_back(lots, movement.lots), tuple(movement.lots))
    if quantity > 0:
        expiry = date.fromisoformat(movement.expiry_date) if movement.expiry_date else None
        return L.adjust(lots, quantity, today, named, expiry)
    if movement.lots:  # leaving from the very lots chosen before (a transfer shipped)
        return _take_parts(lots, movement.lots)
    if named:
        return L.adjust(lots, quantity, today, named)
    if movement.movement_type in LEAVING_FEFO:
        taken = L.take(lots, -quantity, today)
        return L.LotChange(taken.lots, negated(taken.parts))
    return L.adjust(lots, quantity, today)


def leaving(
    product_id: str, lots: L.Lots, quantity: int, lot: str | None, today: date
) -> tuple[L.LotQuantity, ...]:
    """The lots `quantity` units leave from: the named lot, else FEFO among unexpired ones."""
    if lot:
        return _refusals(product_id, partial(L.take_lot, lots, lot, quantity)).parts
    return _refusals(product_id, partial(L.take, lots, quantity, today)).parts


def _take_parts(lots: L.Lots, parts: Sequence[L.LotQuantity]) -> L.LotChange:
    """The very lots chosen from an earlier read; if they moved since, the write is rebuilt."""
    taken: list[L.LotQuantity] = []
    for part in parts:
        try:
            change = L.take_lot(lots, part.lot, abs(part.quantity))
        except L.LotShortageError as moved:
            raise StockChangedError("The lots changed while this request ran.") from moved
        lots, taken = change.lots, taken + list(change.parts)
    return L.LotChange(dict(lots), negated(taken))


def negated(parts: Sequence[L.LotQuantity]) -> tuple[L.LotQuantity, ...]:
    """Parts as a movement records units leaving: signed like its quantity."""
    return tuple(L.LotQuantity(part.lot, part.expiry_date, -part.quantity) for part in parts)


def _refusals(product_id: str, rule: Callable[[], L.LotChange]) -> L.LotChange:
    try:
        return rule()
    except L.LotShortageError as short:
        raise errors.InsufficientStockError(
            f"Product {product_id}: {short.available} units in the lots that may serve, "
            f"{short.requested} needed.",
            extra={"product_id": product_id, "available": short.available},
        ) from short
    except L.LotError as refused:
        raise errors.ValidationError(
            str(refused), errors=[{"field": "lot", "message": str(refused)}]
        ) from refused


def lots_back(
    recorded: Iterable[dict[str, Any]], quantity: int, skip: int = 0
) -> tuple[L.LotQuantity, ...]:
    """The lots `quantity` units of a sale line return to: the lots it took, in the order it
    took them, each at most what it gave, after the first `skip` units (those that refunds
    before this one gave back, in that same order)."""
    back, left = [], quantity
    for part in recorded:
        given = int(part["quantity"])
        passed = min(given, skip)
        skip -= passed
        units = min(given - passed, left)
        if units > 0:
            expiry = date.fromisoformat(str(part["expiry_date"]))
            back.append(L.LotQuantity(str(part["lot"]), expiry, units))
            left -= units
    return tuple(back)
