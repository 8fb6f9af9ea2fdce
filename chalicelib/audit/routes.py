"""GET /v1/audit-log."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.audit import service
from chalicelib.audit.service import AuditEntryOut
from chalicelib.http import RequestContext, route
from chalicelib.periods import PeriodQuery
from chalicelib.schemas import DEFAULT_LIMIT, Limit

bp = Blueprint(__name__)


class AuditQuery(PeriodQuery):
    entity_type: str | None = None
    entity_id: str | None = None
    user_id: str | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None


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
