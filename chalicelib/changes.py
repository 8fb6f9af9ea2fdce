"""One record of the table's stream, decoded: the change names and `Change`, in a leaf module that
the dispatch table (streams.py) and every stream handler share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def decode(record: dict[str, Any]) -> Change:
    # boto3 costs ~130 ms at a cold start and only the stream function decodes records.
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
