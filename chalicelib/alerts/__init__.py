"""Alerts: raised and resolved from the stream (stock levels crossing their minimum), read and
handled by managers. No other domain calls in."""

__all__: list[str] = []
