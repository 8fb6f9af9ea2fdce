"""What the stream derives from stock levels: the audit trail of their settings (min_qty and
reorder_qty changes; quantities are not audited here: every on_hand change already has its
immutable movement), and the expiry index of lots (a lot filed as it appears in a level's lot
map, taken out as it leaves it; a replayed record files or removes the same item again)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.audit import AuditEntry, plain, record_entry, written_at
from chalicelib.changes import INSERT, Change
from chalicelib.stock import lot_repository as lots

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


def index_lots(change: Change) -> None:
    """File the lots that came into the level, take out those that left it."""
    new, old = change.new or {}, change.old or {}
    tenant_id = str(new.get("tenant_id") or old.get("tenant_id") or "")
    if not tenant_id:
        return
    before, after = _lots(old), _lots(new)
    for gone in before - after:
        lots.unfile_lot(tenant_id, gone)
    for came in after - before:
        lots.file_lot(tenant_id, came)


def _lots(image: dict[str, Any]) -> set[lots.FiledLot]:
    stored = image.get("lots")
    if not stored:
        return set()
    held = json.loads(stored) if isinstance(stored, str) else stored
    store_id, product_id = str(image["store_id"]), str(image["product_id"])
    return {
        lots.FiledLot(store_id, product_id, name, str(expiry))
        for name, (units, expiry) in held.items()
        if int(units) > 0
    }
