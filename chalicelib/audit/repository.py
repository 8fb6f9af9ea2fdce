"""Audit entries: one partition per tenant and month, indexed by entity and by user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from chalicelib.audit.schemas import AuditEntry
from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages, records
from chalicelib.db.keys import serves
from chalicelib.db.models.platform import AuditItem
from chalicelib.pagination import Key, Page

Entry = AuditItem


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list, newest first, between `start` and `end` (RFC 3339)."""

    entity_type: str | None
    entity_id: str | None
    user_id: str | None
    start: str
    end: str
    stores: tuple[str, ...] | None


@serves("Audit log by month", "Audit log of one entity", "Audit log of one user")
def save_entry(entry: AuditEntry) -> None:
    """Keyed by time and stream sequence number: a replayed record overwrites its own entry."""
    sort_key = keys.audit_sk(entry.at, entry.sequence)
    tenant_id, user_id = entry.tenant_id, entry.user_id
    AuditItem(
        pk=keys.audit_pk(tenant_id, entry.at[:7]),
        sk=sort_key,
        tenant_id=tenant_id,
        at=entry.at,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        user_id=user_id,
        changes=entry.changes,
        store_ids=entry.store_ids or None,
        gsi1pk=keys.audit_entity_pk(tenant_id, entry.entity_id),
        gsi1sk=sort_key,
        gsi2pk=keys.audit_user_pk(tenant_id, user_id) if user_id else None,
        gsi2sk=sort_key if user_id else None,
    ).save()


@serves("Audit log by month", "Audit log of one entity", "Audit log of one user")
def entries_page(
    tenant_id: str, wanted: AuditFilter, walk: list[Bucket], limit: int, cursor: Key | None
) -> Page[AuditItem]:
    """Newest first over the walk: an entity's or a user's entries, or month by month."""
    plan = partial(_entries_in, tenant_id, wanted)
    return pages.over_buckets(AuditItem, walk, plan, limit=limit, cursor=cursor, as_views=True)


def _entries_in(tenant_id: str, wanted: AuditFilter, bucket: Bucket) -> pages.Query:
    index: Any
    conditions: list[Any] = []
    if wanted.entity_type:
        conditions.append(AuditItem.entity_type == wanted.entity_type)
    if wanted.stores is not None:
        conditions.append(_of_stores(wanted.stores))
    if wanted.entity_id:
        if wanted.user_id:
            conditions.append(AuditItem.user_id == wanted.user_id)
        pk, index = keys.audit_entity_pk(tenant_id, wanted.entity_id), AuditItem.gsi1
    elif wanted.user_id:
        pk, index = keys.audit_user_pk(tenant_id, wanted.user_id), AuditItem.gsi2
    else:
        pk, index = keys.audit_pk(tenant_id, bucket.month or ""), None
    period = pages.between(AuditItem, index, wanted.start, wanted.end)
    return pages.Query(pk, index, period, records.all_of(conditions))


def _of_stores(stores: tuple[str, ...]) -> Any:
    """Entries of tenant-wide records, or of records of one of these stores."""
    shown: Any = AuditItem.store_ids.does_not_exist()
    for store_id in stores:
        shown = shown | AuditItem.store_ids.contains(store_id)
    return shown
