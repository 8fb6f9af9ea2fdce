"""The sales report: the rollups of a range of local days grouped by day, hour, store, product,
category, seller or payment method, as JSON rows or a CSV or XLSX file.

The totals are the KPI totals of the same range and scope; the rows' revenue, quantity,
discounts, taxes, margin and refunds add up to them (a product's or category's `sales_count`
counts the sales it was in, so those do not). Grouped by payment method, a row holds what
was taken by that method (`revenue`) and the number of payments (`sales_count`); its other
figures are 0, since a payment is not split by line.
"""

from __future__ import annotations

from typing import Any

from chalicelib import catalog, clock, identity, spreadsheets, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.reports import formulas, rollups
from chalicelib.reports.readings import Scope, days_of, rollup_items, scope_of
from chalicelib.reports.schemas import (
    ReportRowOut,
    ReportTotalsOut,
    SalesReportOut,
    SalesReportQuery,
)

FIELDS = ("sales_count", "quantity", "revenue", "discount_total", "tax_total", "gross_margin")
COLUMNS = ("key", "label", *FIELDS, "refunds_total")
DIMENSIONS = {
    "hour": rollups.HOUR,
    "product": rollups.PRODUCT,
    "category": rollups.CATEGORY,
    "seller": rollups.SELLER,
    "payment_method": rollups.METHOD,
}
BY_KEY = ("day", "hour")


def sales_report(principal: Principal, query: SalesReportQuery) -> SalesReportOut:
    tenant = tenancy.tenant_settings(principal.tenant_id)
    first, last = days_of(query.from_, query.to, tenant.timezone)
    scope = scope_of(principal, query.store_id)
    if query.group_by == "store":
        scope = _stores(principal.tenant_id, scope)
    dimension = DIMENSIONS.get(query.group_by, rollups.TOTAL)
    today = clock.local_date(clock.now(), tenant.timezone)
    items = rollup_items(principal.tenant_id, scope, first, last, (dimension,), today)
    totals = formulas.figures_by(
        [i for i in items if i.key.dimension == rollups.TOTAL], rollups.TOTAL
    )
    grouped = _grouped(query.group_by, dimension, items)
    labels = _labels(principal.tenant_id, query.group_by, list(grouped))
    if query.group_by == "product":
        labels = {
            key: found.label or ""
            for key, found in formulas.figures_by(items, rollups.PRODUCT).items()
        }
    rows = [_row(key, labels.get(key), figures) for key, figures in grouped.items()]
    if query.group_by in BY_KEY:
        rows.sort(key=lambda row: row.key)
    else:
        rows.sort(key=lambda row: (-row.revenue, row.key))
    summed = totals.get("", formulas.Summed({}, None))
    return SalesReportOut(
        rows=rows,
        totals=ReportTotalsOut(**{n: summed.get(n) for n in (*FIELDS, rollups.REFUNDS_TOTAL)}),
        currency=tenant.currency,
    )


def as_file(report: SalesReportOut, file_format: str) -> tuple[bytes | str, str, str]:
    """(file, content type, file name): the rows under a header of their field names."""
    rows = [[getattr(row, column) for column in COLUMNS] for row in report.rows]
    if file_format == "xlsx":
        body = spreadsheets.write_xlsx("sales", COLUMNS, rows)
        return body, spreadsheets.XLSX_TYPE, "sales-report.xlsx"
    return spreadsheets.write_csv(COLUMNS, rows), spreadsheets.CSV_TYPE, "sales-report.csv"


def _stores(tenant_id: str, scope: Scope) -> Scope:
    """Grouped by store, the tenant's figures are read store by store."""
    if scope.store_ids is not None:
        return scope
    live = tenancy.live_stores(tenant_id, None)
    return Scope(tuple(rollups.store_scope(store) for store in live), None)


def _grouped(
    group_by: str, dimension: str, items: list[rollups.RollupItem]
) -> dict[str, dict[str, int]]:
    grouped: dict[str, dict[str, int]] = {}
    for item in items:
        if item.key.dimension != dimension:
            continue
        if group_by == "day":
            key = item.key.period
        elif group_by == "store":
            key = item.key.scope.removeprefix(rollups.store_scope(""))
        else:
            key = item.key.member
        found = grouped.setdefault(key, {})
        for name, value in item.figures.items():
            found[name] = found.get(name, 0) + value
    if group_by == "payment_method":
        return {
            key: {
                rollups.SALES_COUNT: f.get(rollups.PAYMENTS_COUNT, 0),
                rollups.REVENUE: f.get(rollups.TAKEN, 0),
            }
            for key, f in grouped.items()
        }
    return grouped


def _labels(tenant_id: str, group_by: str, keys: list[str]) -> dict[str, str]:
    if group_by == "store":
        return {store.id: store.name for store in _live_stores(tenant_id, keys)}
    if group_by == "category":
        return catalog.category_names(tenant_id, [key for key in keys if key])
    if group_by == "seller":
        return identity.user_names(tenant_id, set(keys))
    return {}


def _live_stores(tenant_id: str, keys: list[str]) -> list[Any]:
    live = tenancy.live_stores(tenant_id, tuple(keys))
    return [tenancy.store_of(tenant_id, store) for store in live]


def _row(key: str, label: str | None, figures: dict[str, int]) -> ReportRowOut:
    row = {name: figures.get(name, 0) for name in (*FIELDS, rollups.REFUNDS_TOTAL)}
    return ReportRowOut(key=key, label=label, **row)
