"""What deliveries ask of a sale: its marker of the open delivery, written in each of the
delivery's own writes on condition of what the marker showed (sales never call deliveries)."""

from __future__ import annotations

from chalicelib import errors
from chalicelib.effects import Effect
from chalicelib.sales import repository as repo


def delivery_mark(
    tenant_id: str,
    sale_id: str,
    mark: tuple[str, str, str | None],
    actor: str,
    *,
    was: tuple[str, str] | None,
    closed: frozenset[str],
    sale_statuses: frozenset[str],
    on_fail: errors.DomainError,
) -> Effect:
    """The marker (delivery id, status, courier) set on the sale inside the caller's write."""
    return repo.mark_delivery(
        tenant_id,
        sale_id,
        mark,
        actor,
        was=was,
        closed=closed,
        sale_statuses=sale_statuses,
        on_fail=on_fail,
    )
