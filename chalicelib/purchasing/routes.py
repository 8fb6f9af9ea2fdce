"""Suppliers, purchase orders and goods receipts: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.purchasing.schemas import (
    OrderIn,
    OrderList,
    OrderOut,
    OrderPatch,
    OrderQuery,
    ReceiptIn,
    ReceiptList,
    ReceiptOut,
    ReceiptQuery,
    ReorderIn,
    ReorderOut,
    SuggestionList,
    SuggestionQuery,
    SupplierIn,
    SupplierList,
    SupplierOut,
    SupplierPatch,
    SupplierQuery,
)

if TYPE_CHECKING:
    from chalicelib.purchasing import orders, receipts, reorder, service
else:  # loaded by the blueprint's first request
    orders, receipts, reorder, service = lazy_modules(
        "chalicelib.purchasing", "orders", "receipts", "reorder", "service"
    )

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/suppliers",
    "GET",
    action="purchasing.read",
    query=SupplierQuery,
    response=SupplierList,
    tag="Purchasing",
)
def list_suppliers(ctx: RequestContext, query: SupplierQuery) -> dict[str, object]:
    """Suppliers in name order."""
    items, last_key = service.list_suppliers(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/suppliers",
    "POST",
    action="purchasing.write",
    body=SupplierIn,
    response=SupplierOut,
    status=201,
    tag="Purchasing",
)
def create_supplier(ctx: RequestContext, body: SupplierIn) -> Reply:
    """Register a supplier."""
    supplier, created = service.create_supplier(ctx.user, body)
    return Reply(supplier, status=201 if created else 200)


@route(
    bp,
    "/v1/suppliers/{supplier_id}",
    "GET",
    action="purchasing.read",
    response=SupplierOut,
    tag="Purchasing",
)
def get_supplier(ctx: RequestContext, supplier_id: str) -> SupplierOut:
    """One supplier."""
    return service.get_supplier(ctx.tenant_id, supplier_id)


@route(
    bp,
    "/v1/suppliers/{supplier_id}",
    "PATCH",
    action="purchasing.write",
    body=SupplierPatch,
    response=SupplierOut,
    tag="Purchasing",
)
def update_supplier(ctx: RequestContext, supplier_id: str, body: SupplierPatch) -> SupplierOut:
    """Change a supplier."""
    return service.update_supplier(ctx.user, supplier_id, body)


@route(
    bp,
    "/v1/suppliers/{supplier_id}",
    "DELETE",
    action="purchasing.write",
    status=204,
    tag="Purchasing",
)
def delete_supplier(ctx: RequestContext, supplier_id: str) -> None:
    """Delete a supplier (soft delete): its orders and receipts keep naming it."""
    service.delete_supplier(ctx.user, supplier_id)


@route(
    bp,
    "/v1/purchase-orders",
    "GET",
    action="purchasing.read",
    query=OrderQuery,
    response=OrderList,
    tag="Purchasing",
)
def list_orders(ctx: RequestContext, query: OrderQuery) -> dict[str, object]:
    """Purchase orders store by store, newest first within a status; filters `status`,
    `supplier_id`, `store_id`."""
    items, last_key = orders.list_orders(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/purchase-orders",
    "POST",
    action="purchasing.write",
    body=OrderIn,
    response=OrderOut,
    status=201,
    tag="Purchasing",
)
def create_order(ctx: RequestContext, body: OrderIn) -> Reply:
    """Draft a purchase order (at most 40 lines)."""
    order, created = orders.create_order(ctx.user, body)
    return Reply(order, status=201 if created else 200)


@route(
    bp,
    "/v1/purchase-orders/{order_id}",
    "GET",
    action="purchasing.read",
    response=OrderOut,
    tag="Purchasing",
)
def get_order(ctx: RequestContext, order_id: str) -> OrderOut:
    """One purchase order, its lines with `quantity_received`."""
    return orders.get_order(ctx.user, order_id)


@route(
    bp,
    "/v1/purchase-orders/{order_id}",
    "PATCH",
    action="purchasing.write",
    body=OrderPatch,
    response=OrderOut,
    tag="Purchasing",
)
def update_order(ctx: RequestContext, order_id: str, body: OrderPatch) -> OrderOut:
    """Change a DRAFT order; once sent, 409 INVALID_STATE."""
    return orders.update_order(ctx.user, order_id, body)


@route(
    bp,
    "/v1/purchase-orders/{order_id}/send",
    "POST",
    action="purchasing.write",
    response=OrderOut,
    tag="Purchasing",
)
def send_order(ctx: RequestContext, order_id: str) -> OrderOut:
    """Send a DRAFT order to its supplier: SENT."""
    return orders.apply_verb(ctx.user, order_id, "send")


@route(
    bp,
    "/v1/purchase-orders/{order_id}/cancel",
    "POST",
    action="purchasing.write",
    response=OrderOut,
    tag="Purchasing",
)
def cancel_order(ctx: RequestContext, order_id: str) -> OrderOut:
    """Cancel an order while nothing is received: CANCELLED."""
    return orders.apply_verb(ctx.user, order_id, "cancel")


@route(
    bp,
    "/v1/purchase-orders/{order_id}/close",
    "POST",
    action="purchasing.write",
    response=OrderOut,
    tag="Purchasing",
)
def close_order(ctx: RequestContext, order_id: str) -> OrderOut:
    """End a partially received order: CLOSED (the rest is no longer expected)."""
    return orders.apply_verb(ctx.user, order_id, "close")


@route(
    bp,
    "/v1/goods-receipts",
    "GET",
    action="purchasing.read",
    query=ReceiptQuery,
    response=ReceiptList,
    tag="Purchasing",
)
def list_receipts(ctx: RequestContext, query: ReceiptQuery) -> dict[str, object]:
    """Goods receipts store by store, newest first."""
    items, last_key = receipts.list_receipts(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/goods-receipts",
    "POST",
    action="purchasing.receive",
    body=ReceiptIn,
    response=ReceiptOut,
    status=201,
    tag="Purchasing",
)
def receive_goods(ctx: RequestContext, body: ReceiptIn) -> Reply:
    """Receive a delivery, with or without an order: stock, average costs and the order's
    received quantities in one atomic write (at most 40 lines)."""
    receipt, created = receipts.receive_goods(ctx.user, body)
    return Reply(receipt, status=201 if created else 200)


@route(
    bp,
    "/v1/goods-receipts/{receipt_id}",
    "GET",
    action="purchasing.read",
    response=ReceiptOut,
    tag="Purchasing",
)
def get_receipt(ctx: RequestContext, receipt_id: str) -> ReceiptOut:
    """One goods receipt."""
    return receipts.get_receipt(ctx.user, receipt_id)


@route(
    bp,
    "/v1/reorder-suggestions",
    "GET",
    action="purchasing.read",
    query=SuggestionQuery,
    response=SuggestionList,
    tag="Purchasing",
)
def list_suggestions(ctx: RequestContext, query: SuggestionQuery) -> dict[str, object]:
    """Products at or below their minimum once open orders arrive, with what to buy."""
    items, last_key = reorder.suggestions(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/reorder-suggestions/purchase-orders",
    "POST",
    action="purchasing.write",
    body=ReorderIn,
    response=ReorderOut,
    status=201,
    tag="Purchasing",
)
def order_suggested(ctx: RequestContext, body: ReorderIn) -> ReorderOut:
    """DRAFT purchase orders from the suggestions, one per supplier."""
    return reorder.order_suggested(ctx.user, body)
