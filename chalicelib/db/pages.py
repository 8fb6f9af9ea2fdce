"""Lists that repositories read the same way: a partition by sort-key prefix, and a walk of
buckets read newest first, one partition (of the table or an index) per bucket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pynamodb.expressions.condition import Condition

from chalicelib import buckets
from chalicelib.buckets import Bucket, Budget
from chalicelib.db import records
from chalicelib.db.base import Entity
from chalicelib.pagination import Key, Page

E = TypeVar("E", bound=Entity)

Partition = Callable[[Bucket], tuple[str, Any]]
"""The hash key of a bucket's partition and the index it is in (None: the table)."""


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
    name = "sk" if index is None else index.Meta.index_name + "sk"
    sort = getattr(model, name)
    return records.query_page(
        model,
        hash_key,
        index=index,
        range_key_condition=sort.startswith(prefix) if prefix else None,
        limit=limit,
        start_key=start_key,
        newest_first=newest_first,
        budget=budget,
    )


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
    """Bucket by bucket over the walk, newest first within each: one query a bucket."""

    def query(bucket: Bucket, size: int, start_key: Key | None, budget: Budget) -> Page[E]:
        hash_key, index = partition(bucket)
        return records.query_page(
            model,
            hash_key,
            index=index,
            range_key_condition=range_key_condition,
            filter_condition=filter_condition,
            limit=size,
            start_key=start_key,
            newest_first=True,
            budget=budget,
        )

    return buckets.page_buckets(walk, query, limit, cursor)
