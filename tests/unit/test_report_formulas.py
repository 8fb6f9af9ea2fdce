"""The KPI formulas over rollup items, and the periods that cover a range once (the items of
some months less some days)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.reports.formulas import (
    TOP_PRODUCTS,
    CategoryFigure,
    Coverage,
    DayFigure,
    MethodFigure,
    ProductFigure,
    SellerFigure,
    average_basket,
    by_day,
    coverage,
    kpis,
    net,
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


def _days(month: str, first: int, last: int) -> list[str]:
    return [f"{month}-{d:02d}" for d in range(first, last + 1)]


def test_whole_months_are_read_as_months_and_the_rest_by_the_fewer_days() -> None:
    covered = coverage(date(2026, 1, 15), date(2026, 3, 10))
    # January: 17 days in, 14 out: its item less the 14; March: 10 days in, 21 out: the 10
    assert covered.added == ["2026-01", "2026-02", *_days("2026-03", 1, 10)]
    assert covered.taken == _days("2026-01", 1, 14)


def test_a_year_is_twelve_months() -> None:
    covered = coverage(date(2026, 1, 1), date(2026, 12, 31))
    assert covered == Coverage([f"2026-{m:02d}" for m in range(1, 13)], [])


def test_a_month_in_part_reads_its_days_unless_fewer_are_out() -> None:
    assert coverage(date(2024, 2, 1), date(2024, 2, 29)) == Coverage(["2024-02"], [])
    assert coverage(date(2024, 2, 1), date(2024, 2, 28)) == Coverage(["2024-02"], ["2024-02-29"])
    assert coverage(date(2026, 12, 1), date(2027, 1, 1)) == Coverage(["2026-12", "2027-01-01"], [])
    # a tie reads the days: 15 in, 15 out
    assert coverage(date(2026, 4, 1), date(2026, 4, 15)) == Coverage(_days("2026-04", 1, 15), [])
    # out on both sides
    inside = coverage(date(2026, 4, 3), date(2026, 4, 28))
    assert inside == Coverage(["2026-04"], ["2026-04-01", "2026-04-02", "2026-04-29", "2026-04-30"])


def test_a_month_the_stream_may_still_write_is_read_by_its_days() -> None:
    """Its month item and its days are written apart: only a settled month is read as its item
    less some days."""
    settled = date(2026, 12, 1)  # November is settled, December is not
    year = coverage(date(2025, 12, 5), date(2026, 12, 4), settled)
    assert year.added == _months("2025-12", 12) + _days("2026-12", 1, 4)
    assert year.taken == _days("2025-12", 1, 4)
    november = coverage(date(2026, 11, 3), date(2026, 11, 30), date(2026, 11, 30))
    assert november == Coverage(_days("2026-11", 3, 30), [])
    assert coverage(date(2026, 11, 3), date(2026, 11, 30), settled) == Coverage(
        ["2026-11"], ["2026-11-01", "2026-11-02"]
    )


def _months(first: str, count: int) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    found = []
    for _ in range(count):
        found.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def test_a_day_an_empty_range_and_the_longest_range() -> None:
    assert coverage(date(2026, 5, 5), date(2026, 5, 5)) == Coverage(["2026-05-05"], [])
    assert coverage(date(2026, 5, 6), date(2026, 5, 5)) == Coverage([], [])
    year = coverage(date(2025, 1, 31), date(2026, 1, 31))
    assert len(year.added) == 1 + 12 and year.taken == []
    longest = coverage(date(2025, 1, 30), date(2026, 1, 30))  # 366 days
    assert len(longest.added) == 2 + 11 + 1  # Jan 30-31, Feb..Dec, January 2026 less its 31st
    assert longest.taken == ["2026-01-31"]


def test_net_takes_each_day_off_its_months_item_of_the_same_member() -> None:
    added = [
        item("2026-01", PRODUCT, "P1", quantity=10, revenue=10_000, label="Câble"),
        item("2026-01", PRODUCT, "P2", quantity=1, revenue=500),
        item("2026-01", PRODUCT, "P1", scope=S2, quantity=4, revenue=4000),
        item("2026-02-01", PRODUCT, "P1", quantity=2, revenue=2000),
    ]
    taken = [
        item("2026-01-02", PRODUCT, "P1", quantity=3, revenue=3000),
        item("2026-01-03", PRODUCT, "P1", quantity=1, revenue=1000),
        item("2026-01-02", PRODUCT, "P2", quantity=1, revenue=500),  # only out of the range
        item("2026-01-02", PRODUCT, "P3", quantity=7, revenue=7000),  # no month item read
    ]
    assert sorted(net(added, taken), key=lambda i: (i.key.scope, i.key.period)) == [
        item("2026-01", PRODUCT, "P1", quantity=6, revenue=6000, label="Câble"),
        item("2026-02-01", PRODUCT, "P1", quantity=2, revenue=2000),
        item("2026-01", PRODUCT, "P1", scope=S2, quantity=4, revenue=4000),
    ]


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


DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(59)]  # January and February
day_items = st.lists(
    st.tuples(
        st.sampled_from(DAYS),
        st.sampled_from([PRODUCT, METHOD, CATEGORY]),
        st.sampled_from(["A", "B", "C"]),
        st.integers(1, 5),
        st.integers(0, 9000),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(day_items, st.sampled_from(DAYS), st.sampled_from(DAYS), st.sampled_from(DAYS))
def test_months_less_their_days_out_of_range_give_the_days_in_it(
    sold: list[tuple[date, str, str, int, int]], one: date, other: date, some: date
) -> None:
    """Any range, and any day from which months are settled: its whole and complemented months
    less the days out of it (`coverage`, `net`) give the same figures as the range's own day
    items."""
    days: dict[RollupKey, dict[str, int]] = {}
    for day, dimension, member, quantity, revenue in sold:
        figures = days.setdefault(RollupKey(S1, day.isoformat(), dimension, member), {})
        figures["quantity"] = figures.get("quantity", 0) + quantity
        figures["revenue"] = figures.get("revenue", 0) + revenue
        figures["taken"] = figures.get("taken", 0) + revenue
        figures["payments_count"] = figures.get("payments_count", 0) + 1
    months: dict[RollupKey, dict[str, int]] = {}
    for key, figures in days.items():
        month = months.setdefault(RollupKey(S1, key.period[:7], key.dimension, key.member), {})
        for name, value in figures.items():
            month[name] = month.get(name, 0) + value
    stored = [RollupItem(key, figures) for key, figures in {**days, **months}.items()]
    first, last = min(one, other), max(one, other)
    in_range = {(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)}
    covered = coverage(first, last, some)
    added = [i for i in stored if i.key.period in covered.added]
    taken = [i for i in stored if i.key.period in covered.taken]
    assert kpis(net(added, taken)) == kpis(i for i in stored if i.key.period in in_range)
