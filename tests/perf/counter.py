"""Counts DynamoDB calls per operation and sums their consumed capacity, from botocore events.

`install()` makes the process's botocore session (every model and transaction uses it)
report into the counter and ask for ReturnConsumedCapacity=TOTAL; call it before the first
DynamoDB call. Backends that do not report capacity leave `capacity_reported` False.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

READS = frozenset({"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"})
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})


@dataclass
class Usage:
    calls: Counter[str] = field(default_factory=Counter)
    read_units: float = 0.0
    write_units: float = 0.0
    capacity_reported: bool = False

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def detail(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in sorted(self.calls.items()))


class DynamoCounter:
    def __init__(self) -> None:
        self.usage = Usage()

    def reset(self) -> Usage:
        """Start a new measurement; returns the finished one."""
        finished, self.usage = self.usage, Usage()
        return finished

    def ask_capacity(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in READS | WRITES:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def count(self, model: Any, parsed: dict[str, Any], **_: Any) -> None:
        self.usage.calls.update([model.name])
        consumed = parsed.get("ConsumedCapacity")
        if not consumed:
            return
        self.usage.capacity_reported = True
        for entry in consumed if isinstance(consumed, list) else [consumed]:
            units = float(entry.get("CapacityUnits") or 0)
            if model.name in WRITES:
                self.usage.write_units += float(entry.get("WriteCapacityUnits") or units)
            else:
                self.usage.read_units += float(entry.get("ReadCapacityUnits") or units)

    def attach(self, events: Any) -> None:
        """Register on a botocore session's or client's (`client.meta.events`) emitter."""
        events.register("before-parameter-build.dynamodb", self.ask_capacity)
        events.register("after-call.dynamodb", self.count)

    def install(self) -> None:
        from chalicelib import aws

        self.attach(aws.session())
