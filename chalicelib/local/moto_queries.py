"""A Query for moto's DynamoDB backend that reads only the partition it asks for, used by the
local runtime.

moto answers every Query, on the table or on an index, by sorting the whole table and testing
each item, so a query costs time in proportion to everything ever written: the test lanes and
a long `make run` slow down as the table grows. This version hands moto's own query only the
candidates it can match — the items of the asked partition, or for a global index the items
ever written with the asked index key — and moto still tests, sorts, filters, pages and
projects them as before, so its answers do not change.

The index of each global secondary index is kept from the table's stream (every put, update
and delete passes through it) and is a superset: it only grows, and moto's own test drops the
items that moved to another key or were deleted. A table without a stream is queried as moto
does.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from typing import Any

from moto.dynamodb.models.table import StreamShard, Table

Key = tuple[Any, Any]
_INDEXES = "_comptoir_gsi_keys"
_CANDIDATES = "_comptoir_candidates"


def install() -> None:
    if getattr(Table.query, "_comptoir", False):
        return
    original_query, original_all_items, original_add = Table.query, Table.all_items, StreamShard.add
    signature = inspect.signature(original_query)

    def query(self: Table, *args: Any, **kwargs: Any) -> Any:
        asked = signature.bind(self, *args, **kwargs).arguments
        setattr(self, _CANDIDATES, _candidates(self, asked))
        try:
            return original_query(self, *args, **kwargs)
        finally:
            setattr(self, _CANDIDATES, None)

    def all_items(self: Table) -> list[Any]:
        candidates = getattr(self, _CANDIDATES, None)
        return original_all_items(self) if candidates is None else candidates

    def add(self: StreamShard, old: Any, new: Any) -> None:
        original_add(self, old, new)
        indexes = getattr(self.table, _INDEXES, None)
        if indexes is not None and new is not None:
            _file(self.table, indexes, new)

    query._comptoir = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    StreamShard.add = add  # type: ignore[method-assign]


def _candidates(table: Table, asked: dict[str, Any]) -> list[Any] | None:
    index_name, hash_key = asked.get("index_name"), asked.get("hash_key")
    if not index_name:
        if hash_key is None:
            return None
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        items = list(partition.values()) if table.range_key_attr else [partition]
        return sorted(items, key=lambda item: item.range_key) if table.range_key_attr else items
    conditions = asked.get("hash_key_conditions")
    if not conditions or table.stream_shard is None:
        return None
    if not any(index.name == index_name for index in table.global_indexes or []):
        return None
    attribute, value = conditions[0]
    keys = _indexes(table)[index_name].get((attribute, _value(value)), {})
    return [item for item in (_item(table, key) for key in keys) if item is not None]


def _indexes(table: Table) -> dict[str, dict[Key, dict[Key, None]]]:
    indexes = getattr(table, _INDEXES, None)
    if indexes is None:
        indexes = defaultdict(lambda: defaultdict(dict))
        for partition in table.items.values():
            for item in partition.values() if table.range_key_attr else [partition]:
                _file(table, indexes, item)
        setattr(table, _INDEXES, indexes)
    return indexes


def _file(table: Table, indexes: dict[str, dict[Key, dict[Key, None]]], item: Any) -> None:
    for index in table.global_indexes or []:
        for part in index.schema:
            if part["KeyType"] != "HASH":
                continue
            value = item.attrs.get(part["AttributeName"])
            if value is not None:
                entry = (part["AttributeName"], _value(value))
                indexes[index.name][entry][(item.hash_key, item.range_key)] = None


def _item(table: Table, key: Key) -> Any:
    hash_key, range_key = key
    partition = table.items.get(hash_key)
    if partition is None:
        return None
    return partition.get(range_key) if table.range_key_attr else partition


def _value(value: Any) -> Any:
    return (value.type, str(value.value))
