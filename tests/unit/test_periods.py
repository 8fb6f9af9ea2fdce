"""Month-bucketed collections are paged newest first, resuming where a page stopped."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import periods


def test_months_run_from_the_last_back_to_the_first() -> None:
    assert periods.months_between("2025-11-30T10:00:00Z", "2026-02-01T00:00:00Z") == [
        "2026-02",
        "2026-01",
        "2025-12",
        "2025-11",
    ]


def test_the_window_uses_the_tenants_local_days() -> None:
    start, end = periods.window(date(2026, 11, 21), date(2026, 11, 21), "Africa/Douala", "x")
    assert (start, end) == ("2026-11-20T23:00:00Z", "2026-11-21T22:59:59Z")


def fake_buckets(contents: dict[str, list[int]]) -> periods.MonthQuery[int]:
    """Each month holds numbers; a key is the position to resume from within that month."""

    def query(month: str, size: int, key: dict[str, Any] | None) -> Any:
        start = key["at"] if key else 0
        chunk = contents.get(month, [])[start : start + size]
        more = start + size < len(contents.get(month, []))
        return chunk, ({"at": start + size} if more else None)

    return query


def test_pages_cross_months_and_cover_everything_once() -> None:
    contents = {"2026-03": [1, 2, 3], "2026-02": [], "2026-01": [4, 5]}
    query = fake_buckets(contents)
    months = ["2026-03", "2026-02", "2026-01"]
    seen: list[int] = []
    cursor: dict[str, Any] | None = None
    pages = 0
    while True:
        items, cursor = periods.page_months(months, query, 2, cursor)
        seen += items
        pages += 1
        if cursor is None:
            break
    assert seen == [1, 2, 3, 4, 5] and pages == 3
