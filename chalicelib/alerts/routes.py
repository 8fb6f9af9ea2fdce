"""Alerts: list them, acknowledge and resolve them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.alerts.schemas import AlertList, AlertOut, AlertQuery
from chalicelib.http import RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.alerts import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.alerts", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/alerts",
    "GET",
    action="alerts.read",
    query=AlertQuery,
    response=AlertList,
    tag="Alerts",
)
def list_alerts(ctx: RequestContext, query: AlertQuery) -> dict[str, object]:
    """Alerts; filter by `status`, `type` and `store_id` (STOCKER: stock alerts only)."""
    items, last_key = service.list_alerts(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/alerts/{alert_id}",
    "GET",
    action="alerts.read",
    response=AlertOut,
    tag="Alerts",
)
def get_alert(ctx: RequestContext, alert_id: str) -> AlertOut:
    """One alert, with the list's scope (STOCKER: stock alerts; the user's stores)."""
    return service.get_alert(ctx.user, alert_id)


@route(
    bp,
    "/v1/alerts/{alert_id}/acknowledge",
    "POST",
    action="alerts.manage",
    response=AlertOut,
    tag="Alerts",
)
def acknowledge(ctx: RequestContext, alert_id: str) -> AlertOut:
    """Someone is on it: OPEN -> ACKNOWLEDGED."""
    return service.acknowledge(ctx.user, alert_id)


@route(
    bp,
    "/v1/alerts/{alert_id}/resolve",
    "POST",
    action="alerts.manage",
    response=AlertOut,
    tag="Alerts",
)
def resolve(ctx: RequestContext, alert_id: str) -> AlertOut:
    """Close the alert by hand; a later crossing reopens it."""
    return service.resolve(ctx.user, alert_id)
