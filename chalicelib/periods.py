"""Periods of the lists over time buckets: `from`/`to` filters and the months they cover.

A period is clamped to the tenant's activity (from its `active_since` to now), so a wide or
far-future range never walks months that cannot hold anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from chalicelib import clock
from chalicelib.clock import day_end_utc, day_start_utc, iso
from chalicelib.http import QueryModel

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _calendar_day(value: Any) -> Any:
    """A date sent as text (YYYY-MM-DD: JSON has no date type), read as one here so that
    strict bodies take it as well as queries."""
    if isinstance(value, str):
        if not _DAY.match(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


FilterDate = Annotated[date, BeforeValidator(_calendar_day), Field(ge=FIRST_DAY, le=LAST_DAY)]


class PeriodQuery(QueryModel):
    """`from` and `to`: tenant-local dates between 2000-01-01 and 2100-12-31, in order."""

    to: FilterDate | None = None
    from_: FilterDate | None = Field(default=None, alias="from")

    @field_validator("from_")
    @classmethod
    def _not_after_to(cls, value: date | None, info: ValidationInfo) -> date | None:
        to = info.data.get("to")
        if value is not None and to is not None and value > to:
            raise ValueError("from must not be after to")
        return value


@dataclass(frozen=True)
class Period:
    """RFC 3339 bounds, both included; empty when `start` is after `end`."""

    start: str
    end: str

    @property
    def months(self) -> list[str]:
        """Months from the end back to the start, as YYYY-MM (none for an empty period)."""
        return months_between(self.start, self.end) if self.start <= self.end else []


def window(
    start_day: date | None, end_day: date | None, timezone: str, active_since: str
) -> Period:
    """The tenant-local days asked for, clamped to the tenant's activity and to now."""
    moment = iso(clock.now())
    start = iso(day_start_utc(start_day, timezone)) if start_day else active_since
    end = iso(day_end_utc(end_day, timezone)) if end_day else moment
    return Period(start=max(start, active_since), end=min(end, moment))


def months_between(first: str, last: str) -> list[str]:
    """Months from `last` back to `first`, as YYYY-MM."""
    year, month = int(last[:4]), int(last[5:7])
    months = []
    while f"{year:04d}-{month:02d}" >= first[:7]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months
