"""Scheduled work over every tenant, found through the tenant registry (never a Scan).

One schedule (every 30 minutes, UTC) runs `run_schedule`: the checks that run at every pass
(`TENANT_CHECKS`) for every tenant, then the daily jobs whose tenant-local time came within the
pass's window (chalicelib/scheduling.py), each once per tenant and local day: a marker per
tenant, job and day, read before and written after the job, makes an overlapping or repeated
pass skip a day already done (and every job is idempotent besides). `run_job` runs one job now
for every tenant (`make invoke JOB=<name>`). One failing tenant never stops the others; each
pass logs its summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import clock, scheduling
from chalicelib.alerts.lots import expiring_lots
from chalicelib.alerts.overdue import overdue_credit
from chalicelib.alerts.pending import pending_payments
from chalicelib.alerts.staff import abnormal_discounts, cash_variance
from chalicelib.log import logger
from chalicelib.loyalty import expire_points
from chalicelib.reports.jobs import kpi_snapshot
from chalicelib.tenancy import job_ran, record_job_run, tenant_ids, tenant_zones

TenantCheck = Callable[[str], int]
DailyJob = Callable[[str, date], int]
"""(tenant id, the local day the run is for) -> how many findings or writes it made."""

# name -> check(tenant_id) returning how many findings it raised, run at every pass.
TENANT_CHECKS: dict[str, TenantCheck] = {"pending-payments": pending_payments}


def _snapshot_previous_day(tenant_id: str, run_day: date) -> int:
    """kpi-snapshot runs at 01:00 local and takes the day that just ended."""
    return kpi_snapshot(tenant_id, run_day - timedelta(days=1))


# name -> job(tenant_id, local day of the run); their local times are scheduling.DAILY_JOBS'.
DAILY: dict[str, DailyJob] = {
    "abnormal-discounts": abnormal_discounts,
    "cash-variance": cash_variance,
    "overdue-credit": overdue_credit,
    "expiring-lots": expiring_lots,
    "loyalty-expiry": expire_points,
    "kpi-snapshot": _snapshot_previous_day,
}


def job_names() -> list[str]:
    return sorted([*TENANT_CHECKS, *DAILY])


def run_tenant_checks(checks: dict[str, TenantCheck] | None = None) -> dict[str, Any]:
    """Run every check for every tenant; one failing tenant does not stop the others."""
    selected = TENANT_CHECKS if checks is None else checks
    summary = _checks(selected, list(tenant_ids()))
    logger().info("tenant checks done", extra=summary)
    return summary


def run_schedule(
    now: datetime | str | None = None, zones: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One pass of the scheduler at `now` (an instant or its RFC 3339 text; default: now): the
    checks, then the daily jobs due in its window for the tenants of the registry (or of
    `zones`: tenant id -> time zone)."""
    moment = clock.parse_iso(now) if isinstance(now, str) else now
    since, until = scheduling.tick_window(moment or clock.now())
    tenants = dict(tenant_zones()) if zones is None else dict(zones)
    summary = _checks(TENANT_CHECKS, list(tenants))
    summary.update(runs=0, skipped=0, window=[since.isoformat(), until.isoformat()])
    times = {name: scheduling.DAILY_JOBS[name] for name in DAILY}
    for run in scheduling.due_runs(tenants, since, until, times):
        tenant_id, job, day = run.marker_parts
        try:
            if job_ran(tenant_id, job, day):
                summary["skipped"] += 1
                continue
            found = DAILY[job](tenant_id, run.local_day)
            record_job_run(tenant_id, job, day, found)
        except Exception:  # noqa: BLE001 - logged; the other tenants still get their run
            summary["failures"] += 1
            logger().exception("daily job failed", extra={"job": job, "tenant_id": tenant_id})
            continue
        summary["runs"] += 1
        summary["findings"][job] = summary["findings"].get(job, 0) + found
    logger().info("scheduled jobs done", extra=summary)
    return summary


def run_job(name: str, day: date | None = None, zones: Mapping[str, str] | None = None) -> Any:
    """Run one job now for every tenant (markers neither read nor written: each job is
    idempotent). A daily job runs for each tenant's local today; `kpi-snapshot` takes `day`
    (the day to snapshot, default the tenant's local yesterday)."""
    if name not in TENANT_CHECKS and name not in DAILY:
        raise KeyError(f"no job {name!r} (known: {', '.join(job_names())})")
    tenants = dict(tenant_zones()) if zones is None else dict(zones)
    if name in TENANT_CHECKS:
        summary = _checks({name: TENANT_CHECKS[name]}, list(tenants))
    else:
        summary = _daily(name, tenants, day)
    logger().info("job run done", extra={"job": name, **summary})
    return summary


def _daily(name: str, tenants: Mapping[str, str], day: date | None) -> dict[str, Any]:
    summary: dict[str, Any] = {"tenants": 0, "findings": {name: 0}, "failures": 0}
    moment = clock.now()
    for tenant_id, zone in tenants.items():
        summary["tenants"] += 1
        run_day = moment.astimezone(ZoneInfo(zone)).date()
        if name == "kpi-snapshot" and day is not None:
            run_day = day + timedelta(days=1)
        try:
            summary["findings"][name] += DAILY[name](tenant_id, run_day)
        except Exception:  # noqa: BLE001 - logged; the next tenant still runs
            summary["failures"] += 1
            logger().exception("job failed", extra={"job": name, "tenant_id": tenant_id})
    return summary


def _checks(selected: Mapping[str, TenantCheck], tenants: list[str]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "tenants": 0,
        "findings": {name: 0 for name in selected},
        "failures": 0,
    }
    for tenant_id in tenants:
        summary["tenants"] += 1
        for name, check in selected.items():
            try:
                summary["findings"][name] += check(tenant_id)
            except Exception:  # noqa: BLE001 - logged; the next tenant still gets checked
                summary["failures"] += 1
                logger().exception(
                    "tenant check failed", extra={"check": name, "tenant_id": tenant_id}
                )
    return summary
