"""The average cost of a stock level, kept as the value of its stock beside its quantity.

Why the value and not the average: storing the rounded average and mixing each receipt into
it, new_avg = round_half_up((old_qty * old_avg + qty * unit_cost) / (old_qty + qty)), rounds
again at every receipt and the errors compound without bound. 100 units at 0, then one unit at
49 received a thousand times: each receipt rounds (n * 0 + 49) / (n + 1) back to 0, so the
stored average stays 0 while the exact one climbs to 44.5. So a level keeps `stock_value`
(minor units) beside `on_hand`, and its average is derived when read:
average_cost = round_half_up(stock_value / on_hand).

Rules (integer minor units; every rounding is half-up, once per movement):
- A receipt with a unit cost adds quantity x unit_cost to the value, exactly. With receipts
  only, the average is the exact weighted average of what was received, within half a minor
  unit; and a receipt needs no read: the write can ADD to on_hand and stock_value.
- A transfer carries value: the source gives up the share of its value that leaves, the
  destination adds that same value, so the source's average cost travels with the goods.
- Units leaving (sale, loss, transfer out, count or adjustment down) take their share of the
  value, round_half_up(stock_value x quantity / on_hand); the last units take all that is left,
  so an empty level holds no value and the value is never negative.
- Units entering without a cost (a return, a receipt without unit_cost, a count or adjustment
  up) enter at the level's average cost, each: a fixed unit cost, so concurrent ones ADD like
  receipts and never retry each other. An empty level values them at its last average, or at
  the product's cost when it never held stock.
- A level that holds no value yet (never received, or written before costs were kept) is
  valued at its average: the product's cost until something is received.
- A level at or below zero holds no value: a receipt into it starts afresh at the received
  cost, and the units that settle a negative on_hand take their share of it with them.

What holds, proved in tests/unit/test_stock_costing.py against exact fractions (where the
average changes only at receipts):
- with receipts only, average_cost is within half a minor unit of the exact weighted average;
- the value received equals the value on hand plus the value taken out, exactly, as long as
  on_hand never goes below zero (which the ledger's conditions ensure);
- units leaving move the value per unit off the exact average by at most 1 / (2 x on_hand
  after), and q units entering without a cost by at most q / (2 x on_hand after) (half a unit
  at worst: they enter at the rounded average); each receipt
  shrinks the error gathered so far in proportion (on_hand before / on_hand after); a receipt
  into an empty level clears it. The error cannot build up the way a stored average's does.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.money import round_half_up


@dataclass(frozen=True)
class StockCost:
    """A level's units, their total value, and the average cost shown on the level."""

    on_hand: int
    stock_value: int
    average_cost: int


def level_cost(
    on_hand: int, stock_value: int | None, average_cost: int | None, product_cost: int
) -> StockCost:
    """The cost of a level as stored; a stored `average_cost` only counts while it is empty."""
    last = product_cost if average_cost is None else average_cost
    if stock_value is None:
        return _costed(on_hand, max(on_hand, 0) * last, last)
    return _costed(on_hand, stock_value, last)


def receive(stock: StockCost, quantity: int, unit_cost: int) -> StockCost:
    """Units received at `unit_cost` each (a goods receipt, a RECEIPT movement with a cost)."""
    if unit_cost < 0:
        raise ValueError(f"a unit cost cannot be negative, got {unit_cost}")
    return receive_value(stock, quantity, quantity * unit_cost)


def receive_value(stock: StockCost, quantity: int, value: int) -> StockCost:
    """Units arriving with a total value: a receipt, or a transfer bringing the source's value."""
    _require_positive(quantity)
    if value < 0:
        raise ValueError(f"a received value cannot be negative, got {value}")
    on_hand = stock.on_hand + quantity
    fresh_cost = round_half_up(value, quantity)
    if stock.on_hand > 0:
        return _costed(on_hand, stock.stock_value + value, fresh_cost)
    kept = value if stock.on_hand == 0 else value_share(value, max(on_hand, 0), quantity)
    return _costed(on_hand, kept, fresh_cost)


def take(stock: StockCost, quantity: int) -> tuple[StockCost, int]:
    """Units leaving, and the value they take with them (what a SALE or a transfer carries)."""
    _require_positive(quantity)
    if quantity >= stock.on_hand:
        leaving = max(stock.stock_value, 0)
    else:
        leaving = value_share(stock.stock_value, quantity, stock.on_hand)
    after = _costed(stock.on_hand - quantity, stock.stock_value - leaving, stock.average_cost)
    return after, leaving


def restock(stock: StockCost, quantity: int) -> tuple[StockCost, int]:
    """Units entering without a cost of their own, each at the level's average cost, and their
    value: a fixed unit cost, so the write can ADD it like a receipt's."""
    _require_positive(quantity)
    entering = quantity * stock.average_cost
    return receive_value(stock, quantity, entering), entering


def value_share(value: int, part: int, whole: int) -> int:
    """The value `part` of `whole` units carry, half-up (e.g. units received of those shipped)."""
    if whole <= 0:
        raise ValueError(f"a share needs a positive whole, got {whole}")
    return round_half_up(value * part, whole)


def _costed(on_hand: int, stock_value: int, last_average: int) -> StockCost:
    """The level after a change: the average derived from the value while units are on hand."""
    if on_hand <= 0:
        return StockCost(on_hand, 0, last_average)
    return StockCost(on_hand, stock_value, round_half_up(stock_value, on_hand))


def _require_positive(quantity: int) -> None:
    if quantity <= 0:
        raise ValueError(f"a quantity of units must be positive, got {quantity}")
