"""Reading the audit log: by entity, by user, or month by month, newest first."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from chalicelib import buckets, tenancy
from chalicelib.audit import repository
from chalicelib.auth.permissions import stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket, Budget
from chalicelib.db.models.platform import AuditItem


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
    """Newest first: an entity's or a user's entries, else month by month over the period;
    a user limited to some stores sees the entries of tenant-wide records and of theirs."""
    period = tenancy.activity_period(principal.tenant_id, start_day, end_day)
    wanted = repository.AuditFilter(
        entity_type=entity_type,
        entity_id=entity_id,
        user_id=user_id,
        start=period.start,
        end=period.end,
        stores=stores_to_read(principal, None),
    )
    if entity_id or user_id:
        walk = [buckets.Bucket()] if period.months else []
    else:
        walk = buckets.buckets(period.months, None)

    def bucket_page(
        bucket: Bucket, size: int, key: dict[str, Any] | None, budget: Budget
    ) -> tuple[list[AuditItem], dict[str, Any] | None]:
        return repository.entries_in_bucket(principal.tenant_id, bucket, wanted, size, key, budget)

    items, cursor = buckets.page_buckets(walk, bucket_page, limit, cursor)
    return [entry_out(item) for item in items], cursor
