"""Request and response models of the reports."""

from __future__ import annotations

from typing import Literal

from chalicelib.http import OutputModel
from chalicelib.periods import PeriodQuery
from chalicelib.reports.totals import KpiTotals
from chalicelib.schemas import DEFAULT_LIMIT, Limit, Ulid

GroupBy = Literal["day", "hour", "store", "product", "category", "seller", "payment_method"]


class KpiQuery(PeriodQuery):
    """`from`/`to`: tenant-local days (default: the first of this month, today), at most 366."""

    store_id: Ulid | None = None
    format: Literal["json", "html"] = "json"


class SalesReportQuery(PeriodQuery):
    store_id: Ulid | None = None
    group_by: GroupBy = "day"
    format: Literal["json", "csv", "xlsx"] = "json"


class MethodOut(OutputModel):
    method: str
    amount: int
    count: int


class ProductFigureOut(OutputModel):
    product_id: str
    name: str | None
    quantity: int
    revenue: int


class CategoryFigureOut(OutputModel):
    category_id: str | None
    name: str | None
    quantity: int
    revenue: int


class SellerFigureOut(OutputModel):
    seller_id: str
    name: str | None
    sales_count: int
    revenue: int


class DayOut(OutputModel):
    date: str
    revenue: int
    sales_count: int


class KpisOut(OutputModel, KpiTotals):
    """API.md "What the figures mean"; the as-of-now figures are those of the moment read."""

    by_payment_method: list[MethodOut]
    by_day: list[DayOut]
    top_products: list[ProductFigureOut]
    by_category: list[CategoryFigureOut]
    by_seller: list[SellerFigureOut]
    stock_value: int
    low_stock_count: int
    out_of_stock_count: int
    credit_outstanding: int | None
    credit_overdue: int | None
    pending_payment_count: int
    as_of: str
    currency: str


class ReportRowOut(OutputModel):
    key: str
    label: str | None
    sales_count: int
    quantity: int
    revenue: int
    discount_total: int
    tax_total: int
    gross_margin: int
    refunds_total: int


class ReportTotalsOut(OutputModel):
    sales_count: int
    quantity: int
    revenue: int
    discount_total: int
    tax_total: int
    gross_margin: int
    refunds_total: int


class SalesReportOut(OutputModel):
    rows: list[ReportRowOut]
    totals: ReportTotalsOut
    currency: str


class SnapshotQuery(PeriodQuery):
    store_id: Ulid | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class SnapshotOut(KpisOut):
    """A day's KPIs as the kpi-snapshot job wrote them (store_id null: the whole tenant)."""

    date: str
    store_id: str | None


class SnapshotList(OutputModel):
    items: list[SnapshotOut]
    next_cursor: str | None
