"""Reports: the KPIs and the sales report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib import spreadsheets
from chalicelib.http import JSON, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.reports.schemas import (
    KpiQuery,
    KpisOut,
    SalesReportOut,
    SalesReportQuery,
    SnapshotList,
    SnapshotQuery,
)

if TYPE_CHECKING:
    from chalicelib.reports import dashboard, sales_report, service
else:  # loaded by the blueprint's first request
    dashboard, sales_report, service = lazy_modules(
        "chalicelib.reports", "dashboard", "sales_report", "service"
    )

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/reports/kpis",
    "GET",
    action="reports.read",
    query=KpiQuery,
    response=KpisOut,
    produces=(JSON, "text/html"),
    tag="Reports",
)
def kpis(ctx: RequestContext, query: KpiQuery) -> KpisOut | Response:
    """KPIs of the tenant-local days `from`-`to` (default: this month), from the daily
    rollups; stock, unpaid sales and credit as of now. `store_id` narrows to one store.
    `format=html` gives them as the owner's dashboard: one page with its charts."""
    if query.format == "html":
        page = dashboard.render(ctx.user, query)
        return Response(
            body=page, status_code=200, headers={"Content-Type": dashboard.CONTENT_TYPE}
        )
    return service.kpis(ctx.user, query)


@route(
    bp,
    "/v1/reports/sales",
    "GET",
    action="reports.read",
    query=SalesReportQuery,
    response=SalesReportOut,
    produces=(JSON, "text/csv", spreadsheets.XLSX_TYPE),
    tag="Reports",
)
def sales(ctx: RequestContext, query: SalesReportQuery) -> SalesReportOut | Response:
    """Sales of the tenant-local days `from`-`to` grouped by `group_by`, from the rollups;
    `format=csv|xlsx` gives the rows as a file (send `Accept` with the XLSX type)."""
    report = sales_report.sales_report(ctx.user, query)
    if query.format == "json":
        return report
    body, content_type, filename = sales_report.as_file(report, query.format)
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": content_type,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@route(
    bp,
    "/v1/reports/kpi-snapshots",
    "GET",
    action="reports.read",
    query=SnapshotQuery,
    response=SnapshotList,
    tag="Reports",
)
def kpi_snapshots(ctx: RequestContext, query: SnapshotQuery) -> dict[str, object]:
    """The daily KPI snapshots the scheduled job took, per store and for the tenant."""
    items, last_key = service.list_snapshots(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)
