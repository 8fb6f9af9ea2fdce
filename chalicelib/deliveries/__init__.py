"""Deliveries by the shop's own couriers: life cycle, delivery code, cash on delivery. Each
move writes the sale's marker of its open delivery through the sales face; nothing else calls
in here but the routes and the stream."""

from chalicelib.deliveries.states import OPEN_STATUSES, DeliveryStatus

__all__ = ["OPEN_STATUSES", "DeliveryStatus"]
