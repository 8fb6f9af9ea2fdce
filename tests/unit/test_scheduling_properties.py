"""Property: a scheduler running every 30 minutes (or at any uneven pace) across clock changes
and half-hour zones runs each daily job exactly once per local day, at its first run at or past
the local time, checked against local times read minute by minute."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.scheduling import CADENCE, DAILY_JOBS, DueRun, due_runs, tick_window

# (zone, a day with a clock change or an offset that is not whole hours)
AROUND = [
    ("Europe/Paris", date(2026, 3, 29)),
    ("Europe/Paris", date(2026, 10, 25)),
    ("America/St_Johns", date(2026, 3, 8)),
    ("America/St_Johns", date(2026, 11, 1)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),
    ("Asia/Kathmandu", date(2026, 6, 1)),
    ("Africa/Douala", date(2026, 3, 29)),
]
DAYS = 4


def span(day: date) -> tuple[datetime, datetime]:
    """The UTC instants scanned around a day: two days either side, wide of every offset."""
    start = datetime.combine(day - timedelta(days=2), time.min, tzinfo=UTC)
    return start, start + timedelta(days=DAYS)


@cache
def local_minutes(zone: str, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """Every UTC minute of the span beside its local wall time."""
    start, end = span(day)
    tz = ZoneInfo(zone)
    minutes, moment = [], start
    while moment < end:
        minutes.append((moment, moment.astimezone(tz).replace(tzinfo=None)))
        moment += timedelta(minutes=1)
    return tuple(minutes)


def inner_days(zone: str, day: date) -> set[date]:
    """The local days wholly inside the span, the ones a run is checked for."""
    start, end = span(day)
    local = ZoneInfo(zone)
    first, last = start.astimezone(local).date(), end.astimezone(local).date()
    return {first + timedelta(days=n) for n in range(1, (last - first).days)}


def expected_runs(zone: str, day: date, job: str, at: time, ticks: list[datetime]) -> set:
    """For each inner local day: the first tick at or past the first minute of its local time."""
    first: dict[date, datetime] = {}
    for moment, wall in local_minutes(zone, day):
        if wall.time() >= at and wall.date() not in first:
            first[wall.date()] = moment
    runs = set()
    for local_day in inner_days(zone, day):
        runs.add((DueRun("T", job, local_day), min(t for t in ticks if t >= first[local_day])))
    return runs


def observed_runs(
    zone: str, ticks: list[datetime], day: date, jobs: dict[str, time]
) -> set[tuple[DueRun, datetime]]:
    """What the scheduler runs for the inner days, each window starting where the last ended."""
    runs, since = set(), span(day)[0]
    for tick in ticks:
        runs |= {(run, tick) for run in due_runs({"T": zone}, since, tick, jobs=jobs)}
        since = tick
    inner = inner_days(zone, day)
    return {(run, tick) for run, tick in runs if run.local_day in inner}


def cadence_ticks(day: date, jitter: list[int]) -> list[datetime]:
    """Runs started up to a minute late, each covering its scheduled tick's window, to past the
    span's end."""
    start, end = span(day)
    ticks: list[datetime] = []
    moment = start
    while moment <= end:
        moment += CADENCE
        late = moment + timedelta(seconds=jitter[len(ticks) % len(jitter)])
        ticks.append(tick_window(late)[1])
    return ticks


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(AROUND), st.lists(st.integers(0, 59), min_size=1, max_size=8))
def test_every_30_minutes_each_daily_job_runs_once_per_local_day(
    around: tuple[str, date], jitter: list[int]
) -> None:
    zone, day = around
    ticks = cadence_ticks(day, jitter)
    got = observed_runs(zone, ticks, day, dict(DAILY_JOBS))
    for job, at in DAILY_JOBS.items():
        mine = {(run, tick) for run, tick in got if run.job == job}
        assert mine == expected_runs(zone, day, job, at, ticks)
        assert sorted(run.local_day for run, _ in mine) == sorted(inner_days(zone, day))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(AROUND),
    st.integers(0, 23),
    st.sampled_from([0, 1, 15, 29, 30, 45, 59]),
    st.lists(st.integers(1, 95), min_size=1, max_size=20),
)
def test_at_any_pace_and_any_local_time_no_day_is_skipped_or_doubled(
    around: tuple[str, date], hour: int, minute: int, gaps: list[int]
) -> None:
    zone, day = around
    start, end = span(day)
    ticks: list[datetime] = []
    moment = start
    while moment <= end:
        moment += timedelta(minutes=gaps[len(ticks) % len(gaps)])
        ticks.append(moment)
    at = time(hour, minute)
    got = observed_runs(zone, ticks, day, {"loyalty-expiry": at})
    assert got == expected_runs(zone, day, "loyalty-expiry", at, ticks)
