"""Movements read for what they add up to: the units a product sold in a store over a period."""

from __future__ import annotations

from chalicelib.db import keys
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockMovementItem


@serves("Movements of a product")
def units_sold(tenant_id: str, store_id: str, product_id: str, start: str, end: str) -> int:
    """Units that left the store with sales between `start` and `end` (RFC 3339): one query
    of the product's movements over that period (bounded by it), SALEs of the store kept."""
    moves = StockMovementItem
    found = moves.gsi1.query(
        keys.movements_product_pk(tenant_id, product_id),
        range_key_condition=moves.gsi1sk.between(start, end + "~"),
        filter_condition=(moves.movement_type == "SALE") & (moves.store_id == store_id),
    )
    return sum(-item.quantity for item in found if isinstance(item, StockMovementItem))
