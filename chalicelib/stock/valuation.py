"""What a level's movements do to its value (costing.py's rules), as the write must apply it.

Race-freedom: a level keeps `stock_value` beside `on_hand` and its average is divided out when
read, so a receipt with a unit cost into a level that already keeps its value is one ADD to
`on_hand` and `stock_value` under `attribute_exists(stock_value) AND on_hand >= 0`: ADDs
commute, so concurrent receipts, sales and transfers never lose each other's value and the
receipt needs no pin on what it read. Units entering without a cost enter at the average as
read, a fixed unit cost, so they ADD the same way (fifty writers receiving into one level at
once all win without retrying on a value). Every other change of value (units leaving take
their share of the value, the first valuation of a level that never kept one) depends on the
level as read: it is written on
condition that `on_hand` and `stock_value` are still what was read, and a level that moved
meanwhile makes the write read again and rebuild (StockChangedError, retried).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.money import round_half_up
from chalicelib.stock import costing
from chalicelib.stock.costing import StockCost


@dataclass(frozen=True)
class CostChange:
    """The level's value after the write: `delta` to ADD (or `value` to SET on a level that
    kept none), the `average` to keep for when it empties, and whether it must be pinned."""

    value: int
    delta: int
    average: int
    pinned: bool


def value_movements(
    before: StockCost, kept_value: bool, movements: Sequence[tuple[int, int | None]]
) -> tuple[CostChange, list[int | None]]:
    """The cost change of signed (quantity, unit_cost) movements of one level, in order, and
    the unit cost each movement records (leaving units: the average at that moment)."""
    stock = before
    recorded: list[int | None] = []
    receipts_only = True
    for quantity, unit_cost in movements:
        if quantity > 0 and unit_cost is not None:
            stock = costing.receive(stock, quantity, unit_cost)
            recorded.append(unit_cost)
        elif quantity > 0:
            stock, entering = costing.restock(stock, quantity)
            recorded.append(round_half_up(entering, quantity))
        else:
            receipts_only = False
            recorded.append(stock.average_cost if unit_cost is None else unit_cost)
            stock, _ = costing.take(stock, -quantity)
    additive = kept_value and before.on_hand >= 0 and receipts_only
    change = CostChange(
        value=stock.stock_value,
        delta=stock.stock_value - before.stock_value,
        average=stock.average_cost,
        pinned=not additive,
    )
    return change, recorded


def average_of(
    on_hand: int, stock_value: int | None, average_cost: int | None, product_cost: int
) -> int:
    """The average cost a level shows: its value over its units, else its last average, else
    the product's cost."""
    return costing.level_cost(on_hand, stock_value, average_cost, product_cost).average_cost
