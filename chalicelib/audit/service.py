"""Reading the audit log: by entity, by user, or month by month, newest first."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from chalicelib import periods
from chalicelib.audit import repository
from chalicelib.auth.principal import Principal
from chalicelib.db.models.platform import AuditItem
from chalicelib.tenancy import repository as tenancy


class AuditEntryOut(BaseModel):
    at: str
    user_id: str | None
    action: str
    entity_type: str
    entity_id: str
    changes: dict[str, list[Any]]


def entry_out(item: AuditItem) -> AuditEntryOut:
    return AuditEntryOut(
        at=item.at,
        user_id=item.user_id,
        action=item.action,
        entity_type=item.entity_type,
        entity_id=item.entity_id,
        changes=dict(item.changes or {}),
    )


def audit_log(
    principal: Principal,
    *,
    entity_type: str | None,
    entity_id: str | None,
    user_id: str | None,
    start_day: date | None,
    end_day: date | None,
    limit: int,
    cursor: dict[str, Any] | None,
) -> tuple[list[AuditEntryOut], dict[str, Any] | None]:
    tenant = tenancy.get_tenant(principal.tenant_id)
    start, end = periods.window(start_day, end_day, tenant.timezone, tenant.created_at)
    common: dict[str, Any] = {
        "tenant_id": principal.tenant_id,
        "entity_id": entity_id,
        "user_id": user_id,
        "entity_type": entity_type,
        "start": start,
        "end": end,
    }
    if entity_id or user_id:
        items, last_key = repository.query_entries(
            month=None, limit=limit, start_key=cursor, **common
        )
        return [entry_out(item) for item in items], last_key

    def query_month(
        month: str, size: int, key: dict[str, Any] | None
    ) -> tuple[list[AuditEntryOut], dict[str, Any] | None]:
        items, last_key = repository.query_entries(month=month, limit=size, start_key=key, **common)
        return [entry_out(item) for item in items], last_key

    return periods.page_months(periods.months_between(start, end), query_month, limit, cursor)
