"""Stock per store and product, its immutable movements, transfers between stores and counts."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class StockLevelItem(Entity, discriminator="StockLevel"):
    """`available` is stored (on_hand - reserved) so conditions can guard it in one write;
    gsi2 holds the level only while available <= min_qty (the below-minimum index).
    `stock_value` is what its units cost (stock/valuation.py); `average_cost` the last
    average, shown once the level is empty; `last_receipt_id` / `last_unit_cost` name its
    last goods receipt (reorder suggestions buy again from that supplier at that cost).
    A lot-tracked product's level keeps `lots` (lot -> [units, expiry date]), `expired` (the
    units of lots past their date) and `lots_rev`, which every write of the level advances on
    condition of the one it read (stock/lot_repository.py)."""

    store_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    on_hand = IntegerAttribute(default=0)
    reserved = IntegerAttribute(default=0)
    available = IntegerAttribute(default=0)
    min_qty = IntegerAttribute(default=0)
    reorder_qty = IntegerAttribute(default=0)
    stock_value = IntegerAttribute(null=True)
    average_cost = IntegerAttribute(null=True)
    last_receipt_id = UnicodeAttribute(null=True)
    last_unit_cost = IntegerAttribute(null=True)
    lots = JSONAttribute(null=True)
    lots_rev = IntegerAttribute(null=True)
    expired = IntegerAttribute(null=True)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)


class StockMovementItem(Entity, discriminator="StockMovement"):
    id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    movement_type = UnicodeAttribute()
    quantity = IntegerAttribute()
    unit_cost = IntegerAttribute(null=True)
    lot = UnicodeAttribute(null=True)
    expiry_date = UnicodeAttribute(null=True)
    lots = JSONAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    reference = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()


class LotExpiryItem(Entity, discriminator="LotExpiry"):
    """A lot with stock, filed under its expiry date (the expiring-lots job's index)."""

    store_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    lot = UnicodeAttribute()
    expiry_date = UnicodeAttribute()


class StockTransferItem(Record, discriminator="StockTransfer"):
    from_store_id = UnicodeAttribute()
    to_store_id = UnicodeAttribute()
    status = UnicodeAttribute()
    lines = JSONAttribute(default=list)
    note = UnicodeAttribute(null=True)
    shipped_at = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute(null=True)
    cancelled_at = UnicodeAttribute(null=True)


class StockCountItem(Record, discriminator="StockCount"):
    store_id = UnicodeAttribute()
    status = UnicodeAttribute()
    lines = JSONAttribute(default=list)
    note = UnicodeAttribute(null=True)
    applied_at = UnicodeAttribute(null=True)
