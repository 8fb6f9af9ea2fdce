"""Lists walk their partitions in order within a budget of queries per page."""

from __future__ import annotations

from typing import Any

from chalicelib import buckets
from chalicelib.buckets import Bucket, Budget


def fake_partitions(contents: dict[str, list[int]], calls: list[str]) -> buckets.BucketQuery[int]:
    """Each bucket holds numbers, read two per query; a key is the position to resume from."""

    def query(bucket: Bucket, size: int, key: dict[str, Any] | None, budget: Budget) -> Any:
        held = contents.get(bucket.name, [])
        at = key["at"] if key else 0
        found: list[int] = []
        while True:
            calls.append(bucket.name)
            budget.spend()
            taken = held[at : at + min(2, size - len(found))]
            found += taken
            at += len(taken)
            if at >= len(held):
                return found, None
            if len(found) >= size or budget.spent:
                return found, {"at": at}

    return query


def read_all(walk: list[Bucket], query: Any, limit: int) -> tuple[list[int], int]:
    seen: list[int] = []
    cursor: dict[str, Any] | None = None
    pages = 0
    while True:
        items, cursor = buckets.page_buckets(walk, query, limit, cursor)
        seen += items
        pages += 1
        assert pages < 100
        if cursor is None:
            return seen, pages


def test_buckets_are_each_month_then_each_store_within_it() -> None:
    walk = buckets.buckets(["2026-03", "2026-02"], ("S1", "S2"))
    assert [b.name for b in walk] == ["2026-03/S1", "2026-03/S2", "2026-02/S1", "2026-02/S2"]
    assert [b.name for b in buckets.buckets(["2026-03"], None)] == ["2026-03/*"]
    assert buckets.buckets(["2026-03"], ()) == []


def test_pages_cross_buckets_and_cover_everything_once() -> None:
    walk = buckets.buckets(["2026-03", "2026-02", "2026-01"], None)
    contents = {"2026-03/*": [1, 2, 3], "2026-02/*": [], "2026-01/*": [4, 5]}
    seen, pages = read_all(walk, fake_partitions(contents, []), 2)
    assert seen == [1, 2, 3, 4, 5] and pages == 3


def test_a_page_stops_when_its_budget_of_queries_is_spent() -> None:
    months = [f"20{year:02d}-01" for year in range(99, 0, -1)]
    walk = buckets.buckets(months, None)
    calls: list[str] = []
    items, cursor = buckets.page_buckets(walk, fake_partitions({}, calls), 50, None)
    assert items == [] and cursor is not None
    assert len(calls) == buckets.QUERY_BUDGET
    seen, pages = read_all(walk, fake_partitions({"2001-01/*": [7]}, []), 50)
    assert seen == [7] and pages == -(-len(months) // buckets.QUERY_BUDGET)


def test_a_long_partition_is_read_across_pages_within_the_budget() -> None:
    walk = [Bucket(store_id="S1")]
    calls: list[str] = []
    contents = {"*/S1": list(range(40))}
    items, cursor = buckets.page_buckets(walk, fake_partitions(contents, calls), 200, None)
    assert len(calls) == buckets.QUERY_BUDGET and cursor is not None
    assert items == list(range(2 * buckets.QUERY_BUDGET))
    seen, _ = read_all(walk, fake_partitions(contents, []), 200)
    assert seen == list(range(40))


def test_a_cursor_whose_bucket_is_gone_resumes_at_its_place() -> None:
    before = buckets.buckets(buckets.UNBUCKETED, ("S1", "S2", "S3"))
    contents = {"*/S1": [1, 2], "*/S2": [3, 4], "*/S3": [5]}
    items, cursor = buckets.page_buckets(before, fake_partitions(contents, []), 3, None)
    assert items == [1, 2, 3] and cursor
    after = buckets.buckets(buckets.UNBUCKETED, ("S1", "S3"))
    rest, last = buckets.page_buckets(after, fake_partitions(contents, []), 3, cursor)
    assert rest == [5] and last is None
