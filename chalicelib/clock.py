"""Time and identifiers in one place, so tests can pin the clock."""

from __future__ import annotations

import time as _time
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ulid import ULID


def now() -> datetime:
    return datetime.now(UTC)


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
