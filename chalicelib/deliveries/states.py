"""The delivery's life cycle as data, and the rules of the 4-digit code the customer gives.

PENDING -> ASSIGNED -> OUT_FOR_DELIVERY -> DELIVERED | FAILED; from FAILED a delivery is
dispatched again or RETURNED; it is CANCELLED before it leaves. Each action stamps its time in
its own field, so every write is a condition on the current status plus one SET.

Rules where API.md is terse:
- `cancel` (the delivery's own route) works from PENDING and ASSIGNED only. Cancelling the sale
  cancels its open delivery unless it is OUT_FOR_DELIVERY, so `cancel_with_sale` also takes a
  FAILED one (the goods came back undelivered; nothing is in a rider's hands any more).
- A MANAGER delivers without a code (whatever code is sent is not checked). A courier's code is
  checked only while the tenant's `delivery_code_required` is true; a missing code is a 422 that
  is not counted as a try; the 5th wrong code is still a 422, every attempt after it a 409 for
  the courier, right code or not.
- Creating a delivery needs a submitted sale that is not cancelled; dispatching needs it PAID
  unless the delivery collects on delivery; delivering needs it PAID.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from chalicelib.errors import InvalidStateError
from chalicelib.sales import SaleStatus

CODE_DIGITS = 4
MAX_WRONG_CODES = 5


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    ASSIGNED = "ASSIGNED"
    OUT_FOR_DELIVERY = "OUT_FOR_DELIVERY"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    RETURNED = "RETURNED"
    CANCELLED = "CANCELLED"


D = DeliveryStatus

OPEN_STATUSES = frozenset({D.PENDING, D.ASSIGNED, D.OUT_FOR_DELIVERY, D.FAILED})
"""A sale has at most one delivery in these; the others are closed for good."""

SUBMITTED_SALE = frozenset(set(SaleStatus) - {SaleStatus.DRAFT, SaleStatus.CANCELLED})
"""The sale statuses a delivery can be created for: submitted and not cancelled."""


@dataclass(frozen=True)
class Step:
    """An action: the statuses it starts from, the status it leads to, the time field it sets."""

    sources: frozenset[DeliveryStatus]
    target: DeliveryStatus
    stamp: str
    verb: str


def _step(sources: set[DeliveryStatus], target: DeliveryStatus, stamp: str, verb: str) -> Step:
    return Step(frozenset(sources), target, stamp, verb)


STEPS: dict[str, Step] = {
    "assign": _step({D.PENDING, D.ASSIGNED, D.FAILED}, D.ASSIGNED, "assigned_at", "assigned"),
    "dispatch": _step({D.ASSIGNED, D.FAILED}, D.OUT_FOR_DELIVERY, "dispatched_at", "dispatched"),
    "deliver": _step({D.OUT_FOR_DELIVERY}, D.DELIVERED, "delivered_at", "delivered"),
    "fail": _step({D.OUT_FOR_DELIVERY}, D.FAILED, "failed_at", "marked failed"),
    "return": _step({D.FAILED}, D.RETURNED, "returned_at", "returned"),
    "cancel": _step({D.PENDING, D.ASSIGNED}, D.CANCELLED, "cancelled_at", "cancelled"),
    "cancel_with_sale": _step(
        {D.PENDING, D.ASSIGNED, D.FAILED}, D.CANCELLED, "cancelled_at", "cancelled"
    ),
}
"""action -> the step; `cancel_with_sale` is what cancelling the sale does to its delivery."""

STAMPS = tuple(dict.fromkeys(step.stamp for step in STEPS.values()))
"""Every time field a delivery may carry, in the order of its life."""


def step(action: str, status: str) -> Step:
    """The step `action` takes from `status`; 409 INVALID_STATE when `status` does not allow it."""
    found = STEPS[action]
    if status not in found.sources:
        allowed = ", ".join(sorted(found.sources))
        raise InvalidStateError(f"A {status} delivery cannot be {found.verb} (only {allowed}).")
    return found


def allows(action: str, status: str) -> bool:
    """Whether a delivery in `status` may take `action` (for a write's condition on status)."""
    return status in STEPS[action].sources


def require_sale_for(action: str, sale_status: str, collect_on_delivery: bool) -> None:
    """409 INVALID_STATE unless the sale's status lets its delivery be created or take `action`."""
    if action == "create" and sale_status not in SUBMITTED_SALE:
        raise InvalidStateError(f"A {sale_status} sale cannot be delivered (only a submitted one).")
    if action == "dispatch" and not collect_on_delivery and sale_status != SaleStatus.PAID:
        raise InvalidStateError("Only a PAID sale is dispatched, unless collected on delivery.")
    if action == "deliver" and sale_status != SaleStatus.PAID:
        raise InvalidStateError("The sale must be PAID before it is delivered.")


def cash_to_collect(balance_due: int, collect_on_delivery: bool) -> int:
    """What the rider collects at the door: the sale's balance due when the delivery was made."""
    return balance_due if collect_on_delivery else 0


def new_delivery_code() -> str:
    """Four random digits from `secrets`: what the customer tells the rider at the door."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def is_code_format(code: str) -> bool:
    """Exactly four ASCII digits."""
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


class CodeCheck(StrEnum):
    """The outcome of a `deliver` for the code: go ahead, 422 (missing or wrong), 409 (locked)."""

    ACCEPTED = "ACCEPTED"
    MISSING = "MISSING"
    WRONG = "WRONG"
    LOCKED = "LOCKED"


def check_code(
    given: str | None, expected: str, *, wrong_tries: int, by_manager: bool, code_required: bool
) -> CodeCheck:
    """Judge the code of a `deliver`; WRONG means the caller counts one more wrong try."""
    if by_manager:
        return CodeCheck.ACCEPTED
    if wrong_tries >= MAX_WRONG_CODES:
        return CodeCheck.LOCKED
    if not code_required:
        return CodeCheck.ACCEPTED
    if not given:
        return CodeCheck.MISSING
    if hmac.compare_digest(given.encode(), expected.encode()):
        return CodeCheck.ACCEPTED
    return CodeCheck.WRONG


def tries_left(wrong_tries: int) -> int:
    """How many more wrong codes a courier may send before only a MANAGER can deliver."""
    return max(MAX_WRONG_CODES - wrong_tries, 0)
