"""The value a write applies to a level (stock/valuation.py) against exact rational arithmetic:
receipts only, the level's average is the exact weighted average within half a minor unit, and
a receipt into a valued level is the one change written without a pin on what was read."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.stock import costing, valuation

receipts = st.lists(
    st.tuples(st.integers(1, 10_000), st.integers(0, 10**7)), min_size=1, max_size=20
)


@given(receipts, st.integers(0, 10**6))
def test_receipts_give_the_exact_weighted_average_within_half_a_unit(
    lines: list[tuple[int, int]], product_cost: int
) -> None:
    before = costing.level_cost(0, 0, None, product_cost)
    change, recorded = valuation.value_movements(before, True, lines)
    units = sum(q for q, _ in lines)
    exact = Fraction(sum(q * c for q, c in lines), units)
    average = valuation.average_of(units, change.value, change.average, product_cost)
    assert abs(average - exact) <= Fraction(1, 2)
    assert change.value == sum(q * c for q, c in lines)
    assert recorded == [c for _, c in lines] and not change.pinned


@given(receipts, st.integers(1, 10_000), st.integers(0, 10**7))
def test_a_receipt_into_a_valued_level_adds_exactly_its_value(
    stocked: list[tuple[int, int]], quantity: int, unit_cost: int
) -> None:
    held, _ = valuation.value_movements(costing.level_cost(0, 0, None, 0), True, stocked)
    on_hand = sum(q for q, _ in stocked)
    before = costing.level_cost(on_hand, held.value, held.average, 0)
    change, _ = valuation.value_movements(before, True, [(quantity, unit_cost)])
    assert change.delta == quantity * unit_cost and not change.pinned


@given(receipts, st.data())
def test_units_leaving_take_their_share_and_record_the_average(
    stocked: list[tuple[int, int]], data: st.DataObject
) -> None:
    held, _ = valuation.value_movements(costing.level_cost(0, 0, None, 0), True, stocked)
    on_hand = sum(q for q, _ in stocked)
    leaving = data.draw(st.integers(1, on_hand))
    before = costing.level_cost(on_hand, held.value, held.average, 0)
    change, (recorded,) = valuation.value_movements(before, True, [(-leaving, None)])
    exact_share = Fraction(held.value * leaving, on_hand)
    assert change.pinned and recorded == before.average_cost
    assert abs(-change.delta - exact_share) <= Fraction(1, 2)
    assert change.value >= 0
    assert change.value == 0 or leaving < on_hand


def test_a_level_that_kept_no_value_is_valued_at_the_products_cost_and_pinned() -> None:
    before = costing.level_cost(10, None, None, 700)
    change, _ = valuation.value_movements(before, False, [(10, 900)])
    assert change.value == 10 * 700 + 10 * 900 and change.average == 800 and change.pinned


@given(receipts, st.integers(1, 10_000))
def test_units_entering_without_a_cost_add_at_the_average_without_a_pin(
    stocked: list[tuple[int, int]], quantity: int
) -> None:
    held, _ = valuation.value_movements(costing.level_cost(0, 0, None, 0), True, stocked)
    on_hand = sum(q for q, _ in stocked)
    before = costing.level_cost(on_hand, held.value, held.average, 0)
    change, (recorded,) = valuation.value_movements(before, True, [(quantity, None)])
    assert recorded == before.average_cost and not change.pinned
    assert change.delta == quantity * before.average_cost
