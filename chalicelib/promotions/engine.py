"""The one pricing engine: which promotions a sale line gets, and how much each takes off.

Sale create, edit, submit and `POST /v1/promotions/preview` all call `price_sale`; it reads
no clock and no table: the caller passes the candidate promotions (see candidates.py), the
store, the tenant-local moment of the sale and the categories' ancestors.

Eligibility (all must hold): `active`; the line's product is in `product_ids`, or its category
or one of that category's ancestors is in `category_ids` (neither list: every product); the
sale's store is in `store_ids` (none: every store); the line's quantity is at least
`min_quantity`; `starts_at` <= the moment < `ends_at` (either may be absent); and the
tenant-local day and time are in the weekly window below.

Weekly window: `start_time` (default 00:00) is included, `end_time` (default the end of the
day) is not. An `end_time` at or before the `start_time` runs past midnight into the next
day, and that night belongs to the day it started on: 22:00-02:00 with days_of_week [5]
applies from Friday 22:00 until Saturday 02:00, not on Friday between 00:00 and 02:00;
equal times make a 24-hour window from `start_time`. No `days_of_week`: every day.

Pricing, per line, in integer minor units:
- A PERCENT takes round_half_up(base x percent_bps / 10000): one rounding per promotion;
  an AMOUNT takes `amount` off each unit; a BUY_X_GET_Y makes `get_qty` units free in each
  full group of `buy_qty + get_qty` units of the line (free units at the line's unit_price).
- Of the eligible promotions that do not stack, the one that takes the most off the line wins
  (computed on unit_price x quantity, capped at the line's amount); ties go to the higher
  `priority`, then to the older `created_at`, then to the smaller id.
- Then every eligible stackable one, in this order: BUY_X_GET_Y, then PERCENT (computed on
  what the line costs by then: unit_price x quantity less the promotions before it), then
  AMOUNT; within a kind the higher priority first, then the older, then the smaller id.
- The seller's own line discount is in no base: it only lowers the ceiling. The line never
  goes below zero: each promotion takes at most what the line has left, so
  `promotion_discount` never exceeds the line's amount.
- The result never depends on the order the promotions are listed in, and the same promotion
  listed twice (read under two index keys) counts once.

`not_applied` lists every eligible promotion that took nothing, with a stable reason code
(Reason; REASON_TEXTS says each in words): LESS_GENEROUS (a non-stackable that takes less than
the one applied), NOT_STACKABLE (a non-stackable as generous as the one applied, which won
the tie), NOTHING_OFF (it would take nothing: no full group, 0 %, or nothing left of the line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time

from chalicelib.money import BPS, round_half_up
from chalicelib.promotions.types import (
    AppliedPromotion,
    LinePricing,
    NotApplied,
    PricingContext,
    Promotion,
    PromotionKind,
    Reason,
    SaleLine,
)

STACKING_ORDER = (PromotionKind.BUY_X_GET_Y, PromotionKind.PERCENT, PromotionKind.AMOUNT)


def price_sale(
    lines: Sequence[SaleLine], promotions: Iterable[Promotion], context: PricingContext
) -> list[LinePricing]:
    """Each line's promotions, in the lines' order."""
    candidates = distinct(promotions)
    return [price_line(line, candidates, context) for line in lines]


def price_line(
    line: SaleLine, promotions: Iterable[Promotion], context: PricingContext
) -> LinePricing:
    """The best non-stackable eligible promotion, then every stackable one, never below zero."""
    eligible = [p for p in distinct(promotions) if is_eligible(p, line, context)]
    applied, not_applied = _best_single(line, [p for p in eligible if not p.stackable])
    taken = sum(promotion.amount for promotion in applied)
    for promotion in sorted((p for p in eligible if p.stackable), key=stacking_key):
        value = min(promotion_value(promotion, line, line.gross - taken), line.amount - taken)
        if value > 0:
            applied.append(AppliedPromotion(promotion.id, promotion.name, value))
            taken += value
        else:
            not_applied.append(NotApplied(promotion.id, promotion.name, Reason.NOTHING_OFF))
    return LinePricing(taken, tuple(applied), tuple(not_applied))


def is_eligible(promotion: Promotion, line: SaleLine, context: PricingContext) -> bool:
    """Active, for this product, store and quantity, and running at this moment."""
    return (
        promotion.active
        and covers_product(promotion, line, context)
        and (not promotion.store_ids or context.store_id in promotion.store_ids)
        and line.quantity >= promotion.min_quantity
        and runs_at(promotion, context.local_now)
    )


def covers_product(promotion: Promotion, line: SaleLine, context: PricingContext) -> bool:
    """Named by product, or by the line's category or one of its ancestors; or every product."""
    if not promotion.product_ids and not promotion.category_ids:
        return True
    if line.product_id in promotion.product_ids:
        return True
    return not promotion.category_ids.isdisjoint(line_categories(line, context))


def line_categories(line: SaleLine, context: PricingContext) -> frozenset[str]:
    """The line's category and every category above it."""
    if line.category_id is None:
        return frozenset()
    return frozenset((line.category_id, *context.category_ancestors.get(line.category_id, ())))


def runs_at(promotion: Promotion, local_now: datetime) -> bool:
    """Within the date range (start included, end excluded) and the weekly window."""
    if promotion.starts_at is not None and local_now < promotion.starts_at:
        return False
    if promotion.ends_at is not None and local_now >= promotion.ends_at:
        return False
    return in_weekly_window(promotion, local_now)


def in_weekly_window(promotion: Promotion, local_now: datetime) -> bool:
    """The day and hours rule; a window past midnight counts for the day it opened on."""
    start = promotion.start_time or time.min
    end = promotion.end_time
    clock, weekday = local_now.time(), local_now.isoweekday()
    if end is None or end > start:
        return start <= clock and (end is None or clock < end) and _on_day(promotion, weekday)
    if clock >= start:
        return _on_day(promotion, weekday)
    return clock < end and _on_day(promotion, weekday - 1 or 7)


def promotion_value(promotion: Promotion, line: SaleLine, base: int) -> int:
    """What `promotion` alone takes off `line`, a PERCENT being computed on `base`."""
    if promotion.kind == PromotionKind.PERCENT:
        return round_half_up(max(base, 0) * promotion.percent_bps, BPS)
    if promotion.kind == PromotionKind.AMOUNT:
        return promotion.amount * line.quantity
    group = promotion.buy_qty + promotion.get_qty
    return (line.quantity // group) * promotion.get_qty * line.unit_price


def ranking_key(promotion: Promotion) -> tuple[int, datetime, str]:
    """Among equals: the higher priority first, then the older, then the smaller id."""
    return (-promotion.priority, promotion.created_at, promotion.id)


def stacking_key(promotion: Promotion) -> tuple[int, int, datetime, str]:
    """The order stackables apply in: free units, then percents, then amounts; then ranking."""
    return (STACKING_ORDER.index(promotion.kind), *ranking_key(promotion))


def distinct(promotions: Iterable[Promotion]) -> list[Promotion]:
    """One copy of each promotion, by id; two different promotions under one id are a bug."""
    seen: dict[str, Promotion] = {}
    for promotion in promotions:
        kept = seen.setdefault(promotion.id, promotion)
        if kept != promotion:
            raise ValueError(f"two different promotions carry the id {promotion.id}")
    return list(seen.values())


def _best_single(
    line: SaleLine, singles: list[Promotion]
) -> tuple[list[AppliedPromotion], list[NotApplied]]:
    """The non-stackable promotion that takes the most off, and why each other one lost."""
    values = {p.id: min(promotion_value(p, line, line.gross), line.amount) for p in singles}
    ranked = sorted(singles, key=lambda p: (-values[p.id], *ranking_key(p)))
    best = values[ranked[0].id] if ranked else 0
    applied: list[AppliedPromotion] = []
    not_applied: list[NotApplied] = []
    for promotion in ranked:
        value = values[promotion.id]
        if value > 0 and not applied:
            applied.append(AppliedPromotion(promotion.id, promotion.name, value))
            continue
        not_applied.append(NotApplied(promotion.id, promotion.name, _why_lost(value, best)))
    return applied, not_applied


def _why_lost(value: int, best: int) -> Reason:
    if value == 0:
        return Reason.NOTHING_OFF
    return Reason.NOT_STACKABLE if value == best else Reason.LESS_GENEROUS


def _on_day(promotion: Promotion, weekday: int) -> bool:
    return not promotion.days_of_week or weekday in promotion.days_of_week
