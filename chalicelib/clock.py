"""Time and identifiers in one place, so tests can pin the clock."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ulid import ULID

_pinned = threading.local()


def now() -> datetime:
    moment: datetime | None = getattr(_pinned, "moment", None)
    return moment if moment is not None else datetime.now(UTC)


@contextmanager
def pinned_at(moment: datetime) -> Iterator[datetime]:
    """Run the block as if it were `moment` (seeds writing past history through the services):
    `now()` and `iso()` answer it in this thread until the block ends, even when it raises;
    the other threads (the local runtime's stream pump, scheduler and server) keep the real
    clock. It reaches code that calls `clock.now()` or `iso()`, not a `now` imported by name."""
    if moment.tzinfo is None:
        raise ValueError("pinned_at needs an aware datetime")
    before = getattr(_pinned, "moment", None)
    _pinned.moment = moment
    try:
        yield moment
    finally:
        _pinned.moment = before


def epoch() -> int:
    return int(_time.time())


def iso(moment: datetime | None = None) -> str:
    """RFC 3339 UTC with second precision, the API's timestamp format."""
    return (moment or now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return str(ULID())


def day_start_utc(day: date, timezone: str) -> datetime:
    """The instant a tenant-local day begins, in UTC."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def day_end_utc(day: date, timezone: str) -> datetime:
    """The last second of a tenant-local day, in UTC."""
    return day_start_utc(day + timedelta(days=1), timezone) - timedelta(seconds=1)


def local_date(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
