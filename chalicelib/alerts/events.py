"""Stock alerts derived from the stream: a level crossing its minimum opens LOW_STOCK (or
OUT_OF_STOCK at zero), rising above resolves it. Records are coalesced per level first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.alerts import repository
from chalicelib.clock import iso
from chalicelib.streams import Change

LOW_STOCK, OUT_OF_STOCK = "LOW_STOCK", "OUT_OF_STOCK"
STOCK_TYPES = (LOW_STOCK, OUT_OF_STOCK, "EXPIRING_LOT")
SEVERITY = {LOW_STOCK: "WARNING", OUT_OF_STOCK: "CRITICAL"}


@dataclass
class LevelStory:
    """A level's changes in one batch: where it started, where it ended, the last record."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    sequence_number: str
    at_epoch: float


def stock_state(image: dict[str, Any] | None) -> str | None:
    if not image:
        return None
    available, min_qty = int(image.get("available", 0)), int(image.get("min_qty", 0))
    if available <= 0:
        return OUT_OF_STOCK
    return LOW_STOCK if available <= min_qty else None


def coalesce(changes: list[Change]) -> dict[tuple[str, str], LevelStory]:
    stories: dict[tuple[str, str], LevelStory] = {}
    for change in changes:
        image = change.new or change.old or {}
        key = (str(image.get("pk")), str(image.get("sk")))
        story = stories.get(key)
        if story is None:
            stories[key] = LevelStory(
                change.old, change.new, change.sequence_number, change.at_epoch
            )
        else:
            story.after, story.sequence_number = change.new, change.sequence_number
            story.at_epoch = change.at_epoch
    return stories


def on_stock_levels(changes: list[Change]) -> None:
    """Open and resolve stock alerts for the levels whose state changed in this batch."""
    for story in coalesce(changes).values():
        before, after = stock_state(story.before), stock_state(story.after)
        if before == after or story.after is None:
            continue
        level = story.after
        at = (
            datetime.fromtimestamp(story.at_epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if story.at_epoch
            else iso()
        )
        position = repository.stream_position(story.sequence_number)
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
