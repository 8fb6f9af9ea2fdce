"""Deliveries by the shop's own couriers: life cycle, delivery code, cash on delivery."""
