"""GET /v1/audit-log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.audit.schemas import AuditPage, AuditQuery
from chalicelib.http import RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.audit import service
else:  # loaded by the blueprint's first request
    (service,) = lazy_modules("chalicelib.audit", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/audit-log",
    "GET",
    action="audit.read",
    query=AuditQuery,
    response=AuditPage,
    tag="Audit",
)
def audit_log(ctx: RequestContext, query: AuditQuery) -> dict[str, object]:
    """Who changed what and when, newest first; dates are the tenant's local dates."""
    entries, last_key = service.audit_log(
        ctx.user,
        entity_type=query.entity_type,
        entity_id=query.entity_id,
        user_id=query.user_id,
        start_day=query.from_,
        end_day=query.to,
        limit=query.limit,
        cursor=ctx.start_key(query.cursor),
    )
    return ctx.page(entries, last_key)
