"""EXPIRING_LOT (expiring-lots, 00:15 local): one alert per lot with stock expiring within the
tenant's `expiry_alert_days` or already expired, its subject the lot within its store
(`<product_id>#<lot>`). Severity grows as the date nears: INFO, then WARNING in the last 7
days, CRITICAL once expired. The run for local day D writes under `J<D>`: running it again that
day changes nothing, the next day's run counts one more occurrence and raises the severity.
An open alert whose lot no longer qualifies (sold, lost, or no longer near) is resolved.

The lots come from the expiry index (stock keeps it from the stream), one query for the
tenant, never by listing levels. The run also rewrites the levels whose stored `available`
and `expired` midnight made stale (a lot passed its date): the below-minimum index and the
stock alerts follow from that write. No decision waits for it: submit and payment read the
lots themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib import clock, stock, tenancy
from chalicelib.alerts.passes import Finding, Pass, settle

EXPIRING_LOT = "EXPIRING_LOT"
WARNING_DAYS = 7


def expiring_lots(tenant_id: str, day: date) -> int:
    """Refresh the levels midnight changed, raise or bump the alert of each lot near or past
    its date, resolve the others; how many lots it found."""
    settings = tenancy.tenant_settings(tenant_id)
    horizon = day + timedelta(days=settings.expiry_alert_days)
    run = Pass(tenant_id, EXPIRING_LOT, "lot", clock.iso(), "J" + day.isoformat())
    stores = list(tenancy.live_stores(tenant_id, None))
    held = [level for level in stock.lots_expiring(tenant_id, horizon) if level.store_id in stores]
    for store_id in stores:
        stale = [lv.product_id for lv in held if lv.store_id == store_id and _stale(lv, day)]
        if stale:
            stock.ledger.refresh_lots(tenant_id, store_id, stale)
    findings = [
        Finding(
            level.store_id,
            f"{level.product_id}#{lot}",
            _message(lot, units, units * level.unit_cost, expiry, day),
            _severity(expiry, day),
        )
        for level in held
        for lot, (units, expiry) in sorted(level.lots.items())
        if units > 0 and expiry <= horizon
    ]
    return settle(run, findings, stores)


def _stale(level: stock.LotsHeld, day: date) -> bool:
    expired = sum(units for units, expiry in level.lots.values() if expiry < day)
    return expired != level.expired


def _severity(expiry: date, day: date) -> str:
    if expiry < day:
        return "CRITICAL"
    return "WARNING" if (expiry - day).days < WARNING_DAYS else "INFO"


def _message(lot: str, units: int, value: int, expiry: date, day: date) -> str:
    """What is at stake: the units and their value at the level's average cost."""
    if expiry < day:
        return (
            f"Lot {lot}: {units} units expired on {expiry.isoformat()} (worth {value} at "
            "cost), never sold: remove them."
        )
    left = (expiry - day).days
    return (
        f"Lot {lot}: {units} units (worth {value} at cost) expire on {expiry.isoformat()} "
        f"({left} days left)."
    )
