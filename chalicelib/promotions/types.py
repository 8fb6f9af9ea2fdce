"""What the pricing engine reads (promotions, sale lines, the moment and place of the sale) and
what it answers per line; plain frozen values, so the engine stays free of storage and HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum

from chalicelib.money import BPS


class PromotionKind(StrEnum):
    PERCENT = "PERCENT"
    AMOUNT = "AMOUNT"
    BUY_X_GET_Y = "BUY_X_GET_Y"


class Reason(StrEnum):
    """Why an eligible promotion gave nothing to a line (`not_applied[].reason`)."""

    LESS_GENEROUS = "LESS_GENEROUS"
    NOT_STACKABLE = "NOT_STACKABLE"
    NOTHING_OFF = "NOTHING_OFF"


REASON_TEXTS: dict[Reason, str] = {
    Reason.LESS_GENEROUS: "less generous: another promotion that does not stack takes more off",
    Reason.NOT_STACKABLE: (
        "not stackable: as generous as the one applied, which wins on priority, then age"
    ),
    Reason.NOTHING_OFF: "nothing off this line (no full buy-and-get group, or nothing left to cut)",
}


@dataclass(frozen=True)
class Promotion:
    """A promotion as API.md "Promotions" defines it; datetimes are time-zone aware."""

    id: str
    name: str
    kind: PromotionKind
    created_at: datetime
    percent_bps: int = 0
    amount: int = 0
    buy_qty: int = 0
    get_qty: int = 0
    product_ids: frozenset[str] = frozenset()
    category_ids: frozenset[str] = frozenset()
    store_ids: frozenset[str] = frozenset()
    min_quantity: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    days_of_week: frozenset[int] = frozenset()
    start_time: time | None = None
    end_time: time | None = None
    priority: int = 0
    stackable: bool = False
    active: bool = True

    def __post_init__(self) -> None:
        problem = _promotion_problem(self)
        if problem:
            raise ValueError(f"promotion {self.id}: {problem}")


def _promotion_problem(p: Promotion) -> str | None:
    """What makes a promotion meaningless to price with (the schema answers 422 before this)."""
    if p.kind == PromotionKind.PERCENT and not 0 <= p.percent_bps <= BPS:
        return f"percent_bps must be within 0..{BPS}"
    if p.kind == PromotionKind.AMOUNT and p.amount < 0:
        return "amount cannot be negative"
    if p.kind == PromotionKind.BUY_X_GET_Y and (p.buy_qty < 1 or p.get_qty < 1):
        return "buy_qty and get_qty must be at least 1"
    if p.min_quantity < 0:
        return "min_quantity cannot be negative"
    if not p.days_of_week <= frozenset(range(1, 8)):
        return "days_of_week are 1 (Monday) to 7 (Sunday)"
    if any(t is not None and t.tzinfo is not None for t in (p.start_time, p.end_time)):
        return "start_time and end_time are tenant-local wall-clock times, without a zone"
    moments = (p.created_at, p.starts_at, p.ends_at)
    if any(moment is not None and moment.utcoffset() is None for moment in moments):
        return "created_at, starts_at and ends_at must carry their time zone"
    return None


@dataclass(frozen=True)
class SaleLine:
    """A line as the engine prices it; `discount` is the seller's own, off the line first."""

    product_id: str
    category_id: str | None
    quantity: int
    unit_price: int
    discount: int = 0

    def __post_init__(self) -> None:
        if self.quantity <= 0 or self.unit_price < 0 or self.discount < 0:
            raise ValueError("a line needs a positive quantity and no negative price or discount")

    @property
    def gross(self) -> int:
        """unit_price x quantity: what every PERCENT that is not stacked is computed on."""
        return self.unit_price * self.quantity

    @property
    def amount(self) -> int:
        """What the line costs before promotions: the ceiling of its promotion discount."""
        return max(self.gross - self.discount, 0)


@dataclass(frozen=True)
class PricingContext:
    """Where and when the sale is priced, and the ancestors of each category (parents first)."""

    store_id: str
    local_now: datetime
    category_ancestors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.local_now.utcoffset() is None:
            raise ValueError("local_now must carry the tenant's time zone")


@dataclass(frozen=True)
class AppliedPromotion:
    """A promotion that took `amount` off the line (`promotions[]` on the line)."""

    id: str
    name: str
    amount: int


@dataclass(frozen=True)
class NotApplied:
    """An eligible promotion that took nothing off the line (`not_applied[]`)."""

    id: str
    name: str
    reason: Reason


@dataclass(frozen=True)
class LinePricing:
    """A line's promotions: the total off, those applied in order, the eligible ones that lost."""

    promotion_discount: int
    promotions: tuple[AppliedPromotion, ...] = ()
    not_applied: tuple[NotApplied, ...] = ()
