"""PENDING_PAYMENT_TOO_LONG: a submitted sale unpaid (PENDING_PAYMENT, PARTIALLY_PAID) for longer
than the tenant's `pending_payment_alert_minutes` since it was submitted.

The stream keeps one item per sale awaiting payment (put when a sale enters those states,
deleted when it leaves them), so the job finds the sales unpaid for too long in one query,
oldest first, never by listing sales. Each pass opens (or bumps) the alert of each such sale,
and resolves the open ones whose sale was paid or cancelled since. A pass writes under its
position, the 30-minute tick it belongs to: a second run within the same tick changes nothing
(the alert's condition), the next tick's counts one more occurrence of a sale still unpaid.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib import clock, tenancy
from chalicelib.alerts import repository
from chalicelib.alerts.passes import Finding, Pass, settle
from chalicelib.changes import Change

PENDING_PAYMENT_TOO_LONG = "PENDING_PAYMENT_TOO_LONG"
UNPAID = frozenset({"PENDING_PAYMENT", "PARTIALLY_PAID"})
TICK = timedelta(minutes=30)


def on_sale_unpaid(change: Change) -> None:
    """Keep the unpaid-sale item of a sale entering or leaving the unpaid states."""
    before, after = _unpaid(change.old), _unpaid(change.new)
    if before is not None and (after is None or after.sk != before.sk):
        repository.delete_unpaid(before.sale)
    if after is not None and (before is None or after.sk != before.sk):
        repository.put_unpaid(after.sale)


def pending_payments(tenant_id: str) -> int:
    """Open or bump the alert of each sale unpaid for too long, resolve those of sales paid or
    cancelled since; the number of sales found unpaid for too long."""
    now = clock.now()
    settings = tenancy.tenant_settings(tenant_id)
    limit = timedelta(minutes=settings.pending_payment_alert_minutes)
    late = repository.unpaid_before(tenant_id, clock.iso(now - limit))
    run = Pass(tenant_id, PENDING_PAYMENT_TOO_LONG, "sale", clock.iso(now), job_position(now))
    findings = []
    for sale in late:
        minutes = int((now - clock.parse_iso(sale.submitted_at)).total_seconds() // 60)
        message = f"Sale {sale.number or sale.sale_id} unpaid for {minutes} minutes."
        findings.append(Finding(sale.store_id, sale.sale_id, message))
    stores = sorted({sale.store_id for sale in late} | set(tenancy.live_stores(tenant_id, None)))
    return settle(run, findings, stores)


def job_position(now: datetime) -> str:
    """The pass's position: the start of its 30-minute tick, as text that sorts in time."""
    step = int(TICK.total_seconds())
    tick = datetime.fromtimestamp(int(now.timestamp()) // step * step, UTC)
    return "J" + clock.iso(tick)


class _Unpaid:
    def __init__(self, sale: repository.UnpaidSale) -> None:
        self.sale = sale
        self.sk = (sale.submitted_at, sale.sale_id)


def _unpaid(image: dict[str, Any] | None) -> _Unpaid | None:
    if not image or str(image.get("status")) not in UNPAID or not image.get("submitted_at"):
        return None
    return _Unpaid(
        repository.UnpaidSale(
            tenant_id=str(image["tenant_id"]),
            sale_id=str(image["id"]),
            store_id=str(image["store_id"]),
            number=str(image["number"]) if image.get("number") else None,
            submitted_at=str(image["submitted_at"]),
        )
    )
