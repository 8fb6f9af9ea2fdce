"""The reports' scheduled work: the daily KPI snapshot of each store and of the tenant, and the
clearing of settled months' marks."""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib import clock, tenancy
from chalicelib.reports import repository as repo
from chalicelib.reports.readings import Scope
from chalicelib.reports.rollups import DIMENSIONS, JOURNAL_DAYS, TENANT, store_scope
from chalicelib.reports.service import kpis_of

SETTLING_MONTHS = 13
"""At most this many months are cleared in one run (a year's KPIs read 13 months)."""


def kpi_snapshot(tenant_id: str, day: date) -> int:
    """The KPIs of local `day` per store and for the tenant, each written once (its as-of-now
    figures are those of the first run, and a later run leaves it as it is), then the marks of
    the months settled since the last run are cleared; returns how many items this run wrote."""
    tenant = tenancy.tenant_settings(tenant_id)
    today = clock.local_date(clock.now(), tenant.timezone)
    scopes = [Scope((TENANT,), None)] + [
        Scope((store_scope(store),), (store,)) for store in tenancy.live_stores(tenant_id, None)
    ]
    written = 0
    for scope in scopes:
        figures = kpis_of(tenant_id, tenant.currency, scope, day, day, today).model_dump(
            mode="json"
        )
        store_id = scope.store_ids[0] if scope.store_ids else None
        written += repo.put_snapshot(tenant_id, scope.names[0], day.isoformat(), store_id, figures)
    for scope in scopes:
        written += settle_months(tenant_id, scope.names[0], today)
    return written


def settle_months(tenant_id: str, scope: str, today: date) -> int:
    """Clear the month items of every month settled since the scope's last clearing of their
    high-water marks, and return how many items were cleared.

    A month is settled once it ended more than JOURNAL_DAYS days ago: the stream writes nothing
    more to it, so its marks guard nothing. The stream's own updates keep only the marks of a
    month item's last JOURNAL_DAYS + 1 days; clearing those makes a settled month item's size
    depend on its figures alone, not on how many of its last days it heard from, and the KPIs
    read such items for every whole month of their range. A mark that moved since it was read
    is left (and the month is cleared again next run)."""
    latest = last_settled_month(today)
    done = noted = repo.settled_month(tenant_id, scope)
    if done is None:  # never cleared: from the tenant's first local month on
        began = date.fromisoformat(tenancy.activity_period(tenant_id, None, None).start[:10])
        began -= timedelta(days=1)  # its first UTC day may be the eve in local time
        done = (began.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    months = months_between(done, latest)
    cleared, complete = 0, True
    for month in months:
        for dimension in DIMENSIONS:
            for sk, marks in repo.marked_month_items(tenant_id, scope, dimension, month):
                if repo.drop_marks(tenant_id, scope, sk, marks):
                    cleared += 1
                else:
                    complete = False
    if complete and (months or noted is None):
        repo.put_settled_month(tenant_id, scope, latest)
    return cleared


def last_settled_month(today: date) -> str:
    """The latest month (`YYYY-MM`) that ended before today - JOURNAL_DAYS."""
    open_since = (today - timedelta(days=JOURNAL_DAYS)).replace(day=1)
    return (open_since - timedelta(days=1)).strftime("%Y-%m")


def months_between(done: str, latest: str) -> list[str]:
    """The months after `done` up to `latest`, at most SETTLING_MONTHS of them (the last ones)."""
    year, month = (int(part) for part in latest.split("-"))
    found: list[str] = []
    while len(found) < SETTLING_MONTHS:
        name = f"{year:04d}-{month:02d}"
        if name <= done:
            break
        found.append(name)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]
