"""The KPI figures of API.md ("What the figures mean") from rollup items, and the periods whose
items cover a range of days without counting a day twice (`coverage`, `net`).

Where API.md is silent: `average_basket` is 0 without sales; breakdowns are sorted by what they
measure, biggest first, ties by id; a product's name is the one its most recent item recorded;
products without a category count under `category_id` None, so the categories add up; the
revenue of a product, category or seller is what it sold (refunds are in `refunds_total`, as
for `items_sold`). `kpis` takes the items of one scope (the tenant's, or some stores') whose
periods cover each day of the range once; names of categories and sellers come from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pydantic import ConfigDict

from chalicelib.money import round_half_up
from chalicelib.reports.rollups import (
    CATEGORY,
    DISCOUNT_TOTAL,
    GROSS_MARGIN,
    METHOD,
    PAYMENTS_COUNT,
    PRODUCT,
    QUANTITY,
    REFUNDS_TOTAL,
    REVENUE,
    SALES_COUNT,
    SELLER,
    TAKEN,
    TAX_TOTAL,
    TOTAL,
    RollupItem,
)
from chalicelib.reports.totals import KpiTotals

TOP_PRODUCTS = 10


@dataclass(frozen=True)
class MethodFigure:
    method: str
    amount: int
    count: int


@dataclass(frozen=True)
class ProductFigure:
    product_id: str
    name: str | None
    quantity: int
    revenue: int


@dataclass(frozen=True)
class CategoryFigure:
    category_id: str | None
    quantity: int
    revenue: int


@dataclass(frozen=True)
class SellerFigure:
    seller_id: str
    sales_count: int
    revenue: int


@dataclass(frozen=True)
class DayFigure:
    date: str
    revenue: int
    sales_count: int


class Kpis(KpiTotals):
    """The KPI fields that come from rollups (the "as of now" ones are kept elsewhere)."""

    model_config = ConfigDict(frozen=True)

    by_payment_method: list[MethodFigure]
    top_products: list[ProductFigure]
    by_category: list[CategoryFigure]
    by_seller: list[SellerFigure]


@dataclass(frozen=True)
class Summed:
    figures: dict[str, int]
    label: str | None

    def get(self, name: str) -> int:
        return self.figures.get(name, 0)


@dataclass(frozen=True)
class Coverage:
    """The periods whose rollup items cover a range of days once: the `added` months and days,
    less the `taken` days (days of an added month that are outside the range)."""

    added: list[str]
    taken: list[str]


def coverage(first: date, last: date, settled: date | None = None) -> Coverage:
    """Each month the range touches, whole: its month item. In part: its days in the range; or,
    for a settled month (one that ended before `settled`, so the stream writes nothing more to
    it and its month item and days agree; None: every month), its month item less its days
    out of the range when those are fewer (a year from the 5th reads that first month as its
    item less 4 days, not as 27 days)."""
    added: list[str] = []
    taken: list[str] = []
    start = first.replace(day=1)
    while start <= last:
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = following - timedelta(days=1)
        inside = _days(max(first, start), min(last, end))
        outside = _days(start, first - timedelta(days=1)) + _days(last + timedelta(days=1), end)
        if (settled is None or end < settled) and len(outside) < len(inside):
            added.append(start.strftime("%Y-%m"))
            taken += outside
        else:
            added += inside
        start = following
    return Coverage(added, taken)


def _days(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def net(added: Iterable[RollupItem], taken: Iterable[RollupItem]) -> list[RollupItem]:
    """The `added` items less the `taken` day items, each off its month's item of the same scope,
    dimension and member (`coverage`); members left with nothing are dropped."""
    found = {item.key: item for item in added}
    for day in taken:
        key = replace(day.key, period=day.key.period[: len("YYYY-MM")])
        month = found.get(key)
        if month is None:
            continue
        figures = dict(month.figures)
        for name, value in day.figures.items():
            figures[name] = figures.get(name, 0) - value
        found[key] = replace(month, figures=figures)
    return [item for item in found.values() if any(item.figures.values())]


def figures_by(items: Iterable[RollupItem], dimension: str) -> dict[str, Summed]:
    """The items of one dimension added up per member (across scopes and periods)."""
    summed: dict[str, Summed] = {}
    for item in sorted(items, key=lambda item: item.key.period):
        if item.key.dimension != dimension:
            continue
        found = summed.setdefault(item.key.member, Summed({}, None))
        for name, value in item.figures.items():
            found.figures[name] = found.figures.get(name, 0) + value
        if item.label is not None:
            summed[item.key.member] = Summed(found.figures, item.label)
    return summed


def average_basket(revenue: int, sales_count: int) -> int:
    return round_half_up(revenue, sales_count) if sales_count else 0


def kpis(items: Iterable[RollupItem]) -> Kpis:
    """The figures of rollup items that cover each day of the range once (`coverage`, `net`)."""
    chosen = list(items)
    total = figures_by(chosen, TOTAL).get("", Summed({}, None))
    revenue, refunds = total.get(REVENUE), total.get(REFUNDS_TOTAL)
    return Kpis(
        revenue=revenue,
        net_revenue=revenue - refunds,
        sales_count=total.get(SALES_COUNT),
        average_basket=average_basket(revenue, total.get(SALES_COUNT)),
        gross_margin=total.get(GROSS_MARGIN),
        items_sold=total.get(QUANTITY),
        discount_total=total.get(DISCOUNT_TOTAL),
        tax_total=total.get(TAX_TOTAL),
        refunds_total=refunds,
        by_payment_method=by_payment_method(chosen),
        top_products=top_products(chosen),
        by_category=by_category(chosen),
        by_seller=by_seller(chosen),
    )


def by_payment_method(items: Iterable[RollupItem]) -> list[MethodFigure]:
    figures = [
        MethodFigure(method, found.get(TAKEN), found.get(PAYMENTS_COUNT))
        for method, found in figures_by(items, METHOD).items()
    ]
    return sorted(figures, key=lambda figure: (-figure.amount, figure.method))


def top_products(items: Iterable[RollupItem], limit: int = TOP_PRODUCTS) -> list[ProductFigure]:
    """The products that brought the most revenue (ties: more units, then the id)."""
    figures = [
        ProductFigure(product_id, found.label, found.get(QUANTITY), found.get(REVENUE))
        for product_id, found in figures_by(items, PRODUCT).items()
    ]
    ranked = sorted(figures, key=lambda f: (-f.revenue, -f.quantity, f.product_id))
    return ranked[:limit]


def by_category(items: Iterable[RollupItem]) -> list[CategoryFigure]:
    figures = [
        CategoryFigure(category_id or None, found.get(QUANTITY), found.get(REVENUE))
        for category_id, found in figures_by(items, CATEGORY).items()
    ]
    return sorted(figures, key=lambda f: (-f.revenue, f.category_id or ""))


def by_seller(items: Iterable[RollupItem]) -> list[SellerFigure]:
    figures = [
        SellerFigure(seller_id, found.get(SALES_COUNT), found.get(REVENUE))
        for seller_id, found in figures_by(items, SELLER).items()
    ]
    return sorted(figures, key=lambda f: (-f.revenue, f.seller_id))


def by_day(items: Iterable[RollupItem], first: date, last: date) -> list[DayFigure]:
    """Revenue and sales per local day of [first, last], days without sales included."""
    days: dict[str, list[int]] = {}
    for item in items:
        if item.key.dimension == TOTAL and len(item.key.period) == len("YYYY-MM-DD"):
            found = days.setdefault(item.key.period, [0, 0])
            found[0] += item.figures.get(REVENUE, 0)
            found[1] += item.figures.get(SALES_COUNT, 0)
    figures, day = [], first
    while day <= last:
        revenue, count = days.get(day.isoformat(), [0, 0])
        figures.append(DayFigure(day.isoformat(), revenue, count))
        day += timedelta(days=1)
    return figures
