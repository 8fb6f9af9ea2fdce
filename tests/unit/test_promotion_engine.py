"""The pricing engine of API.md "Promotions": eligibility and pricing, without AWS."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chalicelib.promotions import engine
from chalicelib.promotions.types import (
    REASON_TEXTS,
    AppliedPromotion,
    LinePricing,
    NotApplied,
    PricingContext,
    Promotion,
    PromotionKind,
    Reason,
    SaleLine,
)

DOUALA = ZoneInfo("Africa/Douala")
FRIDAY_NOON = datetime(2026, 11, 20, 12, 0, tzinfo=DOUALA)
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
PERCENT, AMOUNT, BXGY = PromotionKind.PERCENT, PromotionKind.AMOUNT, PromotionKind.BUY_X_GET_Y


def promo(pid: str, kind: PromotionKind = PERCENT, **fields: Any) -> Promotion:
    defaults: dict[str, Any] = {"name": f"promo {pid}", "created_at": CREATED}
    if kind == PERCENT:
        defaults["percent_bps"] = 1000
    elif kind == AMOUNT:
        defaults["amount"] = 100
    else:
        defaults.update(buy_qty=2, get_qty=1)
    return Promotion(id=pid, kind=kind, **(defaults | fields))


def line(quantity: int = 2, unit_price: int = 1000, **fields: Any) -> SaleLine:
    values: dict[str, Any] = {"product_id": "P1", "category_id": "MEDS"}
    return SaleLine(quantity=quantity, unit_price=unit_price, **(values | fields))


def context(moment: datetime = FRIDAY_NOON, store: str = "S1") -> PricingContext:
    ancestors = {"MEDS": ("HEALTH", "ALL_GOODS"), "HEALTH": ("ALL_GOODS",), "ALL_GOODS": ()}
    return PricingContext(store_id=store, local_now=moment, category_ancestors=ancestors)


def priced(sale_line: SaleLine, *promotions: Promotion, at: datetime = FRIDAY_NOON) -> LinePricing:
    return engine.price_line(sale_line, promotions, context(at))


def applied_ids(result: LinePricing) -> list[str]:
    return [promotion.id for promotion in result.promotions]


# What each kind takes off ------------------------------------------------------------------


def test_a_percent_is_computed_on_unit_price_times_quantity_rounded_half_up() -> None:
    result = priced(line(3, 333), promo("A", percent_bps=1250))  # 999 x 12.5 % = 124.875
    assert result == LinePricing(125, (AppliedPromotion("A", "promo A", 125),), ())
    assert priced(line(1, 5), promo("B", percent_bps=5000)).promotion_discount == 3  # 2.5 up


def test_an_amount_comes_off_each_unit() -> None:
    assert priced(line(3, 1000), promo("A", AMOUNT, amount=150)).promotion_discount == 450


def test_buy_two_get_one_frees_one_unit_in_each_full_group_of_three() -> None:
    assert priced(line(7, 500), promo("A", BXGY)).promotion_discount == 1000
    assert priced(line(6, 500), promo("A", BXGY, buy_qty=1, get_qty=2)).promotion_discount == 2000


def test_a_buy_and_get_without_a_full_group_takes_nothing_and_says_so() -> None:
    result = priced(line(2, 500), promo("A", BXGY))
    assert result == LinePricing(0, (), (NotApplied("A", "promo A", Reason.NOTHING_OFF),))


def test_a_zero_percent_takes_nothing() -> None:
    result = priced(line(), promo("A", percent_bps=0))
    assert result.promotion_discount == 0 and result.not_applied[0].reason == Reason.NOTHING_OFF


# The best non-stackable one ----------------------------------------------------------------


def test_the_most_generous_non_stackable_promotion_wins() -> None:
    result = priced(line(2, 1000), promo("A", percent_bps=1000), promo("B", AMOUNT, amount=150))
    assert applied_ids(result) == ["B"] and result.promotion_discount == 300
    assert result.not_applied == (NotApplied("A", "promo A", Reason.LESS_GENEROUS),)


def test_a_tie_goes_to_the_higher_priority() -> None:
    low = promo("A", percent_bps=1000, priority=1)
    high = promo("Z", AMOUNT, amount=100, priority=5)
    result = priced(line(2, 1000), low, high)
    assert applied_ids(result) == ["Z"]
    assert result.not_applied == (NotApplied("A", "promo A", Reason.NOT_STACKABLE),)


def test_then_to_the_older_one_then_to_the_smaller_id() -> None:
    older = promo("Z", created_at=CREATED - timedelta(days=1))
    assert applied_ids(priced(line(), promo("A"), older)) == ["Z"]
    assert applied_ids(priced(line(), promo("B"), promo("A"))) == ["A"]


def test_generosity_is_measured_after_the_ceiling() -> None:
    capped = promo("A", AMOUNT, amount=5000, priority=0)
    whole = promo("B", percent_bps=10000, priority=9)
    result = priced(line(1, 1000), capped, whole)
    assert applied_ids(result) == ["B"] and result.not_applied[0].reason == Reason.NOT_STACKABLE


# Stacking -----------------------------------------------------------------------------------


def test_stackables_follow_the_single_one_percent_before_amount() -> None:
    single = promo("S", AMOUNT, amount=100)  # 2 x 100 = 200 off 2000
    percent = promo("P", percent_bps=1000, stackable=True)  # 10 % of 1800 = 180
    amount = promo("M", AMOUNT, amount=50, stackable=True, priority=99)  # 2 x 50 = 100
    result = priced(line(2, 1000), amount, percent, single)
    assert result.promotions == (
        AppliedPromotion("S", "promo S", 200),
        AppliedPromotion("P", "promo P", 180),
        AppliedPromotion("M", "promo M", 100),
    )
    assert result.promotion_discount == 480


def test_stacked_percents_apply_one_after_the_other_by_priority() -> None:
    first = promo("B", percent_bps=5000, stackable=True, priority=2)
    second = promo("A", percent_bps=1000, stackable=True, priority=1)
    result = priced(line(1, 999), second, first)  # 50 % of 999 = 499.5 -> 500; 10 % of 499
    assert result.promotions == (
        AppliedPromotion("B", "promo B", 500),
        AppliedPromotion("A", "promo A", 50),
    )


def test_free_units_come_before_stacked_percents() -> None:
    free = promo("F", BXGY, stackable=True)
    percent = promo("P", percent_bps=1000, stackable=True, priority=10)
    result = priced(line(3, 100), percent, free)  # 1 free of 3: 100, then 10 % of 200
    assert applied_ids(result) == ["F", "P"] and result.promotion_discount == 120


def test_stackables_apply_without_any_single_one() -> None:
    result = priced(line(2, 1000), promo("P", percent_bps=2500, stackable=True))
    assert result.promotion_discount == 500


# Never below zero ---------------------------------------------------------------------------


def test_a_line_never_goes_below_zero() -> None:
    result = priced(
        line(2, 100), promo("A", AMOUNT, amount=80), promo("B", AMOUNT, amount=70, stackable=True)
    )
    assert result.promotions == (
        AppliedPromotion("A", "promo A", 160),
        AppliedPromotion("B", "promo B", 40),
    )
    late = priced(line(1, 100), promo("A", percent_bps=10000), promo("C", stackable=True))
    assert late.promotion_discount == 100
    assert late.not_applied == (NotApplied("C", "promo C", Reason.NOTHING_OFF),)


def test_the_sellers_own_discount_lowers_the_ceiling_but_not_the_percent_base() -> None:
    result = priced(line(1, 1000, discount=950), promo("A", percent_bps=1000))
    assert result.promotion_discount == 50
    assert (
        priced(line(1, 1000, discount=200), promo("A", percent_bps=1000)).promotion_discount == 100
    )
    assert priced(line(1, 1000, discount=1000), promo("A")).promotion_discount == 0


# Eligibility --------------------------------------------------------------------------------


def test_a_promotion_naming_neither_products_nor_categories_covers_every_product() -> None:
    assert priced(line(product_id="ANY", category_id=None), promo("A")).promotion_discount == 200


def test_products_and_categories_with_their_sub_categories() -> None:
    assert priced(line(), promo("A", product_ids=frozenset({"P1"}))).promotion_discount == 200
    assert priced(line(), promo("A", product_ids=frozenset({"P2"}))) == LinePricing(0)
    assert priced(line(), promo("A", category_ids=frozenset({"HEALTH"}))).promotion_discount == 200
    assert priced(line(), promo("A", category_ids=frozenset({"MEDS"}))).promotion_discount == 200
    assert priced(line(), promo("A", category_ids=frozenset({"TOYS"}))) == LinePricing(0)
    assert priced(
        line(category_id=None), promo("A", category_ids=frozenset({"MEDS"}))
    ) == LinePricing(0)
    either = promo("A", product_ids=frozenset({"P9"}), category_ids=frozenset({"ALL_GOODS"}))
    assert priced(line(), either).promotion_discount == 200


def test_only_in_its_stores() -> None:
    only_s2 = promo("A", store_ids=frozenset({"S2"}))
    assert engine.price_line(line(), [only_s2], context(store="S1")) == LinePricing(0)
    assert engine.price_line(line(), [only_s2], context(store="S2")).promotion_discount == 200


def test_only_from_its_minimum_quantity_on_the_line() -> None:
    assert priced(line(2), promo("A", min_quantity=3)) == LinePricing(0)
    assert priced(line(3), promo("A", min_quantity=3)).promotion_discount == 300


def test_an_inactive_promotion_is_not_even_listed() -> None:
    assert priced(line(), promo("A", active=False)) == LinePricing(0)


def test_the_date_range_includes_its_start_and_excludes_its_end() -> None:
    start = FRIDAY_NOON.astimezone(UTC)
    ranged = promo("A", starts_at=start, ends_at=start + timedelta(hours=1))
    assert priced(line(), ranged, at=FRIDAY_NOON).promotion_discount == 200
    assert priced(line(), ranged, at=FRIDAY_NOON - timedelta(seconds=1)) == LinePricing(0)
    assert priced(line(), ranged, at=FRIDAY_NOON + timedelta(minutes=59)).promotion_discount == 200
    assert priced(line(), ranged, at=FRIDAY_NOON + timedelta(hours=1)) == LinePricing(0)


def test_days_of_week_are_tenant_local_with_monday_as_one() -> None:
    fridays = promo("A", days_of_week=frozenset({5}))
    assert priced(line(), fridays).promotion_discount == 200
    friday_early_in_douala = datetime(2026, 11, 20, 0, 30, tzinfo=DOUALA)  # Thursday in UTC
    assert friday_early_in_douala.astimezone(UTC).isoweekday() == 4
    assert priced(line(), fridays, at=friday_early_in_douala).promotion_discount == 200
    assert priced(line(), fridays, at=FRIDAY_NOON + timedelta(days=1)) == LinePricing(0)
    sundays = promo("A", days_of_week=frozenset({7}))
    assert priced(line(), sundays, at=FRIDAY_NOON + timedelta(days=2)).promotion_discount == 200


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(2026, 11, 20 + days, hour, minute, tzinfo=DOUALA)


@pytest.mark.parametrize(
    ("moment", "applies"),
    [(at(16, 59), False), (at(17), True), (at(18, 59), True), (at(19), False)],
)
def test_a_happy_hour_includes_its_start_and_not_its_end(moment: datetime, applies: bool) -> None:
    happy = promo("A", start_time=time(17), end_time=time(19))
    assert (priced(line(), happy, at=moment).promotion_discount > 0) is applies


@pytest.mark.parametrize(
    ("moment", "applies"),
    [
        (at(21, 59), False),
        (at(22), True),  # Friday night
        (at(1, 59, days=1), True),  # Saturday small hours: still Friday's night
        (at(2, days=1), False),
        (at(1, 0), False),  # Friday small hours belong to Thursday's night
        (at(23, days=1), False),  # Saturday night: not a Friday
    ],
)
def test_a_window_past_midnight_belongs_to_the_day_it_opened(
    moment: datetime, applies: bool
) -> None:
    night = promo("A", days_of_week=frozenset({5}), start_time=time(22), end_time=time(2))
    assert (priced(line(), night, at=moment).promotion_discount > 0) is applies


def test_a_sunday_night_runs_into_monday() -> None:
    night = promo("A", days_of_week=frozenset({7}), start_time=time(22), end_time=time(2))
    monday_one_am = datetime(2026, 11, 23, 1, 0, tzinfo=DOUALA)
    assert priced(line(), night, at=monday_one_am).promotion_discount == 200


def test_equal_times_make_a_whole_day_from_the_start_and_half_windows_run_to_the_day_edge() -> None:
    whole = promo("A", start_time=time(6), end_time=time(6), days_of_week=frozenset({5}))
    assert priced(line(), whole, at=at(6)).promotion_discount == 200
    assert priced(line(), whole, at=at(5, 59, days=1)).promotion_discount == 200
    assert priced(line(), whole, at=at(5, 59)) == LinePricing(0)
    evening = promo("A", start_time=time(18))
    assert priced(line(), evening, at=at(23, 59)).promotion_discount == 200
    assert priced(line(), evening, at=at(17, 59)) == LinePricing(0)
    morning = promo("A", end_time=time(10))
    assert priced(line(), morning, at=at(0)).promotion_discount == 200
    assert priced(line(), morning, at=at(10)) == LinePricing(0)


def test_ineligible_promotions_are_left_out_of_the_explanation() -> None:
    result = priced(line(), promo("A"), promo("B", store_ids=frozenset({"S9"})), promo("C"))
    assert applied_ids(result) == ["A"]
    assert [entry.id for entry in result.not_applied] == ["C"]


# The sale, the inputs -----------------------------------------------------------------------


def test_a_sale_is_priced_line_by_line_and_a_promotion_read_twice_counts_once() -> None:
    meds = promo("A", category_ids=frozenset({"MEDS"}))
    lines = [line(1, 1000), line(1, 500, product_id="P2", category_id="TOYS")]
    result = engine.price_sale(lines, [meds, meds], context())
    assert [pricing.promotion_discount for pricing in result] == [100, 0]


def test_two_different_promotions_under_one_id_are_refused() -> None:
    with pytest.raises(ValueError):
        engine.price_line(line(), [promo("A"), promo("A", percent_bps=2000)], context())


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": PERCENT, "percent_bps": 10001},
        {"kind": PERCENT, "percent_bps": -1},
        {"kind": AMOUNT, "amount": -1},
        {"kind": BXGY, "buy_qty": 0},
        {"kind": BXGY, "get_qty": 0},
        {"min_quantity": -1},
        {"days_of_week": frozenset({0})},
        {"days_of_week": frozenset({8})},
        {"created_at": datetime(2026, 1, 1)},
        {"starts_at": datetime(2026, 1, 1)},
        {"start_time": time(8, tzinfo=UTC)},
    ],
)
def test_a_promotion_that_cannot_be_priced_is_refused(bad: dict[str, Any]) -> None:
    kind = bad.pop("kind", PERCENT)
    with pytest.raises(ValueError):
        promo("A", kind, **bad)


def test_lines_and_the_moment_must_make_sense() -> None:
    bad_values: list[dict[str, Any]] = [{"quantity": 0}, {"unit_price": -1}, {"discount": -1}]
    for bad in bad_values:
        with pytest.raises(ValueError):
            replace(line(), **bad)
    with pytest.raises(ValueError):
        PricingContext(store_id="S1", local_now=datetime(2026, 11, 20, 12))


def test_every_reason_has_its_words() -> None:
    assert set(REASON_TEXTS) == set(Reason)
    assert "less generous" in REASON_TEXTS[Reason.LESS_GENEROUS]
    assert "not stackable" in REASON_TEXTS[Reason.NOT_STACKABLE]
