"""Paging newest first through month-bucketed partitions within a period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from chalicelib.clock import day_end_utc, day_start_utc, iso, now

T = TypeVar("T")
MonthQuery = Callable[[str, int, dict[str, Any] | None], tuple[list[T], dict[str, Any] | None]]


def window(
    start_day: date | None, end_day: date | None, timezone: str, earliest: str
) -> tuple[str, str]:
    """The period as RFC 3339 bounds: tenant-local days, by default everything so far."""
    start = iso(day_start_utc(start_day, timezone)) if start_day else earliest
    end = iso(day_end_utc(end_day, timezone)) if end_day else iso(now())
    return start, end


def months_between(first: str, last: str) -> list[str]:
    """Months from `last` back to `first`, as YYYY-MM."""
    year, month = int(last[:4]), int(last[5:7])
    months = []
    while f"{year:04d}-{month:02d}" >= first[:7]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def page_months(
    months: list[str], query: MonthQuery[T], limit: int, cursor: dict[str, Any] | None
) -> tuple[list[T], dict[str, Any] | None]:
    """Fill a page month by month; the cursor remembers the month and the key within it."""
    if cursor:
        months = [month for month in months if month <= str(cursor.get("month"))]
    start_key = cursor.get("key") if cursor else None
    found: list[T] = []
    for position, month in enumerate(months):
        items, last_key = query(month, limit - len(found), start_key)
        found += items
        start_key = None
        if last_key is not None:
            return found, {"month": month, "key": last_key}
        if len(found) >= limit:
            following = months[position + 1 :]
            return found, ({"month": following[0], "key": None} if following else None)
    return found, None
