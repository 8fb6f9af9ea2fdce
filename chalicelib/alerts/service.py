"""Reading and handling alerts, as plain functions over typed inputs."""

from __future__ import annotations

from typing import Any, get_args

from chalicelib.alerts import repository as repo
from chalicelib.alerts.events import STOCK_TYPES
from chalicelib.alerts.schemas import AlertOut, AlertQuery, AlertType, SubjectOut
from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso
from chalicelib.db.models.alerts import AlertItem
from chalicelib.errors import NotFoundError


def alert_out(item: AlertItem) -> AlertOut:
    return AlertOut(
        id=item.id,
        type=item.alert_type,
        severity=item.severity,
        store_id=item.store_id,
        subject=SubjectOut(kind=item.subject_kind, id=item.subject_id),
        message=item.message,
        status=item.status,
        first_seen_at=item.first_seen_at,
        last_seen_at=item.last_seen_at,
        count=item.occurrences,
        acknowledged_at=item.acknowledged_at,
        acknowledged_by=item.acknowledged_by,
        resolved_at=item.resolved_at,
        resolved_by=item.resolved_by,
    )


def visible_types(principal: Principal) -> tuple[str, ...]:
    """STOCKER sees stock alerts only."""
    if principal.role == Role.STOCKER:
        return STOCK_TYPES
    return tuple(get_args(AlertType))


def list_alerts(
    principal: Principal, query: AlertQuery, start_key: dict[str, Any] | None
) -> tuple[list[AlertOut], dict[str, Any] | None]:
    visible = visible_types(principal)
    types = tuple(t for t in visible if query.type in (None, t))
    if not types:
        return [], None
    restrict = types if len(types) < len(get_args(AlertType)) else None
    items, last_key = repo.alerts_page(
        principal.tenant_id,
        status=query.status,
        store_id=query.store_id,
        types=restrict,
        limit=query.limit,
        start_key=start_key,
    )
    return [alert_out(item) for item in items], last_key


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


def _get(principal: Principal, alert_id: str) -> AlertItem:
    alert = repo.get_alert(principal.tenant_id, alert_id)
    if alert.alert_type not in visible_types(principal):
        raise NotFoundError("Alert not found.")
    return alert
