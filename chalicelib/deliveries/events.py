"""From the stream: cancelling a sale closes its open delivery (the sale's write already marked
it CANCELLED, so no courier can move it meanwhile)."""

from __future__ import annotations

from chalicelib.changes import Change
from chalicelib.clock import iso
from chalicelib.deliveries import repository as repo
from chalicelib.deliveries.states import STEPS, D


def on_sale_change(change: Change) -> None:
    """Idempotent: the delivery's write holds only while it is still in a cancellable status."""
    new, old = change.new or {}, change.old or {}
    tenant_id, delivery_id = new.get("tenant_id"), new.get("delivery_id")
    if not tenant_id or not delivery_id or new.get("status") != "CANCELLED":
        return
    if new.get("delivery_status") != D.CANCELLED or old.get("delivery_status") == D.CANCELLED:
        return
    step = STEPS["cancel_with_sale"]
    values = {"status": step.target.value, step.stamp: iso(), "updated_by": new.get("updated_by")}
    repo.close_with_sale(str(tenant_id), str(delivery_id), values, step.sources)
