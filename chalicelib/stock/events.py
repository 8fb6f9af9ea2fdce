"""The audit trail of a level's settings: min_qty and reorder_qty changes, from the stream.

Quantities are not audited here: every on_hand change already has its immutable movement.
"""

from __future__ import annotations

from chalicelib.audit import AuditEntry, plain, record_entry, written_at
from chalicelib.changes import INSERT, Change

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
    record_entry(
        AuditEntry(
            tenant_id=str(new["tenant_id"]),
            at=written_at(change),
            sequence=change.sequence_number,
            action="CREATE" if change.event_name == INSERT else "UPDATE",
            entity_type="stock_level",
            entity_id=f"{new['store_id']}/{new['product_id']}",
            user_id=new.get("updated_by"),
            changes=changes,
            store_ids=[str(new["store_id"])],
        )
    )
