"""Promotion routes: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules
from chalicelib.promotions.schemas import (
    PromotionIn,
    PromotionList,
    PromotionOut,
    PromotionPatch,
    PromotionQuery,
)

if TYPE_CHECKING:
    from chalicelib.promotions import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.promotions", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/promotions",
    "GET",
    action="promotions.read",
    query=PromotionQuery,
    response=PromotionList,
    tag="Promotions",
)
def list_promotions(ctx: RequestContext, query: PromotionQuery) -> dict[str, object]:
    """The tenant's promotions, by id."""
    items, last_key = service.list_promotions(ctx.user, query.limit, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/promotions",
    "POST",
    action="promotions.write",
    body=PromotionIn,
    response=PromotionOut,
    status=201,
    tag="Promotions",
)
def create_promotion(ctx: RequestContext, body: PromotionIn) -> Reply:
    """A promotion that applies by itself to the lines it covers."""
    promotion, created = service.create_promotion(ctx.user, body)
    return Reply(promotion, status=201 if created else 200)


@route(
    bp,
    "/v1/promotions/{promotion_id}",
    "GET",
    action="promotions.read",
    response=PromotionOut,
    tag="Promotions",
)
def get_promotion(ctx: RequestContext, promotion_id: str) -> PromotionOut:
    """One promotion."""
    return service.get_promotion(ctx.user, promotion_id)


@route(
    bp,
    "/v1/promotions/{promotion_id}",
    "PATCH",
    action="promotions.write",
    body=PromotionPatch,
    response=PromotionOut,
    tag="Promotions",
)
def update_promotion(ctx: RequestContext, promotion_id: str, body: PromotionPatch) -> PromotionOut:
    """Change a promotion; drafts priced after it see the new version."""
    return service.update_promotion(ctx.user, promotion_id, body)


@route(
    bp,
    "/v1/promotions/{promotion_id}",
    "DELETE",
    action="promotions.write",
    status=204,
    tag="Promotions",
)
def delete_promotion(ctx: RequestContext, promotion_id: str) -> None:
    """Delete a promotion (soft delete): it applies to no sale any more."""
    service.delete_promotion(ctx.user, promotion_id)
