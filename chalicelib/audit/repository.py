"""Audit entries: one partition per tenant and month, indexed by entity and by user."""

from __future__ import annotations

from typing import Any

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
) -> None:
    """Keyed by time and stream sequence number: a replayed record overwrites its own entry."""
    sort_key = f"{at}#{sequence.zfill(40)}"
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
        gsi1pk=keys.audit_entity_pk(tenant_id, entity_id),
        gsi1sk=sort_key,
        gsi2pk=keys.audit_user_pk(tenant_id, user_id) if user_id else None,
        gsi2sk=sort_key if user_id else None,
    ).save()


def query_entries(
    *,
    tenant_id: str,
    month: str | None,
    entity_id: str | None,
    user_id: str | None,
    entity_type: str | None,
    start: str,
    end: str,
    limit: int,
    start_key: dict[str, Any] | None,
) -> tuple[list[AuditItem], dict[str, Any] | None]:
    """Newest first, between `start` and `end` (sort-key bounds)."""
    window = (start, end + "~")
    type_filter = AuditItem.entity_type == entity_type if entity_type else None
    if entity_id:
        return records.query_page(
            AuditItem,
            keys.audit_entity_pk(tenant_id, entity_id),
            index=AuditItem.gsi1,
            range_key_condition=AuditItem.gsi1sk.between(*window),
            filter_condition=_and(type_filter, AuditItem.user_id == user_id if user_id else None),
            limit=limit,
            start_key=start_key,
            newest_first=True,
        )
    if user_id:
        return records.query_page(
            AuditItem,
            keys.audit_user_pk(tenant_id, user_id),
            index=AuditItem.gsi2,
            range_key_condition=AuditItem.gsi2sk.between(*window),
            filter_condition=type_filter,
            limit=limit,
            start_key=start_key,
            newest_first=True,
        )
    assert month is not None
    return records.query_page(
        AuditItem,
        keys.audit_pk(tenant_id, month),
        range_key_condition=AuditItem.sk.between(*window),
        filter_condition=type_filter,
        limit=limit,
        start_key=start_key,
        newest_first=True,
    )


def _and(first: Any, second: Any) -> Any:
    if first is None:
        return second
    return first if second is None else first & second
