"""Audit entries: one partition per tenant and month, indexed by entity and by user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.buckets import Bucket, Budget
from chalicelib.db import keys, records
from chalicelib.db.models.platform import AuditItem


def save_entry(
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
    """Keyed by time and stream sequence number: a replayed record overwrites its own entry."""
    sort_key = keys.audit_sk(at, sequence)
    AuditItem(
        pk=keys.audit_pk(tenant_id, at[:7]),
        sk=sort_key,
        tenant_id=tenant_id,
        at=at,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        user_id=user_id,
        changes=changes,
        store_ids=store_ids or None,
        gsi1pk=keys.audit_entity_pk(tenant_id, entity_id),
        gsi1sk=sort_key,
        gsi2pk=keys.audit_user_pk(tenant_id, user_id) if user_id else None,
        gsi2sk=sort_key if user_id else None,
    ).save()


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list, newest first, between `start` and `end` (RFC 3339)."""

    entity_type: str | None
    entity_id: str | None
    user_id: str | None
    start: str
    end: str
    stores: tuple[str, ...] | None


def entries_in_bucket(
    tenant_id: str,
    bucket: Bucket,
    wanted: AuditFilter,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> tuple[list[AuditItem], dict[str, Any] | None]:
    """An entity's entries, a user's, or one month of the tenant's (access patterns 9-11)."""
    index: Any
    sort: Any
    conditions: list[Any] = []
    if wanted.entity_type:
        conditions.append(AuditItem.entity_type == wanted.entity_type)
    if wanted.stores is not None:
        conditions.append(_of_stores(wanted.stores))
    if wanted.entity_id:
        if wanted.user_id:
            conditions.append(AuditItem.user_id == wanted.user_id)
        pk = keys.audit_entity_pk(tenant_id, wanted.entity_id)
        index, sort = AuditItem.gsi1, AuditItem.gsi1sk
    elif wanted.user_id:
        pk = keys.audit_user_pk(tenant_id, wanted.user_id)
        index, sort = AuditItem.gsi2, AuditItem.gsi2sk
    else:
        pk, index, sort = keys.audit_pk(tenant_id, bucket.month or ""), None, AuditItem.sk
    return records.query_page(
        AuditItem,
        pk,
        index=index,
        range_key_condition=sort.between(wanted.start, wanted.end + "~"),
        filter_condition=records.all_of(conditions),
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def _of_stores(stores: tuple[str, ...]) -> Any:
    """Entries of tenant-wide records, or of records of one of these stores."""
    shown: Any = AuditItem.store_ids.does_not_exist()
    for store_id in stores:
        shown = shown | AuditItem.store_ids.contains(store_id)
    return shown
