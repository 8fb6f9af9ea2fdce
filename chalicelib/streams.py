"""The one dispatch table of stream-derived work: (item type, change) -> handlers.

Delivery is at least once and a batch is retried from its first failed record, so every
handler is idempotent. Failures are reported per record (batchItemFailures) so a poison
record never blocks its shard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.log import logger

INSERT, MODIFY, REMOVE = "INSERT", "MODIFY", "REMOVE"
# An operator restore (ops/backup.py) writes every item with this attribute, a new value per
# restore: the items and what was derived from them come back together, so no handler runs.
RESTORE_MARK = "restored_by"


@dataclass(frozen=True)
class Change:
    """One stream record, decoded: the item's type, the change, and both images."""

    event_id: str
    sequence_number: str
    event_name: str
    item_type: str
    at_epoch: float
    old: dict[str, Any] | None
    new: dict[str, Any] | None


Handler = Callable[[Change], None]


def _audit(change: Change) -> None:
    from chalicelib.audit.events import record_change

    record_change(change)


def _dispatch_table() -> dict[tuple[str, str], list[Handler]]:
    from chalicelib.audit.events import AUDITED_TYPES

    table: dict[tuple[str, str], list[Handler]] = {}
    for item_type in AUDITED_TYPES:
        for event_name in (INSERT, MODIFY):
            table.setdefault((item_type, event_name), []).append(_audit)
    for event_name in (INSERT, MODIFY):
        table.setdefault(("StockLevel", event_name), []).extend([_stock_thresholds, _stock_alerts])
    table.setdefault(("ImportChunk", INSERT), []).append(_import_chunk)
    return table


def _import_chunk(change: Change) -> None:
    from chalicelib.catalog.import_jobs import apply_chunk

    apply_chunk(change)


def _stock_thresholds(change: Change) -> None:
    from chalicelib.stock.events import audit_thresholds

    audit_thresholds(change)


def _stock_alerts(change: Change) -> None:
    from chalicelib.alerts.events import on_stock_level

    on_stock_level(change)


_DISPATCH: dict[tuple[str, str], list[Handler]] | None = None


def handlers_for(item_type: str, event_name: str) -> list[Handler]:
    global _DISPATCH
    if _DISPATCH is None:
        _DISPATCH = _dispatch_table()
    return _DISPATCH.get((item_type, event_name), [])


def decode(record: dict[str, Any]) -> Change:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    data = record["dynamodb"]

    def image(name: str) -> dict[str, Any] | None:
        raw = data.get(name)
        return {k: deserializer.deserialize(v) for k, v in raw.items()} if raw else None

    old, new = image("OldImage"), image("NewImage")
    item_type = str((new or old or {}).get("type", ""))
    return Change(
        event_id=record["eventID"],
        sequence_number=data["SequenceNumber"],
        event_name=record["eventName"],
        item_type=item_type,
        at_epoch=float(data.get("ApproximateCreationDateTime") or 0),
        old=old,
        new=new,
    )


def written_by_restore(change: Change) -> bool:
    """The write that brought the mark (later writes of a restored item are handled)."""
    mark = (change.new or {}).get(RESTORE_MARK)
    return bool(mark) and mark != (change.old or {}).get(RESTORE_MARK)


def handle_stream_event(event: dict[str, Any]) -> dict[str, Any]:
    """Process a Lambda DynamoDB stream event in order and stop at the first failed record.

    That record and every one after it are reported: Lambda checkpoints before the lowest
    reported sequence number and delivers the rest again, so nothing after a failure is lost.
    """
    records = event.get("Records", [])
    for position, record in enumerate(records):
        try:
            change = decode(record)
            if written_by_restore(change):
                continue
            for handler in handlers_for(change.item_type, change.event_name):
                handler(change)
        except Exception:  # noqa: BLE001 - reported to the poller, which retries from here
            logger().exception("stream record failed", extra={"event_id": record.get("eventID")})
            failed = records[position:]
            return {
                "batchItemFailures": [
                    {"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in failed
                ]
            }
    return {"batchItemFailures": []}
