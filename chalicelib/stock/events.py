"""The audit trail of a level's settings: min_qty and reorder_qty changes, from the stream.

Quantities are not audited here: every on_hand change already has its immutable movement.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.audit import plain, record_entry
from chalicelib.changes import INSERT, Change
from chalicelib.clock import iso

SETTINGS = ("min_qty", "reorder_qty")


def audit_thresholds(change: Change) -> None:
    new, old = change.new or {}, change.old or {}
    if not new.get("tenant_id"):
        return
    changes = {
        name: [plain(old.get(name)), plain(new.get(name))]
        for name in SETTINGS
        if plain(old.get(name)) != plain(new.get(name))
        and not (change.event_name == INSERT and not new.get(name))
    }
    if not changes:
        return
    at = str(new.get("updated_at") or "") or iso(datetime.fromtimestamp(change.at_epoch, UTC))
    record_entry(
        tenant_id=str(new["tenant_id"]),
        at=at,
        sequence=change.sequence_number,
        action="CREATE" if change.event_name == INSERT else "UPDATE",
        entity_type="stock_level",
        entity_id=f"{new['store_id']}/{new['product_id']}",
        user_id=new.get("updated_by"),
        changes=changes,
        store_ids=[str(new["store_id"])],
    )
