"""What deliveries ask of a sale: its marker of the open delivery, written in each of the
delivery's own writes on condition of what the marker showed (sales never call deliveries)."""

from __future__ import annotations

from chalicelib.sales import repository as repo

delivery_mark = repo.mark_delivery
"""The marker (delivery id, status, courier) set on the sale inside the caller's write."""
