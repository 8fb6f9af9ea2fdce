"""The lots of a lot-tracked product in one store: a small map lot -> (quantity, expiry date).

The map lives inside the stock level, so a change to any number of lots stays one update of
one item. Every function here takes the map and returns a new one (the input is left as it
was) with the parts it moved, so the caller writes the result and records the parts on its
movements and sale lines.

Rules:
- A lot is expired when its expiry date is before `today`, the tenant's local date: the date
  itself is the lot's last day on sale. Expired units stay in `on_hand` and are never sold.
- A sale, and a transfer line that names no lot, takes unexpired lots first-expiring-first
  (FEFO): the earliest date first, lots of one date by their name.
- A LOSS that names no lot takes the expired lots first (earliest first), then FEFO.
- Removing units without a lot (an ADJUSTMENT or a count below on hand) goes like a LOSS;
  adding units needs a lot: nobody knows the date of units that appear from nowhere.
- A lot keeps its date for good: receiving more of it under another date is refused.
- A lot without stock leaves the map; at most MAX_LOTS lots hold stock per product and store.

`StockLine` (units of a product and the lots they came out with) is what the ledger moves and
what a sale's schemas carry, kept here so that a schema does not load the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

MAX_LOTS = 100


class Lot(NamedTuple):
    quantity: int
    expiry_date: date


Lots = Mapping[str, Lot]


@dataclass(frozen=True)
class LotQuantity:
    """Units of one lot: taken (positive), or the signed change of an adjustment or a count."""

    lot: str
    expiry_date: date
    quantity: int

    def as_dict(self) -> dict[str, str | int]:
        """The shape sale lines and movements record: {"lot", "expiry_date", "quantity"}."""
        return {
            "lot": self.lot,
            "expiry_date": self.expiry_date.isoformat(),
            "quantity": self.quantity,
        }


class LotChange(NamedTuple):
    """The lots after a change, and the parts of each lot it moved."""

    lots: dict[str, Lot]
    parts: tuple[LotQuantity, ...]


class LotError(ValueError):
    """A lot rule that the request broke; the caller answers with the code each subclass names."""


class LotShortageError(LotError):
    """409 INSUFFICIENT_STOCK: the lots that may serve hold fewer units than asked for."""

    def __init__(self, requested: int, available: int) -> None:
        super().__init__(f"{requested} units asked for, {available} in the lots that may serve.")
        self.requested = requested
        self.available = available


class LotDateMismatchError(LotError):
    """422: a lot already held under another expiry date."""


class ExpiryDateRequiredError(LotError):
    """422: units added to a lot the store does not hold yet, without its expiry date."""


class LotRequiredError(LotError):
    """422: units added to a lot-tracked product without naming their lot."""


class TooManyLotsError(LotError):
    """422: one more lot with stock than a product may have in a store."""


def is_expired(expiry_date: date, today: date) -> bool:
    """Past its last day on sale: the expiry date is before the tenant-local `today`."""
    return expiry_date < today


def lots_with_stock(lots: Lots) -> int:
    """How many lots count toward MAX_LOTS."""
    return sum(1 for lot in lots.values() if lot.quantity > 0)


def on_hand(lots: Lots) -> int:
    """Every unit of every lot, expired or not: the level's on_hand."""
    return sum(lot.quantity for lot in lots.values())


def available(lots: Lots, today: date) -> int:
    """The units that may still be sold: those of unexpired lots (before any reservation)."""
    return sum(lot.quantity for lot in lots.values() if not is_expired(lot.expiry_date, today))


def expired(lots: Lots, today: date) -> int:
    """The units of expired lots: the level's `expired`."""
    return on_hand(lots) - available(lots, today)


def fefo(lots: Lots, today: date) -> list[str]:
    """The unexpired lots in the order a sale takes them: first-expiring-first, then by name."""
    fresh = [name for name, lot in lots.items() if not is_expired(lot.expiry_date, today)]
    return sorted(fresh, key=lambda name: (lots[name].expiry_date, name))


def loss_order(lots: Lots, today: date) -> list[str]:
    """The order a LOSS without a lot takes lots in: expired ones first, then FEFO."""
    stale = [name for name, lot in lots.items() if is_expired(lot.expiry_date, today)]
    return sorted(stale, key=lambda name: (lots[name].expiry_date, name)) + fefo(lots, today)


def take(lots: Lots, quantity: int, today: date) -> LotChange:
    """Units leaving for a sale or a transfer: unexpired lots, FEFO, or LotShortageError."""
    return _take_in_order(lots, fefo(lots, today), quantity)


def take_loss(lots: Lots, quantity: int, today: date) -> LotChange:
    """Units lost without a named lot: expired lots first, then FEFO."""
    return _take_in_order(lots, loss_order(lots, today), quantity)


def take_lot(lots: Lots, lot: str, quantity: int) -> LotChange:
    """Units leaving from the lot the request names, expired or not (a loss, a transfer)."""
    return _take_in_order(lots, [lot] if lot in lots else [], quantity)


def receive(lots: Lots, lot: str, quantity: int, expiry_date: date) -> dict[str, Lot]:
    """Units arriving in a lot, new or held already under the same date."""
    _require_positive(quantity)
    if not lot:
        raise LotRequiredError("A lot-tracked product needs the lot of the units it receives.")
    held = _held(lots, lot)
    if held is not None and held.expiry_date != expiry_date:
        raise LotDateMismatchError(
            f"Lot {lot} is held with expiry date {held.expiry_date.isoformat()}, "
            f"not {expiry_date.isoformat()}."
        )
    if held is None and lots_with_stock(lots) >= MAX_LOTS:
        raise TooManyLotsError(f"A product holds at most {MAX_LOTS} lots with stock per store.")
    after = dict(lots)
    after[lot] = Lot((held.quantity if held else 0) + quantity, expiry_date)
    return after


def put_back(lots: Lots, parts: Iterable[LotQuantity]) -> dict[str, Lot]:
    """Units coming in with the lots and dates they left with (a transfer received, a return)."""
    after = dict(lots)
    for part in parts:
        after = receive(after, part.lot, part.quantity, part.expiry_date)
    return after


def adjust(
    lots: Lots, delta: int, today: date, lot: str | None = None, expiry_date: date | None = None
) -> LotChange:
    """A signed change: into or out of the named lot, or out like a LOSS when none is named."""
    if delta < 0:
        removed = take_lot(lots, lot, -delta) if lot else take_loss(lots, -delta, today)
        return LotChange(removed.lots, tuple(_negated(part) for part in removed.parts))
    if delta == 0:
        return LotChange(dict(lots), ())
    if not lot:
        raise LotRequiredError("Units added to a lot-tracked product need their lot.")
    held = _held(lots, lot)
    date_of_lot = held.expiry_date if held else expiry_date
    if date_of_lot is None:
        raise ExpiryDateRequiredError(f"Lot {lot} is new here: its expiry date is needed.")
    after = receive(lots, lot, delta, expiry_date or date_of_lot)
    return LotChange(after, (LotQuantity(lot, date_of_lot, delta),))


def count(
    lots: Lots, counted: int, today: date, lot: str | None = None, expiry_date: date | None = None
) -> LotChange:
    """A count of one lot, or of the whole product when no lot is named; parts are signed."""
    if counted < 0:
        raise ValueError(f"a counted quantity cannot be negative, got {counted}")
    if lot:
        in_lot = _held(lots, lot)
        held = in_lot.quantity if in_lot else 0
    else:
        held = on_hand(lots)
    return adjust(lots, counted - held, today, lot, expiry_date)


def _take_in_order(lots: Lots, names: list[str], quantity: int) -> LotChange:
    _require_positive(quantity)
    after = dict(lots)
    parts: list[LotQuantity] = []
    left = quantity
    for name in names:
        if left == 0:
            break
        held = after[name]
        taken = min(held.quantity, left)
        if taken <= 0:
            continue
        parts.append(LotQuantity(name, held.expiry_date, taken))
        left -= taken
        if taken == held.quantity:
            del after[name]
        else:
            after[name] = Lot(held.quantity - taken, held.expiry_date)
    if left:
        raise LotShortageError(quantity, quantity - left)
    return LotChange(after, tuple(parts))


def _held(lots: Lots, lot: str) -> Lot | None:
    """The lot as held with stock; a lot at zero (left over in a stored map) counts as absent."""
    held = lots.get(lot)
    return held if held is not None and held.quantity > 0 else None


def _negated(part: LotQuantity) -> LotQuantity:
    return LotQuantity(part.lot, part.expiry_date, -part.quantity)


def _require_positive(quantity: int) -> None:
    if quantity <= 0:
        raise ValueError(f"a quantity of units must be positive, got {quantity}")


@dataclass(frozen=True)
class StockLine:
    """Units of a product; `lots` are those they came out with (a refund puts them back)."""

    product_id: str
    quantity: int
    lots: tuple[LotQuantity, ...] = ()

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"line quantity must be positive, got {self.quantity}")
