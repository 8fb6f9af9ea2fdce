"""Walking a list's partitions (months, stores, a store's months) in order, within a budget of
DynamoDB queries per page: a page that spends its budget stops early with a cursor instead of
reading without bound (API.md: a page may then hold fewer than `limit` items).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from chalicelib.pagination import Key, Page

T = TypeVar("T")

QUERY_BUDGET = 12


class Budget:
    """How many DynamoDB queries one page of a list may still send."""

    def __init__(self, queries: int = QUERY_BUDGET) -> None:
        self.left = queries

    def spend(self) -> None:
        self.left -= 1

    @property
    def spent(self) -> bool:
        return self.left <= 0


@dataclass(frozen=True)
class Bucket:
    """One partition of a list: a month, a store, or a store's month (None: the tenant's)."""

    month: str | None = None
    store_id: str | None = None

    @property
    def name(self) -> str:
        return f"{self.month or '*'}/{self.store_id or '*'}"


BucketQuery = Callable[[Bucket, int, Key | None, Budget], Page[T]]
UNBUCKETED: tuple[str | None, ...] = (None,)


def buckets(months: Sequence[str | None], stores: Sequence[str] | None) -> list[Bucket]:
    """Each month in turn and, within it, each store (`stores` None: the tenant's partition)."""
    per_month: Sequence[str | None] = UNBUCKETED if stores is None else stores
    return [Bucket(month, store) for month in months for store in per_month]


def page_buckets(
    walk: Sequence[Bucket], query: BucketQuery[T], limit: int, cursor: Key | None
) -> Page[T]:
    """Fill a page bucket by bucket; the cursor names the bucket and the key to resume from."""
    position, key = _resume(walk, cursor)
    budget = Budget()
    found: list[T] = []
    for index in range(position, len(walk)):
        bucket = walk[index]
        if budget.spent or len(found) >= limit:
            return found, _state(bucket, index, None)
        items, last_key = query(bucket, limit - len(found), key, budget)
        found += items
        key = None
        if last_key is not None:
            return found, _state(bucket, index, last_key)
    return found, None


def _state(bucket: Bucket, index: int, key: Key | None) -> Key:
    return {"b": bucket.name, "i": index, "k": key}


def _resume(walk: Sequence[Bucket], cursor: Key | None) -> tuple[int, Key | None]:
    """Where a cursor resumes; a bucket gone since (a store deleted) resumes at its place."""
    if not cursor:
        return 0, None
    names = [bucket.name for bucket in walk]
    if cursor.get("b") in names:
        return names.index(cursor["b"]), cursor.get("k")
    index = cursor.get("i")
    return (min(index, len(walk)) if isinstance(index, int) and index >= 0 else len(walk)), None
