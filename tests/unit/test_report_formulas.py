"""The KPI formulas over rollup items, and the periods that cover a range once."""

from __future__ import annotations

from datetime import date

from chalicelib.reports.formulas import (
    TOP_PRODUCTS,
    CategoryFigure,
    DayFigure,
    MethodFigure,
    ProductFigure,
    SellerFigure,
    average_basket,
    by_day,
    kpis,
    periods_covering,
    top_products,
)
from chalicelib.reports.rollups import (
    CATEGORY,
    METHOD,
    PRODUCT,
    SELLER,
    TOTAL,
    RollupItem,
    RollupKey,
    store_scope,
)

S1, S2 = store_scope("ST1"), store_scope("ST2")


def item(
    period: str,
    dimension: str,
    member: str = "",
    scope: str = S1,
    label: str | None = None,
    **figures: int,
) -> RollupItem:
    return RollupItem(RollupKey(scope, period, dimension, member), figures, label)


def test_whole_months_are_read_as_months_and_the_rest_as_days() -> None:
    periods = periods_covering(date(2026, 1, 15), date(2026, 3, 10))
    assert periods == (
        [f"2026-01-{d:02d}" for d in range(15, 32)]
        + ["2026-02"]
        + [f"2026-03-{d:02d}" for d in range(1, 11)]
    )


def test_a_year_is_twelve_months() -> None:
    assert periods_covering(date(2026, 1, 1), date(2026, 12, 31)) == [
        f"2026-{m:02d}" for m in range(1, 13)
    ]


def test_a_month_counts_whole_only_to_its_last_day() -> None:
    assert periods_covering(date(2024, 2, 1), date(2024, 2, 29)) == ["2024-02"]
    assert len(periods_covering(date(2024, 2, 1), date(2024, 2, 28))) == 28
    assert periods_covering(date(2026, 12, 1), date(2027, 1, 1)) == ["2026-12", "2027-01-01"]


def test_a_day_an_empty_range_and_the_longest_range() -> None:
    assert periods_covering(date(2026, 5, 5), date(2026, 5, 5)) == ["2026-05-05"]
    assert periods_covering(date(2026, 5, 6), date(2026, 5, 5)) == []
    assert len(periods_covering(date(2025, 1, 31), date(2026, 1, 31))) == 1 + 12
    longest = periods_covering(date(2025, 1, 30), date(2026, 1, 30))  # 366 days
    assert len(longest) == 2 + 11 + 30  # Jan 30-31, Feb..Dec as months, January 2026 by day


def test_average_basket_rounds_half_up_and_is_zero_without_sales() -> None:
    assert average_basket(1000, 3) == 333
    assert average_basket(1001, 2) == 501
    assert average_basket(0, 0) == 0


def test_kpis_add_up_the_items_of_several_stores_and_periods() -> None:
    items = [
        item("2026-02", TOTAL, revenue=10000, sales_count=4, quantity=9, gross_margin=3000,
             discount_total=500, tax_total=1600, refunds_total=1000),
        item("2026-03-01", TOTAL, scope=S2, revenue=2000, sales_count=1, quantity=1,
             gross_margin=400, tax_total=300),
        item("2026-02", METHOD, "CASH", taken=7000, payments_count=3),
        item("2026-03-01", METHOD, "CASH", scope=S2, taken=500, payments_count=1),
        item("2026-03-01", METHOD, "CREDIT", scope=S2, taken=4500, payments_count=1),
        item("2026-02", SELLER, "U1", revenue=10000, sales_count=4),
        item("2026-03-01", SELLER, "U2", scope=S2, revenue=2000, sales_count=1),
        item("2026-02", CATEGORY, "", revenue=2000, quantity=2),
        item("2026-02", CATEGORY, "C1", revenue=8000, quantity=7),
    ]  # fmt: skip
    figures = kpis(items)
    assert (figures.revenue, figures.refunds_total, figures.net_revenue) == (12000, 1000, 11000)
    assert (figures.sales_count, figures.average_basket, figures.items_sold) == (5, 2400, 10)
    assert (figures.gross_margin, figures.discount_total, figures.tax_total) == (3400, 500, 1900)
    assert figures.by_payment_method == [
        MethodFigure("CASH", 7500, 4),
        MethodFigure("CREDIT", 4500, 1),
    ]
    assert figures.by_seller == [SellerFigure("U1", 4, 10000), SellerFigure("U2", 1, 2000)]
    assert figures.by_category == [CategoryFigure("C1", 7, 8000), CategoryFigure(None, 2, 2000)]


def test_kpis_of_nothing_are_zero() -> None:
    figures = kpis([])
    assert (figures.revenue, figures.sales_count, figures.average_basket) == (0, 0, 0)
    assert figures.top_products == [] and figures.by_payment_method == []


def test_top_products_are_the_ten_biggest_by_revenue_with_their_latest_name() -> None:
    items = [
        item("2026-03-01", PRODUCT, f"P{n:02d}", revenue=n * 100, quantity=1) for n in range(1, 15)
    ]
    items += [
        item("2026-02", PRODUCT, "P01", label="Old name", revenue=1000, quantity=2),
        item("2026-03-02", PRODUCT, "P01", label="New name", revenue=100, quantity=1),
        item("2026-03-01", PRODUCT, "P01", label="Middle name"),
    ]
    top = top_products(items)
    assert len(top) == TOP_PRODUCTS
    assert top[0] == ProductFigure("P14", None, 1, 1400)
    assert ProductFigure("P01", "New name", 4, 1200) in top
    assert [p.product_id for p in top][-1] == "P06"


def test_ties_in_revenue_go_to_more_units_then_the_id() -> None:
    items = [
        item("2026-03-01", PRODUCT, "B", revenue=500, quantity=1),
        item("2026-03-01", PRODUCT, "A", revenue=500, quantity=1),
        item("2026-03-01", PRODUCT, "C", revenue=500, quantity=5),
    ]
    assert [p.product_id for p in top_products(items)] == ["C", "A", "B"]


def test_by_day_lists_every_day_of_the_range() -> None:
    items = [
        item("2026-03-02", TOTAL, revenue=700, sales_count=2),
        item("2026-03-02", TOTAL, scope=S2, revenue=300, sales_count=1),
        item("2026-03", TOTAL, revenue=99999, sales_count=99),  # a month: not a day
        item("2026-03-02", PRODUCT, "P1", revenue=700, sales_count=2),
    ]
    assert by_day(items, date(2026, 3, 1), date(2026, 3, 3)) == [
        DayFigure("2026-03-01", 0, 0),
        DayFigure("2026-03-02", 1000, 3),
        DayFigure("2026-03-03", 0, 0),
    ]
