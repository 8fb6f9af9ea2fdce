"""The purchase order's life: which verb each status allows, and the status a receipt leaves.

DRAFT (editable) → SENT → PARTIALLY_RECEIVED → RECEIVED; CANCELLED while nothing is received
(DRAFT or SENT); CLOSED ends a partially received order (the rest is no longer expected).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DRAFT = "DRAFT"
SENT = "SENT"
PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED"
RECEIVED = "RECEIVED"
CANCELLED = "CANCELLED"
CLOSED = "CLOSED"

# verb -> (statuses it applies to, status it leads to)
VERBS: dict[str, tuple[frozenset[str], str]] = {
    "send": (frozenset({DRAFT}), SENT),
    "cancel": (frozenset({DRAFT, SENT}), CANCELLED),
    "close": (frozenset({PARTIALLY_RECEIVED}), CLOSED),
}
RECEIVABLE = frozenset({SENT, PARTIALLY_RECEIVED})
OPEN = RECEIVABLE
EDITABLE = frozenset({DRAFT})


def after_verb(verb: str, status: str) -> str | None:
    """The status `verb` leads to from `status`, None when that status does not allow it."""
    allowed, target = VERBS[verb]
    return target if status in allowed else None


def after_receipt(remaining: Mapping[str, int]) -> str:
    """RECEIVED once nothing remains expected on any line, else PARTIALLY_RECEIVED."""
    return RECEIVED if all(quantity <= 0 for quantity in remaining.values()) else PARTIALLY_RECEIVED


def line_key(index: int) -> str:
    """The name of an order line's entry in the order's `remaining` map."""
    return f"L{index}"


def remaining_counts(stored: Any) -> dict[str, int]:
    """The `remaining` map as read (a map attribute, or a dict), as integers."""
    values = stored.as_dict() if hasattr(stored, "as_dict") else dict(stored or {})
    return {name: int(value) for name, value in values.items()}
