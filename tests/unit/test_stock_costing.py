"""Moving average cost kept as stock value, checked against exact fractions, without AWS."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.money import round_half_up
from chalicelib.stock import costing
from chalicelib.stock.costing import StockCost

EMPTY = costing.level_cost(0, None, None, product_cost=700)


def test_a_level_never_received_shows_the_products_cost() -> None:
    assert StockCost(on_hand=0, stock_value=0, average_cost=700) == EMPTY
    old = costing.level_cost(12, None, None, product_cost=700)
    assert old == StockCost(on_hand=12, stock_value=8400, average_cost=700)


def test_a_stored_value_gives_the_average_and_a_stored_average_counts_only_when_empty() -> None:
    assert costing.level_cost(3, 1000, 999, product_cost=1).average_cost == 333
    assert costing.level_cost(0, 0, 450, product_cost=1).average_cost == 450
    assert costing.level_cost(0, 0, 0, product_cost=700).average_cost == 0


def test_the_first_receipt_sets_the_average() -> None:
    stock = costing.receive(EMPTY, 10, 1250)
    assert stock == StockCost(on_hand=10, stock_value=12500, average_cost=1250)


def test_receipts_mix_into_a_weighted_average_rounded_half_up() -> None:
    stock = costing.receive(costing.receive(EMPTY, 1, 100), 1, 101)
    assert stock.average_cost == 101  # 100.5 rounds up
    stock = costing.receive(costing.receive(EMPTY, 2, 100), 1, 101)
    assert stock.average_cost == 100  # 100.33 rounds down
    assert stock.stock_value == 301


def test_the_stored_average_rule_drifts_and_the_stock_value_does_not() -> None:
    stored_average, on_hand = 0, 100
    stock = costing.receive(EMPTY, 100, 0)
    for _ in range(1000):
        stored_average = round_half_up(on_hand * stored_average + 49, on_hand + 1)
        on_hand += 1
        stock = costing.receive(stock, 1, 49)
    exact = Fraction(49 * 1000, 1100)
    assert stored_average == 0
    assert abs(stock.average_cost - exact) <= Fraction(1, 2) and stock.average_cost == 45


def test_units_leaving_take_their_share_and_the_last_ones_take_the_rest() -> None:
    stock = costing.receive(costing.receive(EMPTY, 2, 100), 1, 101)  # 301 for 3
    stock, leaving = costing.take(stock, 1)
    assert leaving == 100 and stock == StockCost(2, 201, 101)
    stock, leaving = costing.take(stock, 2)
    assert leaving == 201 and stock == StockCost(0, 0, 101)


def test_an_empty_level_keeps_its_last_average_for_units_coming_back() -> None:
    stock, _ = costing.take(costing.receive(EMPTY, 4, 250), 4)
    stock, entering = costing.restock(stock, 2)
    assert entering == 500 and stock == StockCost(2, 500, 250)


def test_units_coming_back_enter_at_the_average_cost() -> None:
    stock = costing.receive(EMPTY, 3, 100)
    stock = costing.receive(stock, 1, 104)  # 404 for 4: 101 each
    stock, entering = costing.restock(stock, 2)
    assert entering == 202 and stock == StockCost(6, 606, 101)


def test_a_transfer_carries_the_sources_value_to_the_destination() -> None:
    source = costing.receive(EMPTY, 10, 300)
    destination = costing.receive(EMPTY, 10, 100)
    source, value = costing.take(source, 5)
    destination = costing.receive_value(destination, 5, value)
    assert value == 1500 and destination == StockCost(15, 2500, 167)
    assert source == StockCost(5, 1500, 300)


def test_a_partly_received_transfer_values_the_units_that_arrived() -> None:
    assert costing.value_share(1000, 2, 3) == 667
    assert costing.value_share(1001, 1, 2) == 501
    with pytest.raises(ValueError):
        costing.value_share(10, 1, 0)


def test_a_receipt_into_a_negative_level_starts_afresh_at_the_received_cost() -> None:
    short = StockCost(on_hand=-2, stock_value=0, average_cost=90)
    assert costing.receive(short, 5, 120) == StockCost(3, 360, 120)
    assert costing.receive(short, 2, 120) == StockCost(0, 0, 120)
    assert costing.receive(short, 1, 120) == StockCost(-1, 0, 120)


def test_taking_more_than_on_hand_takes_all_the_value_and_keeps_the_average() -> None:
    stock, leaving = costing.take(costing.receive(EMPTY, 2, 80), 3)
    assert leaving == 160 and stock == StockCost(-1, 0, 80)


def test_bad_quantities_and_costs_are_refused() -> None:
    with pytest.raises(ValueError):
        costing.receive(EMPTY, 0, 10)
    with pytest.raises(ValueError):
        costing.receive(EMPTY, 1, -1)
    with pytest.raises(ValueError):
        costing.receive_value(EMPTY, 1, -5)
    with pytest.raises(ValueError):
        costing.take(EMPTY, 0)
    with pytest.raises(ValueError):
        costing.restock(EMPTY, -1)


# Properties: against the exact moving average, where only receipts change the average -------


@dataclass
class Exact:
    """The exact model and what the module promises about the distance to it."""

    on_hand: int
    average: Fraction
    bound: Fraction  # how far the value per unit may be from `average`
    received: int
    taken: int


costs = st.integers(min_value=0, max_value=10**9)
quantities = st.integers(min_value=1, max_value=10**4)
receipts = st.tuples(st.just("receive"), quantities, costs)
movements = st.one_of(
    receipts,
    st.tuples(st.just("take"), quantities, st.just(0)),
    st.tuples(st.just("restock"), quantities, st.just(0)),
)


def step(stock: StockCost, exact: Exact, movement: tuple[str, int, int]) -> StockCost:
    """Apply one movement to both, keeping takes within on_hand as the ledger does."""
    kind, quantity, cost = movement
    if kind == "receive":
        after = costing.receive(stock, quantity, cost)
        total = exact.on_hand + quantity
        if exact.on_hand == 0:
            exact.average, exact.bound = Fraction(cost), Fraction(0)
        else:
            exact.average = (exact.on_hand * exact.average + quantity * cost) / total
            exact.bound = exact.bound * exact.on_hand / total
        exact.received += quantity * cost
    elif kind == "take":
        quantity = min(quantity, stock.on_hand)
        if quantity == 0:
            return stock
        after, leaving = costing.take(stock, quantity)
        exact.taken += leaving
        if after.on_hand:
            exact.bound += Fraction(1, 2 * after.on_hand)
    else:
        was_empty = stock.on_hand == 0
        after, entering = costing.restock(stock, quantity)
        exact.received += entering
        exact.bound += Fraction(1, 2) if was_empty else Fraction(quantity, 2 * after.on_hand)
    exact.on_hand = after.on_hand
    return after


@given(st.lists(receipts, min_size=1, max_size=30))
def test_with_receipts_only_the_average_is_the_exact_weighted_average_within_half_a_unit(
    moves: list[tuple[str, int, int]],
) -> None:
    stock = EMPTY
    for _, quantity, cost in moves:
        stock = costing.receive(stock, quantity, cost)
    exact = Fraction(sum(q * c for _, q, c in moves), sum(q for _, q, _ in moves))
    assert abs(stock.average_cost - exact) <= Fraction(1, 2)
    assert stock.stock_value == sum(q * c for _, q, c in moves)


@given(st.lists(movements, min_size=1, max_size=40))
def test_value_is_conserved_never_negative_and_stays_within_its_bound_of_the_exact_average(
    moves: list[tuple[str, int, int]],
) -> None:
    stock = EMPTY
    exact = Exact(0, Fraction(EMPTY.average_cost), Fraction(0), 0, 0)
    for movement in moves:
        stock = step(stock, exact, movement)
        assert stock.on_hand == exact.on_hand >= 0
        assert stock.stock_value >= 0
        assert exact.received == stock.stock_value + exact.taken
        if stock.on_hand == 0:
            assert stock.stock_value == 0
            continue
        per_unit = Fraction(stock.stock_value, stock.on_hand)
        assert abs(per_unit - exact.average) <= exact.bound
        assert abs(stock.average_cost - exact.average) <= exact.bound + Fraction(1, 2)
        assert stock.average_cost == round_half_up(stock.stock_value, stock.on_hand)


@given(st.lists(movements, max_size=40), receipts)
def test_a_receipt_into_an_empty_level_clears_the_error(
    moves: list[tuple[str, int, int]], receipt: tuple[str, int, int]
) -> None:
    stock = EMPTY
    exact = Exact(0, Fraction(EMPTY.average_cost), Fraction(0), 0, 0)
    for movement in moves:
        stock = step(stock, exact, movement)
    if stock.on_hand:
        stock = step(stock, exact, ("take", stock.on_hand, 0))
    stock = step(stock, exact, receipt)
    assert stock.average_cost == receipt[2] and stock.stock_value == receipt[1] * receipt[2]
