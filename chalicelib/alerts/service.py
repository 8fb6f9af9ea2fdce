"""Reading and handling alerts, as plain functions over typed inputs."""

from __future__ import annotations

from typing import get_args

from chalicelib import buckets, tenancy
from chalicelib.alerts import repository as repo
from chalicelib.alerts.events import STOCK_TYPES
from chalicelib.alerts.schemas import AlertOut, AlertQuery, AlertType, SubjectOut
from chalicelib.auth.permissions import Role, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket
from chalicelib.clock import iso
from chalicelib.errors import NotFoundError
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item

ALL_TYPES: tuple[str, ...] = get_args(AlertType)
TENANT_WIDE_TYPES = ("CREDIT_OVERDUE",)


def alert_out(item: repo.Alert) -> AlertOut:
    return from_item(
        AlertOut,
        item,
        type=item.alert_type,
        subject=SubjectOut(kind=item.subject_kind, id=item.subject_id),
        count=item.occurrences,
    )


def visible_types(principal: Principal) -> tuple[str, ...]:
    """STOCKER sees stock alerts only."""
    if principal.role == Role.STOCKER:
        return STOCK_TYPES
    return ALL_TYPES


def list_alerts(principal: Principal, query: AlertQuery, state: Key | None) -> Page[AlertOut]:
    """Store by store among the live stores the user may read, then the tenant-wide alerts
    (those of no store) when no store is asked for and the role sees their types."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    types = tuple(t for t in visible_types(principal) if query.type in (None, t))
    walk = buckets.buckets(buckets.UNBUCKETED, stores)
    if query.store_id is None and set(types) & set(TENANT_WIDE_TYPES):
        walk.append(Bucket())
    restrict = types if len(types) < len(ALL_TYPES) else None
    items, state = repo.alerts_page(
        principal.tenant_id,
        walk if types else [],
        status=query.status,
        types=restrict,
        limit=query.limit,
        cursor=state,
    )
    return [alert_out(item) for item in items], state


def get_alert(principal: Principal, alert_id: str) -> AlertOut:
    return alert_out(_get(principal, alert_id))


def acknowledge(principal: Principal, alert_id: str) -> AlertOut:
    alert = _get(principal, alert_id)
    repo.change_status(
        alert, repo.ACKNOWLEDGED, from_statuses=(repo.OPEN,), at=iso(), actor=principal.user_id
    )
    return alert_out(alert)


def resolve(principal: Principal, alert_id: str) -> AlertOut:
    alert = _get(principal, alert_id)
    repo.change_status(
        alert,
        repo.RESOLVED,
        from_statuses=(repo.OPEN, repo.ACKNOWLEDGED),
        at=iso(),
        actor=principal.user_id,
    )
    return alert_out(alert)


def _get(principal: Principal, alert_id: str) -> repo.Alert:
    """The alert, read with the list's scope: 403 for another store's, 404 for a type the
    role does not see or a deleted store's."""
    alert = repo.get_alert(principal.tenant_id, alert_id)
    if alert.alert_type not in visible_types(principal):
        raise NotFoundError("Alert not found.")
    if alert.store_id:
        check_store(principal, alert.store_id)
        if not tenancy.live_stores(principal.tenant_id, (alert.store_id,)):
            raise NotFoundError("Alert not found.")
    return alert
