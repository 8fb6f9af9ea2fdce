"""Lots with expiry dates: what may be sold, FEFO, losses, counts and the cap, without AWS."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.stock import lots as L
from chalicelib.stock.lots import Lot, LotQuantity

TODAY = date(2026, 11, 21)
YESTERDAY = TODAY - timedelta(days=1)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def shelf() -> dict[str, Lot]:
    """A pharmacy shelf: one lot expired yesterday, one expiring today, two later ones."""
    return {
        "OLD": Lot(4, YESTERDAY),
        "TODAY": Lot(3, TODAY),
        "B-LATE": Lot(10, day(90)),
        "A-SOON": Lot(5, day(20)),
    }


def test_a_lot_is_expired_the_day_after_its_date() -> None:
    assert L.is_expired(YESTERDAY, TODAY)
    assert not L.is_expired(TODAY, TODAY)
    assert not L.is_expired(day(1), TODAY)


def test_on_hand_counts_every_lot_and_available_only_the_unexpired() -> None:
    lots = shelf()
    assert L.on_hand(lots) == 22
    assert L.available(lots, TODAY) == 18
    assert L.expired(lots, TODAY) == 4
    assert L.available(lots, day(21)) == 10  # the passing of midnight is enough: no job needed


def test_fefo_takes_the_earliest_date_first_and_names_break_ties() -> None:
    lots = {"Z": Lot(1, day(5)), "A": Lot(1, day(5)), "M": Lot(1, day(2)), "X": Lot(1, day(-2))}
    assert L.fefo(lots, TODAY) == ["M", "A", "Z"]
    assert L.loss_order(lots, TODAY) == ["X", "M", "A", "Z"]


def test_a_sale_takes_unexpired_lots_first_expiring_first() -> None:
    change = L.take(shelf(), 6, TODAY)
    assert change.parts == (LotQuantity("TODAY", TODAY, 3), LotQuantity("A-SOON", day(20), 3))
    assert change.lots == {
        "OLD": Lot(4, YESTERDAY),
        "B-LATE": Lot(10, day(90)),
        "A-SOON": Lot(2, day(20)),
    }


def test_a_sale_served_only_by_expired_stock_is_short() -> None:
    lots = {"OLD": Lot(4, YESTERDAY), "NEW": Lot(1, day(3))}
    with pytest.raises(L.LotShortageError) as short:
        L.take(lots, 2, TODAY)
    assert (short.value.requested, short.value.available) == (2, 1)
    assert lots == {"OLD": Lot(4, YESTERDAY), "NEW": Lot(1, day(3))}  # nothing changed


def test_a_reservation_made_yesterday_can_fall_short_after_midnight() -> None:
    lots = {"L1": Lot(2, YESTERDAY)}
    assert L.take(lots, 2, YESTERDAY).parts == (LotQuantity("L1", YESTERDAY, 2),)
    with pytest.raises(L.LotShortageError):
        L.take(lots, 2, TODAY)


def test_a_loss_without_a_lot_takes_expired_stock_first() -> None:
    change = L.take_loss(shelf(), 6, TODAY)
    assert change.parts == (LotQuantity("OLD", YESTERDAY, 4), LotQuantity("TODAY", TODAY, 2))


def test_a_loss_naming_a_lot_takes_that_lot_even_expired() -> None:
    change = L.take_lot(shelf(), "OLD", 4)
    assert change.parts == (LotQuantity("OLD", YESTERDAY, 4),)
    assert "OLD" not in change.lots
    with pytest.raises(L.LotShortageError):
        L.take_lot(shelf(), "OLD", 5)
    with pytest.raises(L.LotShortageError) as unknown:
        L.take_lot(shelf(), "NOPE", 1)
    assert unknown.value.available == 0


def test_receiving_adds_to_a_lot_of_the_same_date_or_creates_it() -> None:
    lots = L.receive(shelf(), "A-SOON", 5, day(20))
    assert lots["A-SOON"] == Lot(10, day(20))
    lots = L.receive(lots, "C-NEW", 2, day(-30))  # already past: accepted, counts as expired
    assert lots["C-NEW"] == Lot(2, day(-30)) and L.expired(lots, TODAY) == 6


def test_a_lot_keeps_its_date() -> None:
    with pytest.raises(L.LotDateMismatchError):
        L.receive(shelf(), "A-SOON", 1, day(21))


def test_a_lot_left_at_zero_in_a_stored_map_is_a_new_lot() -> None:
    lots = L.receive({"A": Lot(0, day(1))}, "A", 3, day(9))
    assert lots == {"A": Lot(3, day(9))}


def test_receiving_needs_a_lot_and_units() -> None:
    with pytest.raises(L.LotRequiredError):
        L.receive({}, "", 1, TODAY)
    with pytest.raises(ValueError):
        L.receive({}, "A", 0, TODAY)
    with pytest.raises(ValueError):
        L.take(shelf(), 0, TODAY)


def test_at_most_a_hundred_lots_hold_stock() -> None:
    full = {f"L{n:03d}": Lot(1, day(n)) for n in range(L.MAX_LOTS)}
    assert L.receive(full, "L000", 1, day(0))["L000"] == Lot(2, day(0))
    with pytest.raises(L.TooManyLotsError):
        L.receive(full, "EXTRA", 1, day(1))
    emptied = L.take_lot(full, "L000", 1).lots
    assert L.lots_with_stock(L.receive(emptied, "EXTRA", 1, day(1))) == L.MAX_LOTS
    with_a_zero = {**full, "L000": Lot(0, day(0))}
    assert "EXTRA" in L.receive(with_a_zero, "EXTRA", 1, day(1))


def test_a_transfer_moves_lots_with_their_dates() -> None:
    sent = L.take(shelf(), 8, TODAY)
    arrived = L.put_back({"A-SOON": Lot(1, day(20))}, sent.parts)
    assert arrived == {"TODAY": Lot(3, TODAY), "A-SOON": Lot(6, day(20))}


def test_an_adjustment_into_a_known_lot_keeps_its_date() -> None:
    change = L.adjust(shelf(), 2, TODAY, lot="B-LATE")
    assert change.lots["B-LATE"] == Lot(12, day(90))
    assert change.parts == (LotQuantity("B-LATE", day(90), 2),)


def test_an_adjustment_into_a_new_lot_needs_its_date() -> None:
    with pytest.raises(L.ExpiryDateRequiredError):
        L.adjust(shelf(), 2, TODAY, lot="NEW")
    change = L.adjust(shelf(), 2, TODAY, lot="NEW", expiry_date=day(5))
    assert change.lots["NEW"] == Lot(2, day(5))


def test_units_appearing_without_a_lot_are_refused() -> None:
    with pytest.raises(L.LotRequiredError):
        L.adjust(shelf(), 1, TODAY)


def test_a_negative_adjustment_without_a_lot_goes_like_a_loss() -> None:
    change = L.adjust(shelf(), -5, TODAY)
    assert change.parts == (LotQuantity("OLD", YESTERDAY, -4), LotQuantity("TODAY", TODAY, -1))
    named = L.adjust(shelf(), -1, TODAY, lot="B-LATE")
    assert named.parts == (LotQuantity("B-LATE", day(90), -1),)
    assert L.adjust(shelf(), 0, TODAY).parts == ()


def test_a_count_of_one_lot_sets_that_lot() -> None:
    change = L.count(shelf(), 7, TODAY, lot="A-SOON")
    assert change.lots["A-SOON"] == Lot(7, day(20))
    assert change.parts == (LotQuantity("A-SOON", day(20), 2),)
    assert "A-SOON" not in L.count(shelf(), 0, TODAY, lot="A-SOON").lots
    found = L.count(shelf(), 3, TODAY, lot="FOUND", expiry_date=day(40))
    assert found.lots["FOUND"] == Lot(3, day(40))


def test_a_count_of_the_whole_product_removes_like_a_loss_and_cannot_add() -> None:
    change = L.count(shelf(), 20, TODAY)
    assert change.parts == (LotQuantity("OLD", YESTERDAY, -2),)
    with pytest.raises(L.LotRequiredError):
        L.count(shelf(), 23, TODAY)
    with pytest.raises(ValueError):
        L.count(shelf(), -1, TODAY)


def test_taken_parts_are_recorded_as_the_api_shows_them() -> None:
    part = LotQuantity("A-SOON", day(20), 3)
    assert part.as_dict() == {"lot": "A-SOON", "expiry_date": "2026-12-11", "quantity": 3}


# Properties ---------------------------------------------------------------------------------

lot_names = st.sampled_from(["A", "B", "C", "D", "E", "F"])
lot_maps = st.dictionaries(
    lot_names,
    st.builds(Lot, st.integers(1, 30), st.integers(-5, 5).map(day)),
    max_size=6,
)
operations = st.one_of(
    st.tuples(st.just("take"), st.integers(1, 40), st.none()),
    st.tuples(st.just("loss"), st.integers(1, 40), st.none()),
    st.tuples(st.just("take_lot"), st.integers(1, 40), lot_names),
    st.tuples(st.just("receive"), st.integers(1, 40), lot_names),
    st.tuples(st.just("adjust"), st.integers(-40, 40), lot_names),
    st.tuples(st.just("count"), st.integers(0, 60), st.none()),
)


def apply(
    lots: dict[str, Lot], operation: tuple[str, int, str | None]
) -> tuple[dict[str, Lot], int]:
    """One operation and the signed change of on_hand its parts report."""
    kind, quantity, lot = operation
    if kind == "receive":
        assert lot is not None
        expiry = lots[lot].expiry_date if lot in lots else day(len(lot))
        return L.receive(lots, lot, quantity, expiry), quantity
    if kind == "adjust":
        change = L.adjust(lots, quantity, TODAY, lot=lot, expiry_date=day(3))
        return change.lots, sum(part.quantity for part in change.parts)
    if kind == "count":
        change = L.count(lots, quantity, TODAY)
        return change.lots, sum(part.quantity for part in change.parts)
    if kind == "take":
        change = L.take(lots, quantity, TODAY)
    elif kind == "loss":
        change = L.take_loss(lots, quantity, TODAY)
    else:
        assert lot is not None
        change = L.take_lot(lots, lot, quantity)
    return change.lots, -sum(part.quantity for part in change.parts)


@given(lot_maps, st.lists(operations, max_size=25))
def test_on_hand_is_the_sum_of_the_lots_whatever_happens(
    start: dict[str, Lot], steps: list[tuple[str, int, str | None]]
) -> None:
    lots, tracked = start, L.on_hand(start)
    for operation in steps:
        before = dict(lots)
        try:
            lots, moved = apply(lots, operation)
        except L.LotError:
            assert lots == before
            continue
        tracked += moved
        assert L.on_hand(lots) == tracked
        assert all(lot.quantity > 0 for lot in lots.values())
        assert L.lots_with_stock(lots) <= L.MAX_LOTS


@given(lot_maps, st.integers(1, 200))
def test_a_sale_never_takes_an_expired_unit_nor_more_than_a_lot_holds(
    lots: dict[str, Lot], quantity: int
) -> None:
    as_read = dict(lots)
    try:
        change = L.take(lots, quantity, TODAY)
    except L.LotShortageError as short:
        assert short.available == L.available(lots, TODAY) < quantity
        return
    assert sum(part.quantity for part in change.parts) == quantity
    for part in change.parts:
        assert not L.is_expired(part.expiry_date, TODAY)
        assert part.expiry_date == lots[part.lot].expiry_date
        assert 0 < part.quantity <= lots[part.lot].quantity
    assert L.expired(change.lots, TODAY) == L.expired(lots, TODAY)
    assert lots == as_read


@given(lot_maps, st.integers(1, 200))
def test_a_sale_empties_each_earlier_expiring_lot_before_it_touches_a_later_one(
    lots: dict[str, Lot], quantity: int
) -> None:
    try:
        change = L.take(lots, quantity, TODAY)
    except L.LotShortageError:
        return
    order = L.fefo(lots, TODAY)
    taken = [part.lot for part in change.parts]
    assert taken == order[: len(taken)]
    for name in taken[:-1]:
        assert name not in change.lots
    for name in order[len(taken) :]:
        assert change.lots[name] == lots[name]


@given(lot_maps, st.integers(1, 200))
def test_a_loss_without_a_lot_takes_every_expired_unit_before_a_fresh_one(
    lots: dict[str, Lot], quantity: int
) -> None:
    try:
        change = L.take_loss(lots, quantity, TODAY)
    except L.LotShortageError:
        assert L.on_hand(lots) < quantity
        return
    fresh_taken = any(not L.is_expired(part.expiry_date, TODAY) for part in change.parts)
    if fresh_taken:
        assert L.expired(change.lots, TODAY) == 0
    assert [part.lot for part in change.parts] == L.loss_order(lots, TODAY)[: len(change.parts)]
