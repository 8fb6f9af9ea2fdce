"""Properties the pricing engine keeps whatever the promotions, checked with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.money import BPS, round_half_up
from chalicelib.promotions import engine
from chalicelib.promotions.types import (
    PricingContext,
    Promotion,
    PromotionKind,
    Reason,
    SaleLine,
)

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
CONTEXT = PricingContext(
    store_id="S1",
    local_now=datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Africa/Douala")),
    category_ancestors={"MEDS": ("HEALTH",), "HEALTH": ()},
)
ID_POOL = [f"PROMO{n:02d}" for n in range(20)]


@st.composite
def promotions(draw: st.DrawFn, stackable: bool | None = None) -> Promotion:
    kind = draw(st.sampled_from(list(PromotionKind)))
    fields: dict[str, Any] = {
        "id": draw(st.sampled_from(ID_POOL)),
        "name": "promo",
        "kind": kind,
        "created_at": CREATED + timedelta(days=draw(st.integers(0, 3))),
        "priority": draw(st.integers(0, 2)),
        "stackable": draw(st.booleans()) if stackable is None else stackable,
        "min_quantity": draw(st.integers(0, 4)),
        "product_ids": draw(st.sampled_from([frozenset(), frozenset({"P1"}), frozenset({"P2"})])),
        "category_ids": draw(st.sampled_from([frozenset(), frozenset({"HEALTH"})])),
        "store_ids": draw(st.sampled_from([frozenset(), frozenset({"S1"}), frozenset({"S2"})])),
        "active": draw(st.integers(0, 9)) > 0,
    }
    if kind == PromotionKind.PERCENT:
        fields["percent_bps"] = draw(st.integers(0, BPS))
    elif kind == PromotionKind.AMOUNT:
        fields["amount"] = draw(st.integers(0, 3000))
    else:
        fields.update(buy_qty=draw(st.integers(1, 4)), get_qty=draw(st.integers(1, 3)))
    return Promotion(**fields)


@st.composite
def sale_lines(draw: st.DrawFn) -> SaleLine:
    quantity = draw(st.integers(1, 20))
    unit_price = draw(st.integers(0, 5000))
    return SaleLine(
        product_id=draw(st.sampled_from(["P1", "P2", "P3"])),
        category_id=draw(st.sampled_from(["MEDS", "TOYS", None])),
        quantity=quantity,
        unit_price=unit_price,
        discount=draw(st.integers(0, quantity * unit_price)),
    )


promotion_lists = st.lists(promotions(), max_size=8, unique_by=lambda p: p.id)


@given(sale_lines(), promotion_lists)
def test_a_lines_discount_never_exceeds_its_amount(line: SaleLine, offers: list[Promotion]) -> None:
    result = engine.price_line(line, offers, CONTEXT)
    assert 0 <= result.promotion_discount <= line.amount
    assert result.promotion_discount == sum(applied.amount for applied in result.promotions)
    assert all(applied.amount > 0 for applied in result.promotions)


@given(sale_lines(), promotion_lists, promotions(stackable=False))
def test_adding_a_non_stackable_promotion_never_makes_the_customer_pay_more(
    line: SaleLine, offers: list[Promotion], extra: Promotion
) -> None:
    others = [offer for offer in offers if offer.id != extra.id]
    before = engine.price_line(line, others, CONTEXT).promotion_discount
    after = engine.price_line(line, [*others, extra], CONTEXT).promotion_discount
    assert after >= before


@given(sale_lines(), promotion_lists, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_promotions_are_listed_in(
    line: SaleLine, offers: list[Promotion], shuffler: Any
) -> None:
    shuffled = list(offers)
    shuffler.shuffle(shuffled)
    assert engine.price_line(line, shuffled, CONTEXT) == engine.price_line(line, offers, CONTEXT)
    twice = engine.price_line(line, offers + shuffled, CONTEXT)
    assert twice == engine.price_line(line, offers, CONTEXT)


@given(sale_lines(), promotion_lists)
def test_every_eligible_promotion_is_explained_once_and_no_other(
    line: SaleLine, offers: list[Promotion]
) -> None:
    result = engine.price_line(line, offers, CONTEXT)
    listed = [p.id for p in result.promotions] + [p.id for p in result.not_applied]
    eligible = sorted(p.id for p in offers if engine.is_eligible(p, line, CONTEXT))
    assert sorted(listed) == eligible


@given(sale_lines(), promotion_lists)
def test_the_single_promotion_applied_is_the_most_generous_and_the_losers_say_why(
    line: SaleLine, offers: list[Promotion]
) -> None:
    result = engine.price_line(line, offers, CONTEXT)
    singles = {p.id: p for p in offers if not p.stackable and engine.is_eligible(p, line, CONTEXT)}
    alone = {
        pid: min(engine.promotion_value(p, line, line.gross), line.amount)
        for pid, p in singles.items()
    }
    winners = [applied for applied in result.promotions if applied.id in singles]
    assert len(winners) <= 1
    best = winners[0].amount if winners else 0
    assert best == max(alone.values(), default=0)
    for lost in result.not_applied:
        if lost.id in singles:
            expected = (
                Reason.NOTHING_OFF
                if alone[lost.id] == 0
                else Reason.NOT_STACKABLE
                if alone[lost.id] == best
                else Reason.LESS_GENEROUS
            )
            assert lost.reason == expected


@given(sale_lines(), promotion_lists)
def test_stackables_apply_after_the_single_one_free_units_then_percents_then_amounts(
    line: SaleLine, offers: list[Promotion]
) -> None:
    """A model of API.md's stacking, written out step by step, gives the same amounts."""
    result = engine.price_line(line, offers, CONTEXT)
    by_id = {p.id: p for p in offers}
    applied = list(result.promotions)
    taken = 0
    if applied and not by_id[applied[0].id].stackable:
        taken = applied.pop(0).amount
    kinds = [by_id[a.id].kind for a in applied]
    order = [PromotionKind.BUY_X_GET_Y, PromotionKind.PERCENT, PromotionKind.AMOUNT]
    assert kinds == sorted(kinds, key=order.index)
    for step in applied:
        promotion = by_id[step.id]
        assert promotion.stackable
        if promotion.kind == PromotionKind.PERCENT:
            raw = round_half_up((line.gross - taken) * promotion.percent_bps, BPS)
        elif promotion.kind == PromotionKind.AMOUNT:
            raw = promotion.amount * line.quantity
        else:
            free = line.quantity // (promotion.buy_qty + promotion.get_qty) * promotion.get_qty
            raw = free * line.unit_price
        assert step.amount == min(raw, line.amount - taken)
        taken += step.amount
    assert taken == result.promotion_discount


@given(st.lists(sale_lines(), min_size=1, max_size=5), promotion_lists)
def test_a_sale_is_its_lines_priced_one_by_one(
    lines: list[SaleLine], offers: list[Promotion]
) -> None:
    assert engine.price_sale(lines, offers, CONTEXT) == [
        engine.price_line(line, offers, CONTEXT) for line in lines
    ]
