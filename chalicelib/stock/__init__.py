"""Stock per store and product: levels, movements, transfers, counts. Other domains move stock
through `ledger`, inside their own writes (a sale reserves and ships, a refund restocks)."""

from chalicelib.stock import ledger
from chalicelib.stock.ledger import StockLine
from chalicelib.stock.schemas import MovementIn, ThresholdsPatch
from chalicelib.stock.service import record_movement, set_thresholds

__all__ = [
    "MovementIn",
    "StockLine",
    "ThresholdsPatch",
    "ledger",
    "record_movement",
    "set_thresholds",
]
