"""Loyalty routes: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.loyalty.schemas import (
    AdjustmentIn,
    LoyaltyEntryList,
    LoyaltyEntryQuery,
    LoyaltyOut,
    PointsAdjusted,
)

if TYPE_CHECKING:
    from chalicelib.loyalty import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.loyalty", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/customers/{customer_id}/loyalty",
    "GET",
    action="loyalty.read",
    response=LoyaltyOut,
    tag="Loyalty",
)
def customer_loyalty(ctx: RequestContext, customer_id: str) -> LoyaltyOut:
    """A customer's points and those expiring in the next 90 days, by date."""
    return service.customer_loyalty(ctx.user, customer_id)


@route(
    bp,
    "/v1/loyalty-ledger",
    "GET",
    action="loyalty.read",
    query=LoyaltyEntryQuery,
    response=LoyaltyEntryList,
    tag="Loyalty",
)
def list_entries(ctx: RequestContext, query: LoyaltyEntryQuery) -> dict[str, object]:
    """A customer's immutable points entries, newest first; they add up to its points."""
    items, last_key = service.list_entries(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/customers/{customer_id}/loyalty-adjustments",
    "POST",
    action="loyalty.adjust",
    body=AdjustmentIn,
    response=PointsAdjusted,
    status=201,
    tag="Loyalty",
)
def adjust_points(ctx: RequestContext, customer_id: str, body: AdjustmentIn) -> Reply:
    """An ADJUST entry (signed); the points never go below 0."""
    return Reply(service.adjust(ctx.user, customer_id, body), status=201)
