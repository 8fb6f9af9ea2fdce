"""Delivery routes: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.deliveries.schemas import (
    AssignIn,
    DeliverIn,
    DeliveryIn,
    DeliveryList,
    DeliveryOut,
    DeliveryQuery,
    FailIn,
)
from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.deliveries import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.deliveries", "service")

bp = Blueprint(__name__)
TAG = "Deliveries"


@route(
    bp,
    "/v1/deliveries",
    "POST",
    action="deliveries.create",
    body=DeliveryIn,
    response=DeliveryOut,
    status=201,
    tag=TAG,
)
def create_delivery(ctx: RequestContext, body: DeliveryIn) -> Reply:
    """Deliver a submitted sale: PENDING, with the code the customer gives at the door."""
    delivery, created = service.create_delivery(ctx.user, body)
    return Reply(delivery, status=201 if created else 200)


@route(
    bp,
    "/v1/deliveries",
    "GET",
    action="deliveries.read",
    query=DeliveryQuery,
    response=DeliveryList,
    tag=TAG,
)
def list_deliveries(ctx: RequestContext, query: DeliveryQuery) -> dict[str, object]:
    """Deliveries, newest first, by status, courier, store and period (a courier: their own)."""
    items, last_key = service.list_deliveries(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/deliveries/{delivery_id}",
    "GET",
    action="deliveries.read",
    response=DeliveryOut,
    tag=TAG,
)
def get_delivery(ctx: RequestContext, delivery_id: str) -> DeliveryOut:
    """One delivery."""
    return service.get_delivery(ctx.user, delivery_id)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/assign",
    "POST",
    action="deliveries.assign",
    body=AssignIn,
    response=DeliveryOut,
    tag=TAG,
)
def assign_delivery(ctx: RequestContext, delivery_id: str, body: AssignIn) -> DeliveryOut:
    """Give it to an active courier of the sale's store: ASSIGNED."""
    return service.assign_delivery(ctx.user, delivery_id, body)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/dispatch",
    "POST",
    action="deliveries.move",
    response=DeliveryOut,
    tag=TAG,
)
def dispatch_delivery(ctx: RequestContext, delivery_id: str) -> DeliveryOut:
    """The courier leaves with it: OUT_FOR_DELIVERY (a PAID sale unless collected)."""
    return service.dispatch_delivery(ctx.user, delivery_id)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/deliver",
    "POST",
    action="deliveries.move",
    body=DeliverIn,
    response=DeliveryOut,
    tag=TAG,
)
def deliver_delivery(ctx: RequestContext, delivery_id: str, body: DeliverIn) -> DeliveryOut:
    """Handed over: DELIVERED (the sale PAID; the customer's code when the tenant asks it)."""
    return service.deliver_delivery(ctx.user, delivery_id, body)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/fail",
    "POST",
    action="deliveries.move",
    body=FailIn,
    response=DeliveryOut,
    tag=TAG,
)
def fail_delivery(ctx: RequestContext, delivery_id: str, body: FailIn) -> DeliveryOut:
    """Not delivered: FAILED, with why."""
    return service.fail_delivery(ctx.user, delivery_id, body)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/return",
    "POST",
    action="deliveries.move",
    response=DeliveryOut,
    tag=TAG,
)
def return_delivery(ctx: RequestContext, delivery_id: str) -> DeliveryOut:
    """The goods are back in the shop: RETURNED."""
    return service.return_delivery(ctx.user, delivery_id)


@route(
    bp,
    "/v1/deliveries/{delivery_id}/cancel",
    "POST",
    action="deliveries.cancel",
    response=DeliveryOut,
    tag=TAG,
)
def cancel_delivery(ctx: RequestContext, delivery_id: str) -> DeliveryOut:
    """Cancel it before it leaves: CANCELLED."""
    return service.cancel_delivery(ctx.user, delivery_id)
