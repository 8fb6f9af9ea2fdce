"""The audit log: written from the stream, read by entity, by user, or month by month."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib import buckets, tenancy
from chalicelib.audit import repository
from chalicelib.audit.schemas import AuditEntry, AuditEntryOut
from chalicelib.auth.permissions import stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.changes import Change
from chalicelib.clock import iso
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item


def record_entry(entry: AuditEntry) -> None:
    """One entry of the log, from a stream record; replaying the record rewrites it."""
    repository.save_entry(entry)


def written_at(change: Change) -> str:
    """The record's own write time; the stream's approximate time is only a fallback."""
    new = change.new or {}
    return str(new.get("updated_at") or "") or iso(datetime.fromtimestamp(change.at_epoch, UTC))


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
