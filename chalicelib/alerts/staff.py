"""The daily checks of what staff did: ABNORMAL_DISCOUNT (abnormal-discounts, 22:00 local) and
CASH_VARIANCE (cash-variance, 23:00 local). Each alert's subject is the user, within a store.

A run for local day D covers what came before the job's time that day (or before now, when
`make invoke` runs it earlier): running it again that day finds the same and writes under the
same position (`J<day>`), so it changes nothing; the next day's run counts a repeat. An open
alert whose cause the run no longer finds is resolved.

- abnormal-discounts: per store and seller, the manual discounts of the sales created in the
  24 hours before the run (sales/discounts.py) above `abnormal_discount_bps` of the lines at
  the products' prices.
- cash-variance: per store and cashier, the last 7 shifts closed among those opened in the 60
  days before the run; at least `cash_variance_repeat` of them with |variance| at or above
  `cash_variance_alert` (0 turns the check off, and resolves what it raised).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from chalicelib import cashier, clock, sales, scheduling, tenancy
from chalicelib.alerts.passes import Finding, Pass, settle

ABNORMAL_DISCOUNT, CASH_VARIANCE = "ABNORMAL_DISCOUNT", "CASH_VARIANCE"
BPS = 10_000
LAST_SHIFTS = 7
SHIFTS_LOOKBACK = timedelta(days=60)

Found = dict[tuple[str, str], str]
"""(store id, user id) -> the alert's message."""


def abnormal_discounts(tenant_id: str, day: date) -> int:
    """Raise ABNORMAL_DISCOUNT for each store and seller over the threshold; how many."""
    settings = tenancy.tenant_settings(tenant_id)
    end = _run_end("abnormal-discounts", day, settings.timezone)
    start = end - timedelta(hours=24)
    found: Found = {}
    for given in sales.seller_discounts(tenant_id, clock.iso(start), clock.iso(end)):
        if given.discount * BPS > settings.abnormal_discount_bps * given.list_amount:
            share = given.discount * BPS // max(given.list_amount, 1) / 100
            found[(given.store_id, given.seller_id)] = (
                f"Manual discounts of {given.discount} on {given.list_amount} at list price "
                f"({share:g} %) over {given.sales_count} sales in the 24 hours before "
                f"{clock.iso(end)}."
            )
    return _settle(tenant_id, ABNORMAL_DISCOUNT, day, end, found)


def cash_variance(tenant_id: str, day: date) -> int:
    """Raise CASH_VARIANCE for each store and cashier whose recent shifts are off too often."""
    settings = tenancy.tenant_settings(tenant_id)
    end = _run_end("cash-variance", day, settings.timezone)
    found: Found = {}
    if settings.cash_variance_alert > 0:
        shifts = cashier.closed_shifts_since(tenant_id, clock.iso(end - SHIFTS_LOOKBACK))
        recent: dict[tuple[str, str], list[cashier.ClosedShift]] = {}
        for shift in sorted(shifts, key=lambda s: s.closed_at, reverse=True):
            if shift.closed_at and shift.closed_at <= clock.iso(end):
                mine = recent.setdefault((shift.store_id, shift.cashier_id), [])
                if len(mine) < LAST_SHIFTS:
                    mine.append(shift)
        for subject, last in recent.items():
            off = [s for s in last if abs(s.variance) >= settings.cash_variance_alert]
            if len(off) >= settings.cash_variance_repeat:
                found[subject] = (
                    f"{len(off)} of the last {len(last)} closed shifts off by at least "
                    f"{settings.cash_variance_alert} (variances "
                    f"{', '.join(str(s.variance) for s in off)})."
                )
    return _settle(tenant_id, CASH_VARIANCE, day, end, found)


def _run_end(job: str, day: date, timezone: str) -> datetime:
    """The job's time on local `day`, or now when the run comes before it."""
    due = scheduling.first_passing(day, scheduling.DAILY_JOBS[job], timezone)
    now = clock.now()
    return now if due is None or now < due else due


def _settle(tenant_id: str, alert_type: str, day: date, end: datetime, found: Found) -> int:
    """Open or bump the alerts found, resolve the open ones not found again."""
    run = Pass(tenant_id, alert_type, "user", clock.iso(end), "J" + day.isoformat())
    findings = [Finding(store, user, message) for (store, user), message in sorted(found.items())]
    return settle(run, findings, _stores(tenant_id, (store for store, _ in found)))


def _stores(tenant_id: str, also: Iterable[str]) -> list[str]:
    return sorted(set(also) | set(tenancy.live_stores(tenant_id, None)))
