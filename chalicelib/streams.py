"""The one dispatch table of stream-derived work: (item type, change) -> handlers, in order.

Delivery is at least once and a batch is retried from its first failed record, so every
handler is idempotent. Failures are reported per record (batchItemFailures) so a poison
record never blocks its shard. Infra builds the stream's FilterCriteria from
`handled_item_types()`, so the function is invoked for exactly the changes listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chalicelib.alerts.events import on_stock_level
from chalicelib.alerts.pending import on_sale_unpaid
from chalicelib.audit.events import AUDITED_TYPES, record_change
from chalicelib.catalog.import_jobs import apply_chunk
from chalicelib.changes import INSERT, MODIFY, Change, decode, written_by_restore
from chalicelib.deliveries.events import on_sale_change
from chalicelib.log import logger
from chalicelib.loyalty import on_sale_points
from chalicelib.reports.events import apply_journal, write_journal
from chalicelib.stock.events import audit_thresholds, index_lots

Handler = Callable[[Change], None]
BatchHandler = Callable[[Sequence[tuple[int, Change]]], int | None]
"""Takes a batch's (position, change) pairs of its types, in order, once the per-record
handlers ran; answers the position of the earliest record whose work failed (None: all done)."""

_DISPATCH: dict[tuple[str, str], tuple[Handler, ...]] = {
    **{(item_type, INSERT): (record_change,) for item_type in AUDITED_TYPES},
    **{(item_type, MODIFY): (record_change,) for item_type in AUDITED_TYPES},
    ("StockLevel", INSERT): (audit_thresholds, index_lots, on_stock_level),
    ("StockLevel", MODIFY): (audit_thresholds, index_lots, on_stock_level),
    ("ImportChunk", INSERT): (apply_chunk,),
    ("Sale", INSERT): (record_change, on_sale_unpaid),
    ("Sale", MODIFY): (record_change, on_sale_change, on_sale_unpaid, on_sale_points),
}

# Work coalesced over a batch (one write per target item, not one per record).
_BATCHED: dict[tuple[str, str], tuple[BatchHandler, ...]] = {
    ("Sale", INSERT): (write_journal,),
    ("Sale", MODIFY): (write_journal,),
    ("Payment", INSERT): (write_journal,),
    ("StockLevel", INSERT): (write_journal,),
    ("StockLevel", MODIFY): (write_journal,),
    ("CreditAccount", INSERT): (write_journal,),
    ("CreditAccount", MODIFY): (write_journal,),
    ("RollupEntry", INSERT): (apply_journal,),
    ("NowEntry", INSERT): (apply_journal,),
}
_BATCH_STAGES: tuple[BatchHandler, ...] = (write_journal, apply_journal)


def handled_item_types() -> set[tuple[str, str]]:
    """(item type, event name) pairs some handler acts on."""
    return set(_DISPATCH) | set(_BATCHED)


def handlers_for(item_type: str, event_name: str) -> tuple[Handler, ...]:
    return _DISPATCH.get((item_type, event_name), ())


def handles(item_type: str, event_name: str) -> bool:
    """Some handler, per record or per batch, acts on this change."""
    return (item_type, event_name) in handled_item_types()


def handle_stream_event(event: dict[str, Any]) -> dict[str, Any]:
    """Process a Lambda DynamoDB stream event in order, stopping the per-record handlers at
    the first failed record, then each batch stage over the records before it.

    The earliest failed record and every one after it are reported: Lambda checkpoints before
    the lowest reported sequence number and delivers the rest again, so nothing is lost.
    """
    records = event.get("Records", [])
    done: list[tuple[int, Change]] = []
    failed_at: int | None = None
    for position, record in enumerate(records):
        try:
            change = decode(record)
            if written_by_restore(change):
                continue
            for handler in handlers_for(change.item_type, change.event_name):
                handler(change)
            done.append((position, change))
        except Exception:  # noqa: BLE001 - reported to the poller, which retries from here
            logger().exception("stream record failed", extra={"event_id": record.get("eventID")})
            failed_at = position
            break
    for stage in _BATCH_STAGES:
        mine = [(p, c) for p, c in done if stage in _BATCHED.get((c.item_type, c.event_name), ())]
        stopped = stage(mine) if mine else None
        if stopped is not None:
            failed_at = stopped if failed_at is None else min(failed_at, stopped)
    failed = records[failed_at:] if failed_at is not None else []
    return {
        "batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in failed]
    }
