"""Reading the audit log: by entity, by user, or month by month, newest first."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from chalicelib.audit import repository
from chalicelib.auth.principal import Principal
from chalicelib.clock import day_end_utc, day_start_utc, iso, now
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
    start = iso(day_start_utc(start_day, tenant.timezone)) if start_day else tenant.created_at
    end = iso(day_end_utc(end_day, tenant.timezone)) if end_day else iso(now())
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
    return _month_by_month(common, limit, cursor)


def _month_by_month(
    common: dict[str, Any], limit: int, cursor: dict[str, Any] | None
) -> tuple[list[AuditEntryOut], dict[str, Any] | None]:
    months = _months_between(common["start"][:7], common["end"][:7])
    if cursor:
        months = [m for m in months if m <= cursor["month"]]
    start_key = cursor["key"] if cursor else None
    found: list[AuditEntryOut] = []
    for month in months:
        items, last_key = repository.query_entries(
            month=month, limit=limit - len(found), start_key=start_key, **common
        )
        found += [entry_out(item) for item in items]
        start_key = None
        if last_key is not None:
            return found, {"month": month, "key": last_key}
        if len(found) >= limit:
            return found, _next_month_cursor(months, month)
    return found, None


def _next_month_cursor(months: list[str], month: str) -> dict[str, Any] | None:
    position = months.index(month)
    return {"month": months[position + 1], "key": None} if position + 1 < len(months) else None


def _months_between(first: str, last: str) -> list[str]:
    """Months from `last` back to `first`, as YYYY-MM."""
    year, month = int(last[:4]), int(last[5:7])
    months = []
    while f"{year:04d}-{month:02d}" >= first:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months
