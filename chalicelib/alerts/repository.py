"""Storage of alerts: one item per tenant, type, store and subject (a deterministic id), so
there is at most one open alert of a kind; every write is a conditional update."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ulid import ULID

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages, records
from chalicelib.db.keys import serves
from chalicelib.db.models.alerts import AlertItem, UnpaidSaleItem
from chalicelib.pagination import Key, Page

A = AlertItem
Alert = AlertItem
OPEN, ACKNOWLEDGED, RESOLVED = "OPEN", "ACKNOWLEDGED", "RESOLVED"


@dataclass(frozen=True)
class AlertSubject:
    tenant_id: str
    alert_type: str
    store_id: str | None
    kind: str
    subject_id: str

    @property
    def alert_id(self) -> str:
        """A ULID-shaped id derived from what the alert is about, the same on every replay."""
        seed = "|".join(
            (self.tenant_id, self.alert_type, self.store_id or "-", self.kind, self.subject_id)
        )
        return str(ULID.from_bytes(hashlib.sha256(seed.encode()).digest()[:16]))


@serves("Alert by id")
def stream_position(sequence_number: str) -> str:
    """Sequence numbers are decimal strings of varying length: pad them to compare as text."""
    return sequence_number.rjust(48, "0")


def _key(tenant_id: str, alert_id: str) -> AlertItem:
    return AlertItem(pk=keys.alerts_pk(tenant_id), sk=keys.alert_sk(alert_id))


def _by_store_pk(tenant_id: str, store_id: str | None) -> str:
    """A store's alerts; those of no store share the tenant-wide partition."""
    if store_id:
        return keys.alerts_store_pk(tenant_id, store_id)
    return keys.alerts_tenant_wide_pk(tenant_id)


def _status_actions(
    tenant_id: str, alert_id: str, store_id: str | None, status: str, at: str
) -> list[Any]:
    return [
        A.status.set(status),
        A.gsi2pk.set(_by_store_pk(tenant_id, store_id)),
        A.gsi2sk.set(keys.alert_status_sk(status, at, alert_id)),
    ]


def _newer(position: str) -> Any:
    return A.stream_position.does_not_exist() | (A.stream_position < position)


@serves("Alert by id", "Alerts of a store by status")
def open_alert(
    subject: AlertSubject, *, severity: str, message: str, at: str, position: str
) -> bool:
    """Open (or reopen) the alert and count the occurrence; False when already applied."""
    alert_id = subject.alert_id
    actions = [
        A.type.set(AlertItem),
        A.id.set(alert_id),
        A.tenant_id.set(subject.tenant_id),
        A.alert_type.set(subject.alert_type),
        A.severity.set(severity),
        A.subject_kind.set(subject.kind),
        A.subject_id.set(subject.subject_id),
        A.message.set(message),
        A.first_seen_at.set(A.first_seen_at | at),
        A.last_seen_at.set(at),
        A.occurrences.add(1),
        A.stream_position.set(position),
        A.resolved_at.remove(),
        A.resolved_by.remove(),
        *_status_actions(subject.tenant_id, alert_id, subject.store_id, OPEN, at),
    ]
    if subject.store_id:
        actions.append(A.store_id.set(subject.store_id))
    return records.conditional_update(_key(subject.tenant_id, alert_id), actions, _newer(position))


@serves("Alert by id", "Alerts of a store by status")
def resolve_from_stream(subject: AlertSubject, *, at: str, position: str) -> bool:
    alert_id = subject.alert_id
    actions = [
        A.resolved_at.set(at),
        A.resolved_by.remove(),
        A.stream_position.set(position),
        *_status_actions(subject.tenant_id, alert_id, subject.store_id, RESOLVED, at),
    ]
    condition = A.status.is_in(OPEN, ACKNOWLEDGED) & _newer(position)
    return records.conditional_update(_key(subject.tenant_id, alert_id), actions, condition)


@serves("Alert by id", "Alerts of a store by status")
def resolve_from_job(subject: AlertSubject, *, at: str, position: str) -> bool:
    """A job's pass no longer finds the cause: resolve, unless a later pass wrote the alert
    (the same pass may resolve what it, or a run before with other settings, opened)."""
    alert_id = subject.alert_id
    actions = [
        A.resolved_at.set(at),
        A.resolved_by.remove(),
        A.stream_position.set(position),
        *_status_actions(subject.tenant_id, alert_id, subject.store_id, RESOLVED, at),
    ]
    not_later = A.stream_position.does_not_exist() | (A.stream_position <= position)
    condition = A.status.is_in(OPEN, ACKNOWLEDGED) & not_later
    return records.conditional_update(_key(subject.tenant_id, alert_id), actions, condition)


@serves("Alert by id", "Alerts of a store by status")
def change_status(
    alert: AlertItem, status: str, *, from_statuses: tuple[str, ...], at: str, actor: str
) -> None:
    """A manager acknowledges or resolves; 409 INVALID_STATE when the alert moved on."""
    actions = _status_actions(alert.tenant_id or "", alert.id, alert.store_id, status, at)
    if status == ACKNOWLEDGED:
        actions += [A.acknowledged_at.set(at), A.acknowledged_by.set(actor)]
    else:
        actions += [A.resolved_at.set(at), A.resolved_by.set(actor)]
    if not records.conditional_update(alert, actions, A.status.is_in(*from_statuses)):
        raise errors.InvalidStateError(f"The alert is not {' or '.join(from_statuses)}.")
    alert.refresh(consistent_read=True)


@serves("Alert by id")
def get_alert(tenant_id: str, alert_id: str) -> AlertItem:
    try:
        return AlertItem.get(
            keys.alerts_pk(tenant_id), keys.alert_sk(alert_id), consistent_read=True
        )
    except AlertItem.DoesNotExist as missing:
        raise errors.NotFoundError("Alert not found.") from missing


@serves("Alerts of a store by status")
def alerts_page(
    tenant_id: str,
    walk: list[Bucket],
    *,
    status: str | None,
    types: tuple[str, ...] | None,
    limit: int,
    cursor: Key | None,
) -> Page[AlertItem]:
    """Store by store over the walk (a bucket of no store: the tenant-wide alerts), newest
    first within a status: one query each."""

    return pages.newest_over(
        A,
        walk,
        lambda bucket: (_by_store_pk(tenant_id, bucket.store_id), A.gsi2),
        range_key_condition=A.gsi2sk.startswith(keys.alert_status_prefix(status))
        if status
        else None,
        filter_condition=A.alert_type.is_in(*types) if types else None,
        limit=limit,
        cursor=cursor,
    )


@dataclass(frozen=True)
class UnpaidSale:
    tenant_id: str
    sale_id: str
    store_id: str
    number: str | None
    submitted_at: str


def _unpaid_item(sale: UnpaidSale) -> UnpaidSaleItem:
    return UnpaidSaleItem(
        pk=keys.unpaid_sales_pk(sale.tenant_id),
        sk=keys.unpaid_sale_sk(sale.submitted_at, sale.sale_id),
        tenant_id=sale.tenant_id,
        sale_id=sale.sale_id,
        store_id=sale.store_id,
        number=sale.number,
        submitted_at=sale.submitted_at,
    )


@serves("Unpaid sale by submission")
def put_unpaid(sale: UnpaidSale) -> None:
    """The same item on a replay."""
    _unpaid_item(sale).save()


@serves("Unpaid sale by submission")
def delete_unpaid(sale: UnpaidSale) -> None:
    """Nothing to do on a replay (deleting a missing item succeeds)."""
    _unpaid_item(sale).delete()


@serves("Unpaid sales of a tenant submitted before")
def unpaid_before(tenant_id: str, before: str) -> list[UnpaidSale]:
    """Every sale of the tenant awaiting payment since before `before` (an RFC 3339 time)."""
    found = UnpaidSaleItem.query(
        keys.unpaid_sales_pk(tenant_id), range_key_condition=UnpaidSaleItem.sk < before
    )
    return [
        UnpaidSale(tenant_id, item.sale_id, item.store_id, item.number, item.submitted_at)
        for item in found
    ]


@serves("Alerts of a store by status")
def open_alerts(
    tenant_id: str, store_ids: Sequence[str | None], alert_type: str
) -> list[AlertItem]:
    """The open (OPEN or ACKNOWLEDGED) alerts of a type in these stores (None: the tenant-wide
    ones): two queries a store."""
    found: list[AlertItem] = []
    for store_id in store_ids:
        for status in (OPEN, ACKNOWLEDGED):
            found += [
                item
                for item in A.gsi2.query(
                    _by_store_pk(tenant_id, store_id),
                    range_key_condition=A.gsi2sk.startswith(keys.alert_status_prefix(status)),
                    filter_condition=A.alert_type == alert_type,
                )
                if isinstance(item, AlertItem)
            ]
    return found
