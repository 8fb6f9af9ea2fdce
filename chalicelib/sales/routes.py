"""Sales, their submission to the till, cancellation, refunds and receipts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.sales.schemas import (
    CancelIn,
    ReceiptQuery,
    RefundIn,
    RefundOut,
    SaleIn,
    SaleList,
    SaleOut,
    SalePatch,
    SalePreview,
    SaleQuery,
)

if TYPE_CHECKING:
    from chalicelib.sales import receipts, returns, service
else:  # loaded by the blueprint's first request
    receipts, returns, service = lazy_modules("chalicelib.sales", "receipts", "returns", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/sales",
    "POST",
    action="sales.write",
    body=SaleIn,
    response=SaleOut,
    status=201,
    tag="Sales",
)
def create_sale(ctx: RequestContext, body: SaleIn) -> Reply:
    """Start a DRAFT sale; lines keep the product's sku, name, price and tax rate."""
    sale, created = service.create_sale(ctx.user, body)
    return Reply(sale, status=201 if created else 200)


@route(bp, "/v1/sales", "GET", action="sales.read", query=SaleQuery, response=SaleList, tag="Sales")
def list_sales(ctx: RequestContext, query: SaleQuery) -> dict[str, object]:
    """Sales, newest first, by store, status, seller, customer and period."""
    sales, last_key = service.list_sales(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(sales, last_key)


@route(bp, "/v1/sales/{sale_id}", "GET", action="sales.read", response=SaleOut, tag="Sales")
def get_sale(ctx: RequestContext, sale_id: str) -> SaleOut:
    """One sale."""
    return service.get_sale(ctx.user, sale_id)


@route(
    bp,
    "/v1/sales/{sale_id}",
    "PATCH",
    action="sales.write",
    body=SalePatch,
    response=SaleOut,
    tag="Sales",
)
def update_sale(ctx: RequestContext, sale_id: str, body: SalePatch) -> SaleOut:
    """Change a DRAFT sale (its seller or a manager)."""
    return service.update_sale(ctx.user, sale_id, body)


@route(
    bp, "/v1/sales/{sale_id}/submit", "POST", action="sales.write", response=SaleOut, tag="Sales"
)
def submit_sale(ctx: RequestContext, sale_id: str) -> SaleOut:
    """Send a DRAFT to the till: numbered, locked, its stock reserved."""
    return service.submit_sale(ctx.user, sale_id)


@route(
    bp,
    "/v1/sales/{sale_id}/approve-discount",
    "POST",
    action="sales.supervise",
    response=SaleOut,
    tag="Sales",
)
def approve_discount(ctx: RequestContext, sale_id: str) -> SaleOut:
    """A manager approves the draft's current discounts."""
    return service.approve_discount(ctx.user, sale_id)


@route(
    bp,
    "/v1/sales/{sale_id}/cancel",
    "POST",
    action="sales.supervise",
    body=CancelIn,
    response=SaleOut,
    tag="Sales",
)
def cancel_sale(ctx: RequestContext, sale_id: str, body: CancelIn) -> SaleOut:
    """Cancel an unpaid sale: reservation released, payments given back by their method."""
    return returns.cancel_sale(ctx.user, sale_id, body)


@route(
    bp,
    "/v1/sales/{sale_id}/refunds",
    "POST",
    action="sales.supervise",
    body=RefundIn,
    response=RefundOut,
    status=201,
    tag="Sales",
)
def refund_sale(ctx: RequestContext, sale_id: str, body: RefundIn) -> Reply:
    """Refund lines of a paid sale, optionally putting them back in stock."""
    refund, created = returns.refund_sale(ctx.user, sale_id, body)
    return Reply(refund, status=201 if created else 200)


@route(
    bp,
    "/v1/sales/{sale_id}/receipt",
    "GET",
    action="sales.read",
    query=ReceiptQuery,
    tag="Sales",
    produces=("application/pdf", "text/html"),
)
def sale_receipt(ctx: RequestContext, sale_id: str, query: ReceiptQuery) -> Response:
    """The receipt as PDF (default) or HTML (`?format=html`), in the tenant's language."""
    wants_html = query.format == "html" or (
        query.format is None
        and "text/html" in ctx.headers.get("accept", "")
        and "application/pdf" not in ctx.headers.get("accept", "")
    )
    body, content_type = receipts.render(ctx.user, sale_id, html=wants_html)
    return Response(body=body, status_code=200, headers={"Content-Type": content_type})


@route(
    bp,
    "/v1/promotions/preview",
    "POST",
    action="promotions.preview",
    body=SaleIn,
    response=SalePreview,
    tag="Promotions",
)
def preview_promotions(ctx: RequestContext, body: SaleIn) -> SalePreview:
    """Price a `POST /v1/sales` body now, saving nothing: each line shows the promotions that
    applied and the eligible ones that lost, and why."""
    return service.preview_sale(ctx.user, body)
