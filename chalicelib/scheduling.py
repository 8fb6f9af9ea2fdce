"""Which tenants' daily jobs are due when the scheduler runs: a daily job at local HH:MM runs
for a local day the first time the scheduler passes that local time on that day.

The scheduler runs on a fixed UTC cadence and covers, each time, the window of instants since its
previous run: (since, until]. A job is due for local day D when the first instant of D whose
local wall time is at or past HH:MM lies in that window. Windows that follow each other share
their bounds, so each local day's run falls in exactly one of them, whatever the cadence:
- when the clock moves forward over HH:MM (02:30 on a spring-forward night), the first instant
  past it is the end of the gap (03:00 local), and the job runs then;
- when the clock moves back over HH:MM (02:30 twice), only its first occurrence counts;
- half-hour and 45-minute zones need nothing more: the window holds the instant or not;
- a day the zone skips altogether (Pacific/Apia, 2011-12-30) has no run;
- a job at 23:45 with runs at 23:30 and 00:00 runs at 00:00, for the day that just ended.
Where API.md is silent: after an outage, a window reaches back at most CATCH_UP (2 days); older
runs are not made up (`make invoke` runs a job now, `kpi-snapshot` for any DATE). The marker
(tenant, job, local day), written with the job's effect, keeps an overlapping or retried run
from doing a day twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CATCH_UP = timedelta(days=2)
CADENCE = timedelta(minutes=30)
DAILY_JOBS: Mapping[str, time] = {
    "abnormal-discounts": time(22, 0),
    "cash-variance": time(23, 0),
    "overdue-credit": time(8, 0),
    "expiring-lots": time(0, 15),
    "loyalty-expiry": time(2, 0),
    "kpi-snapshot": time(1, 0),
}


@dataclass(frozen=True, order=True)
class DueRun:
    """One daily job to run for one tenant and local day."""

    tenant_id: str
    job: str
    local_day: date

    @property
    def marker_parts(self) -> tuple[str, str, str]:
        """What the run's marker is keyed by: tenant, job and local day (`YYYY-MM-DD`)."""
        return self.tenant_id, self.job, self.local_day.isoformat()


def tick_window(now: datetime, cadence: timedelta = CADENCE) -> tuple[datetime, datetime]:
    """The window of a run started at `now`, from the scheduled ticks (late starts included)."""
    step = int(cadence.total_seconds())
    if step <= 0:
        raise ValueError("The cadence must be positive.")
    tick = datetime.fromtimestamp(int(now.timestamp()) // step * step, UTC)
    return tick - cadence, tick


def first_passing(day: date, at: time, timezone: str) -> datetime | None:
    """The first instant of local `day` whose wall time is at or past `at` (None: no such one)."""
    zone, wall = ZoneInfo(timezone), datetime.combine(day, at)
    candidates = sorted(wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
    existing = [moment for moment in candidates if _wall(moment, zone) == wall]
    if existing:
        return existing[0]
    found = _end_of_gap(candidates[0], candidates[1], wall, zone)
    return found if _wall(found, zone).date() == day else None


def due_days(at: time, timezone: str, since: datetime, until: datetime) -> list[date]:
    """The local days whose run of a job at local `at` falls in the window (since, until]."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("The window's instants must carry their time zone.")
    since = max(since, until - CATCH_UP)
    if until <= since:
        return []
    zone = ZoneInfo(timezone)
    day = since.astimezone(zone).date() - timedelta(days=1)
    last = until.astimezone(zone).date() + timedelta(days=1)
    found = []
    while day <= last:
        moment = first_passing(day, at, timezone)
        if moment is not None and since < moment <= until:
            found.append(day)
        day += timedelta(days=1)
    return found


def due_runs(
    tenant_zones: Mapping[str, str],
    since: datetime,
    until: datetime,
    jobs: Mapping[str, time] = DAILY_JOBS,
) -> list[DueRun]:
    """Every (tenant, job, local day) due in the window, from each tenant's time zone."""
    by_zone = _days_by_zone(set(tenant_zones.values()), jobs, since, until)
    return sorted(
        DueRun(tenant_id, job, day)
        for tenant_id, zone in tenant_zones.items()
        for job, days in by_zone[zone].items()
        for day in days
    )


def zones_due(
    zones: Iterable[str], since: datetime, until: datetime, jobs: Mapping[str, time] = DAILY_JOBS
) -> list[str]:
    """The time zones with a job due in the window: the registry entries worth reading."""
    by_zone = _days_by_zone(set(zones), jobs, since, until)
    return sorted(zone for zone, days in by_zone.items() if any(days.values()))


def _days_by_zone(
    zones: set[str], jobs: Mapping[str, time], since: datetime, until: datetime
) -> dict[str, dict[str, list[date]]]:
    return {
        zone: {job: due_days(at, zone, since, until) for job, at in jobs.items()} for zone in zones
    }


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _end_of_gap(low: datetime, high: datetime, wall: datetime, zone: ZoneInfo) -> datetime:
    """The first second in (low, high] whose wall time is at or past `wall` (low's is before)."""
    before, after = int(low.timestamp()), int(high.timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) >= wall:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)
