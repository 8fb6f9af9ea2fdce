"""Stock per store and product: levels, movements, transfers, counts. Other domains move stock
through `ledger`, inside their own writes (a sale reserves and ships, a refund restocks)."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.stock import ledger
    from chalicelib.stock.costing import level_cost
    from chalicelib.stock.lots import StockLine
    from chalicelib.stock.schemas import MovementIn, ThresholdsPatch
    from chalicelib.stock.service import (
        LotsHeld,
        Shortfall,
        levels_at_or_below_minimum,
        lots_expiring,
        record_movement,
        set_thresholds,
    )

__all__ = [
    "LotsHeld",
    "MovementIn",
    "Shortfall",
    "StockLine",
    "ThresholdsPatch",
    "ledger",
    "level_cost",
    "levels_at_or_below_minimum",
    "lots_expiring",
    "record_movement",
    "set_thresholds",
]

__getattr__ = lazy_face(__name__, __file__)
