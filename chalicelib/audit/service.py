"""The audit log: written from the stream, read by entity, by user, or month by month."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import buckets, tenancy
from chalicelib.audit import repository
from chalicelib.audit.schemas import AuditEntryOut
from chalicelib.auth.permissions import stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item


def record_entry(
    *,
    tenant_id: str,
    at: str,
    sequence: str,
    action: str,
    entity_type: str,
    entity_id: str,
    user_id: str | None,
    changes: dict[str, Any],
    store_ids: list[str],
) -> None:
    """One entry of the log, from a stream record; replaying the record rewrites it."""
    repository.save_entry(
        tenant_id=tenant_id,
        at=at,
        sequence=sequence,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        user_id=user_id,
        changes=changes,
        store_ids=store_ids,
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
    cursor: Key | None,
) -> Page[AuditEntryOut]:
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
    items, cursor = repository.entries_page(principal.tenant_id, wanted, walk, limit, cursor)
    return [
        from_item(AuditEntryOut, item, changes=dict(item.changes or {})) for item in items
    ], cursor
