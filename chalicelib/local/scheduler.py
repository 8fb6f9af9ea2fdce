"""Runs the app's `@app.schedule` handlers locally, at their rate or cron, in UTC.

Supported expressions: `Rate(n, unit)` / `rate(n minutes|hours|days)` (first run one period
after start, like EventBridge) and `Cron(...)` / `cron(min hour dom month dow year)` with `*`,
`?`, numbers, `a,b`, `a-b`, `*/n` and `a-b/n`, month names JAN-DEC and day names SUN-SAT.
Day-of-week is 1-7 with 1 = Sunday, as in EventBridge. One of day-of-month and day-of-week must
be `?` or `*`. `L`, `W` and `#` are not supported and raise ValueError.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any, Protocol

from chalice.app import Cron, Rate, ScheduledEventConfig, ScheduleExpression

from chalicelib.local.events import LambdaContext
from chalicelib.local.pump import resolve_handler

logger = logging.getLogger("comptoir.local.scheduler")

Handler = Callable[[dict[str, Any], Any], Any]
Clock = Callable[[], datetime]
LOCAL_ACCOUNT = "000000000000"
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
YEAR_RANGE = (1970, 2199)


class Schedule(Protocol):
    def next_after(self, moment: datetime) -> datetime | None: ...


@dataclass(frozen=True)
class RateSchedule:
    period: timedelta

    def next_after(self, moment: datetime) -> datetime | None:
        return moment + self.period


@dataclass(frozen=True)
class CronSchedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int]
    months: frozenset[int]
    days_of_week: frozenset[int]
    years: frozenset[int]

    def next_after(self, moment: datetime) -> datetime | None:
        """The first matching minute strictly after `moment`, or None if there is none."""
        candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        last_year = max(self.years)
        while candidate.year <= last_year:
            if candidate.year not in self.years:
                candidate = candidate.replace(
                    year=candidate.year + 1, month=1, day=1, hour=0, minute=0
                )
            elif candidate.month not in self.months:
                candidate = _first_of_next_month(candidate)
            elif not self._day_matches(candidate):
                candidate = (candidate + timedelta(days=1)).replace(hour=0, minute=0)
            elif candidate.hour not in self.hours:
                candidate = (candidate + timedelta(hours=1)).replace(minute=0)
            elif candidate.minute not in self.minutes:
                candidate += timedelta(minutes=1)
            else:
                return candidate
        return None

    def _day_matches(self, moment: datetime) -> bool:
        aws_weekday = (moment.weekday() + 1) % 7 + 1
        return moment.day in self.days_of_month and aws_weekday in self.days_of_week


def _first_of_next_month(moment: datetime) -> datetime:
    if moment.month == 12:
        return moment.replace(year=moment.year + 1, month=1, day=1, hour=0, minute=0)
    return moment.replace(month=moment.month + 1, day=1, hour=0, minute=0)


def _value(token: str, names: list[str] | None, offset: int) -> int:
    upper = token.upper()
    if names and upper in names:
        return names.index(upper) + offset
    if not upper.isdigit():
        raise ValueError(f"unsupported cron value {token!r}")
    return int(upper)


def parse_cron_field(
    text: str, low: int, high: int, names: list[str] | None = None
) -> frozenset[int]:
    """One cron field into the set of values it allows."""
    values: set[int] = set()
    for part in str(text).strip().split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span in ("*", "?"):
            start, stop = low, high
        elif "-" in span:
            first, _, last = span.partition("-")
            start, stop = _value(first, names, low), _value(last, names, low)
        else:
            start = _value(span, names, low)
            stop = high if step_text else start
        if not low <= start <= stop <= high or step < 1:
            raise ValueError(f"cron field {text!r} is outside {low}-{high}")
        values.update(range(start, stop + 1, step))
    return frozenset(values)


def parse_cron(fields: list[str]) -> CronSchedule:
    if len(fields) != 6:
        raise ValueError(f"cron needs 6 fields, got {len(fields)}: {fields}")
    minute, hour, day_of_month, month, day_of_week, year = (str(f).strip() for f in fields)
    if day_of_month not in ("?", "*") and day_of_week not in ("?", "*"):
        raise ValueError("one of day-of-month and day-of-week must be '?'")
    return CronSchedule(
        minutes=parse_cron_field(minute, 0, 59),
        hours=parse_cron_field(hour, 0, 23),
        days_of_month=parse_cron_field(day_of_month, 1, 31),
        months=parse_cron_field(month, 1, 12, MONTHS),
        days_of_week=parse_cron_field(day_of_week, 1, 7, DAYS),
        years=parse_cron_field(year, *YEAR_RANGE),
    )


def parse_rate(value: int, unit: str) -> RateSchedule:
    name = unit.lower().rstrip("s")
    if name not in UNIT_SECONDS or int(value) < 1:
        raise ValueError(f"unsupported rate {value} {unit}")
    return RateSchedule(timedelta(seconds=int(value) * UNIT_SECONDS[name]))


def parse_schedule(expression: ScheduleExpression | str) -> Schedule:
    """A Chalice `Rate`/`Cron` or an EventBridge `rate(...)`/`cron(...)` string."""
    if isinstance(expression, Rate):
        return parse_rate(expression.value, expression.unit)
    if isinstance(expression, Cron):
        return parse_cron(
            [
                str(expression.minutes),
                str(expression.hours),
                str(expression.day_of_month),
                str(expression.month),
                str(expression.day_of_week),
                str(expression.year),
            ]
        )
    if not isinstance(expression, str):
        raise TypeError(f"unsupported schedule expression {expression!r}")
    text = expression.strip()
    if text.startswith("rate(") and text.endswith(")"):
        value, unit = text[5:-1].split()
        return parse_rate(int(value), unit)
    if text.startswith("cron(") and text.endswith(")"):
        return parse_cron(text[5:-1].split())
    raise ValueError(f"unsupported schedule expression {expression!r}")


@dataclass
class ScheduledJob:
    name: str
    handler: Handler
    schedule: Schedule
    rule_arn: str


def scheduled_event(job: ScheduledJob, moment: datetime, region: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": LOCAL_ACCOUNT,
        "time": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [job.rule_arn],
        "detail": {},
    }


def scheduled_jobs(app_module: ModuleType, region: str = "eu-west-1") -> list[ScheduledJob]:
    """The app's `@app.schedule` handlers, from `app.event_sources`."""
    app = app_module.app
    jobs = []
    for config in app.event_sources:
        if not isinstance(config, ScheduledEventConfig):
            continue
        rule = f"{app.app_name}-local-{config.name}"
        jobs.append(
            ScheduledJob(
                name=config.name,
                handler=resolve_handler(config.handler_string, app_module),
                schedule=parse_schedule(config.schedule_expression),
                rule_arn=f"arn:aws:events:{region}:{LOCAL_ACCOUNT}:rule/{rule}",
            )
        )
    return jobs


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Scheduler:
    """Fires each job at its next time from a background thread; a failing job is logged."""

    def __init__(
        self, jobs: list[ScheduledJob], *, region: str = "eu-west-1", clock: Clock = _utcnow
    ) -> None:
        self.jobs = {job.name: job for job in jobs}
        self.region = region
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next: dict[str, datetime | None] = {}

    def run_now(self, name: str) -> Any:
        """Invoke one job now and return its result; raises what the job raises."""
        job = self.jobs.get(name)
        if job is None:
            known = ", ".join(sorted(self.jobs)) or "none"
            raise KeyError(f"no scheduled job {name!r} (known: {known})")
        event = scheduled_event(job, self.clock(), self.region)
        return job.handler(event, LambdaContext(function_name=name))

    def next_fire_times(self) -> dict[str, datetime | None]:
        return dict(self._next)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        now = self.clock()
        self._next = {name: job.schedule.next_after(now) for name, job in self.jobs.items()}
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_due(self) -> list[str]:
        """Run every job whose time has come and schedule its next run; returns their names."""
        now = self.clock()
        due = [name for name, at in self._next.items() if at is not None and at <= now]
        for name in due:
            self._run_logged(name)
            self._next[name] = self.jobs[name].schedule.next_after(self.clock())
        return due

    def _run_logged(self, name: str) -> None:
        try:
            result = self.run_now(name)
            logger.info("scheduled job %s finished: %r", name, result)
        except Exception:
            logger.exception("scheduled job %s failed", name)

    def _seconds_to_next(self) -> float:
        upcoming = [at for at in self._next.values() if at is not None]
        if not upcoming:
            return 60.0
        return max(0.0, min(60.0, (min(upcoming) - self.clock()).total_seconds()))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            self._stop.wait(self._seconds_to_next())
