"""The one dispatch table of stream-derived work: (item type, change) -> handlers, in order.

Delivery is at least once and a batch is retried from its first failed record, so every
handler is idempotent. Failures are reported per record (batchItemFailures) so a poison
record never blocks its shard. Infra builds the stream's FilterCriteria from
`handled_item_types()`, so the function is invoked for exactly the changes listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.alerts.events import on_stock_level
from chalicelib.audit.events import AUDITED_TYPES, record_change
from chalicelib.catalog.import_jobs import apply_chunk
from chalicelib.changes import INSERT, MODIFY, Change, decode, written_by_restore
from chalicelib.log import logger
from chalicelib.stock.events import audit_thresholds

Handler = Callable[[Change], None]

_DISPATCH: dict[tuple[str, str], tuple[Handler, ...]] = {
    **{(item_type, INSERT): (record_change,) for item_type in AUDITED_TYPES},
    **{(item_type, MODIFY): (record_change,) for item_type in AUDITED_TYPES},
    ("StockLevel", INSERT): (audit_thresholds, on_stock_level),
    ("StockLevel", MODIFY): (audit_thresholds, on_stock_level),
    ("ImportChunk", INSERT): (apply_chunk,),
}


def handled_item_types() -> set[tuple[str, str]]:
    """(item type, event name) pairs some handler acts on."""
    return set(_DISPATCH)


def handlers_for(item_type: str, event_name: str) -> tuple[Handler, ...]:
    return _DISPATCH.get((item_type, event_name), ())


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
