"""Stock alerts derived from the stream: a level crossing its minimum opens LOW_STOCK (or
OUT_OF_STOCK at zero), rising above resolves it.

Each record is judged on its own old and new images and its writes are guarded by its own
sequence number, so the outcome does not depend on how Lambda cuts or retries batches (a
retried batch may start mid-way or hold more records); most records cross nothing and write
nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.alerts import repository
from chalicelib.changes import Change
from chalicelib.clock import iso

LOW_STOCK, OUT_OF_STOCK = "LOW_STOCK", "OUT_OF_STOCK"
STOCK_TYPES = (LOW_STOCK, OUT_OF_STOCK, "EXPIRING_LOT")
SEVERITY = {LOW_STOCK: "WARNING", OUT_OF_STOCK: "CRITICAL"}


def stock_state(image: dict[str, Any] | None) -> str | None:
    if not image:
        return None
    available, min_qty = int(image.get("available", 0)), int(image.get("min_qty", 0))
    if available <= 0:
        return OUT_OF_STOCK
    return LOW_STOCK if available <= min_qty else None


def on_stock_level(change: Change) -> None:
    """Open and resolve the level's alerts when this record moved it across a threshold."""
    before, after = stock_state(change.old), stock_state(change.new)
    level = change.new
    if before == after or level is None:
        return
    at = str(level.get("updated_at") or "") or (
        iso(datetime.fromtimestamp(change.at_epoch, UTC)) if change.at_epoch else iso()
    )
    position = repository.stream_position(change.sequence_number)
    if before is not None:
        repository.resolve_from_stream(_subject(level, before), at=at, position=position)
    if after is not None:
        repository.open_alert(
            _subject(level, after),
            severity=SEVERITY[after],
            message=_message(level, after),
            at=at,
            position=position,
        )


def _subject(level: dict[str, Any], alert_type: str) -> repository.AlertSubject:
    return repository.AlertSubject(
        tenant_id=str(level["tenant_id"]),
        alert_type=alert_type,
        store_id=str(level["store_id"]),
        kind="product",
        subject_id=str(level["product_id"]),
    )


def _message(level: dict[str, Any], alert_type: str) -> str:
    available, min_qty = int(level.get("available", 0)), int(level.get("min_qty", 0))
    if alert_type == OUT_OF_STOCK:
        return f"Out of stock: {available} available."
    return f"Low stock: {available} available, minimum {min_qty}."
