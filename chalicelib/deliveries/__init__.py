"""Deliveries by the shop's own couriers: life cycle, delivery code, cash on delivery. Each
move writes the sale's marker of its open delivery through the sales face; nothing else calls
in here but the routes and the stream."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.deliveries.states import OPEN_STATUSES, DeliveryStatus

__all__ = ["OPEN_STATUSES", "DeliveryStatus"]

__getattr__ = lazy_face(__name__, __file__)
