"""Counts DynamoDB calls per operation and sums their consumed capacity, from botocore events.

`install()` makes the process's botocore session (every model and transaction uses it)
report into the counter and ask for ReturnConsumedCapacity=TOTAL; call it before the first
DynamoDB call. Backends that do not report capacity leave `capacity_reported` False.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

READS = frozenset({"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"})
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})
IDEMPOTENCY_MARK = "#IDEM#"


@dataclass(frozen=True)
class Request:
    """One DynamoDB request: its operation, the items it names or returns, its units, and
    whether the idempotency layer sent it (its key holds the idempotency records' mark)."""

    operation: str
    items: int
    read_units: float
    write_units: float
    idempotency: bool
    indexes: dict[str, float]


@dataclass
class Usage:
    calls: Counter[str] = field(default_factory=Counter)
    read_units: float = 0.0
    write_units: float = 0.0
    capacity_reported: bool = False
    requests: list[Request] = field(default_factory=list)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def detail(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in sorted(self.calls.items()))


def _named_items(operation: str, params: dict[str, Any]) -> int:
    if operation == "TransactWriteItems":
        return len(params.get("TransactItems", []))
    if operation == "BatchGetItem":
        return sum(len(table["Keys"]) for table in params.get("RequestItems", {}).values())
    if operation == "BatchWriteItem":
        return sum(len(writes) for writes in params.get("RequestItems", {}).values())
    return 1


def _indexes(entry: dict[str, Any]) -> dict[str, float]:
    """Units per table and index, when the backend breaks them down."""
    found = {"table": float((entry.get("Table") or {}).get("CapacityUnits") or 0)}
    for name, units in (entry.get("GlobalSecondaryIndexes") or {}).items():
        found[name] = float(units.get("CapacityUnits") or 0)
    return found


class DynamoCounter:
    def __init__(self) -> None:
        self.usage = Usage()
        self._asked: tuple[int, bool] = (0, False)

    def reset(self) -> Usage:
        """Start a new measurement; returns the finished one."""
        finished, self.usage = self.usage, Usage()
        return finished

    def ask_capacity(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in READS | WRITES:
            params.setdefault("ReturnConsumedCapacity", "INDEXES")
        marked = IDEMPOTENCY_MARK in json.dumps(params, default=str)
        self._asked = (_named_items(model.name, params), marked)

    def count(self, model: Any, parsed: dict[str, Any], **_: Any) -> None:
        self.usage.calls.update([model.name])
        items, marked = self._asked
        if model.name in ("Query", "Scan"):
            items = int(parsed.get("Count") or 0)
        consumed = parsed.get("ConsumedCapacity")
        entries = (consumed if isinstance(consumed, list) else [consumed]) if consumed else []
        reads = writes = 0.0
        indexes: dict[str, float] = {}
        for entry in entries:
            self.usage.capacity_reported = True
            units = float(entry.get("CapacityUnits") or 0)
            if model.name in WRITES:
                writes += float(entry.get("WriteCapacityUnits") or units)
            else:
                reads += float(entry.get("ReadCapacityUnits") or units)
            for name, value in _indexes(entry).items():
                indexes[name] = indexes.get(name, 0.0) + value
        self.usage.read_units += reads
        self.usage.write_units += writes
        self.usage.requests.append(Request(model.name, items, reads, writes, marked, indexes))

    def attach(self, events: Any) -> None:
        """Register on a botocore session's or client's (`client.meta.events`) emitter."""
        events.register("before-parameter-build.dynamodb", self.ask_capacity)
        events.register("after-call.dynamodb", self.count)

    def install(self) -> None:
        from chalicelib import aws

        self.attach(aws.session())
