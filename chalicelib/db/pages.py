"""Lists that repositories read the same way: a partition by sort-key prefix, and a walk of
buckets read newest first, one partition (of the table or an index) per bucket."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pynamodb.expressions.condition import Condition

from chalicelib import buckets
from chalicelib.buckets import Bucket, Budget
from chalicelib.db import keys, records
from chalicelib.db.base import Entity
from chalicelib.pagination import Key, Page

E = TypeVar("E", bound=Entity)

Partition = Callable[[Bucket], tuple[str, Any]]
"""The hash key of a bucket's partition and the index it is in (None: the table)."""


@dataclass(frozen=True)
class Query:
    """What one bucket of a walk reads: a partition of the table or of an index (None: the
    table), its sort keys narrowed by `sort` and its items by `filters`."""

    hash_key: str
    index: Any = None
    sort: Condition | None = None
    filters: Condition | None = None


def sort_key(model: type[E], index: Any) -> Any:
    """The sort-key attribute of the table (`index` None) or of the index."""
    return getattr(model, "sk" if index is None else index.Meta.index_name + "sk")


def starting(model: type[E], index: Any, prefix: str | None) -> Condition | None:
    """Sort keys that start with `prefix` (None or empty: all of them)."""
    return sort_key(model, index).startswith(prefix) if prefix else None


def between(model: type[E], index: Any, start: str, end: str) -> Condition:
    """Sort keys `<time>#<id>` from `start` to `end`, its last moment included."""
    return sort_key(model, index).between(start, end + "~")


def prefix_page(
    model: type[E],
    hash_key: str,
    prefix: str | None,
    *,
    index: Any = None,
    limit: int,
    start_key: Key | None,
    newest_first: bool = False,
    budget: Budget | None = None,
) -> Page[E]:
    """One page of a partition whose sort keys start with `prefix` (None or empty: all of
    them)."""
    return records.query_page(
        model,
        hash_key,
        index=index,
        range_key_condition=starting(model, index, prefix),
        limit=limit,
        start_key=start_key,
        newest_first=newest_first,
        budget=budget,
    )


def over_buckets(
    model: type[E],
    walk: list[Bucket],
    plan: Callable[[Bucket], Query],
    *,
    limit: int,
    cursor: Key | None,
    newest_first: bool = True,
    as_views: bool = False,
) -> Page[E]:
    """Bucket by bucket over the walk, one query a bucket as `plan` says, each page's reads
    budgeted (see `buckets.page_buckets`), its items read as views if asked (`db.views`)."""

    def query(bucket: Bucket, size: int, start_key: Key | None, budget: Budget) -> Page[E]:
        planned = plan(bucket)
        return records.query_page(
            model,
            planned.hash_key,
            index=planned.index,
            range_key_condition=planned.sort,
            filter_condition=planned.filters,
            limit=size,
            start_key=start_key,
            newest_first=newest_first,
            budget=budget,
            as_views=as_views,
        )

    return buckets.page_buckets(walk, query, limit, cursor)


def newest_over(
    model: type[E],
    walk: list[Bucket],
    partition: Partition,
    *,
    range_key_condition: Condition | None = None,
    filter_condition: Condition | None = None,
    limit: int,
    cursor: Key | None,
) -> Page[E]:
    """Bucket by bucket over the walk, newest first within each, the same conditions in each
    bucket's partition."""

    def plan(bucket: Bucket) -> Query:
        hash_key, index = partition(bucket)
        return Query(hash_key, index, range_key_condition, filter_condition)

    return over_buckets(model, walk, plan, limit=limit, cursor=cursor)


@dataclass(frozen=True)
class Months(Generic[E]):
    """Items listed by month: on their store's month (gsi1) and the tenant's (gsi2), the UTC
    month of `created_at`, sorted by time and id. It files a new item and reads the lists."""

    model: type[E]
    store_month: keys.Key
    tenant_month: keys.Key
    time_sk: keys.Key

    def file(self, item: Any, tenant_id: str) -> None:
        """Put a new item's index keys where `page` reads it."""
        month = item.created_at[:7]
        item.gsi1pk = self.store_month(tenant_id, item.store_id, month)
        item.gsi2pk = self.tenant_month(tenant_id, month)
        item.gsi1sk = item.gsi2sk = self.time_sk(item.created_at, item.id)

    def page(
        self,
        tenant_id: str,
        walk: list[Bucket],
        period: tuple[str, str],
        filters: Condition | None,
        limit: int,
        cursor: Key | None,
    ) -> Page[E]:
        """Newest first over the walk (each bucket a store's month or the tenant's), from the
        first moment of `period` to its last. The items are read-only views (`db.views`): a
        list page shows them."""
        model, (start, end) = self.model, period

        def plan(bucket: Bucket) -> Query:
            month = bucket.month or ""
            index: Any
            if bucket.store_id:
                pk, index = self.store_month(tenant_id, bucket.store_id, month), model.gsi1
            else:
                pk, index = self.tenant_month(tenant_id, month), model.gsi2
            return Query(pk, index, between(model, index, start, end), filters)

        return over_buckets(model, walk, plan, limit=limit, cursor=cursor, as_views=True)
