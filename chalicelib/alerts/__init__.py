"""Alerts: raised and resolved from the stream (stock levels crossing their minimum), read and
handled by managers. The reports count the levels in each state with the same rule."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.alerts.events import LOW_STOCK, OUT_OF_STOCK, stock_state

__all__ = ["LOW_STOCK", "OUT_OF_STOCK", "stock_state"]

__getattr__ = lazy_face(__name__, __file__)
