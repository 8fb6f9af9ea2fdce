"""The sale's life cycle as data: which step moves a sale from which status to which."""

from __future__ import annotations

from enum import StrEnum

from chalicelib.errors import InvalidStateError


class SaleStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING_PAYMENT = "PENDING_PAYMENT"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"


S = SaleStatus

# step -> (statuses it starts from, statuses it may lead to)
TRANSITIONS: dict[str, tuple[frozenset[SaleStatus], frozenset[SaleStatus]]] = {
    "edit": (frozenset({S.DRAFT}), frozenset({S.DRAFT})),
    "approve_discount": (frozenset({S.DRAFT}), frozenset({S.DRAFT})),
    "submit": (frozenset({S.DRAFT}), frozenset({S.PENDING_PAYMENT})),
    "pay": (
        frozenset({S.PENDING_PAYMENT, S.PARTIALLY_PAID}),
        frozenset({S.PARTIALLY_PAID, S.PAID}),
    ),
    "cancel": (frozenset({S.DRAFT, S.PENDING_PAYMENT, S.PARTIALLY_PAID}), frozenset({S.CANCELLED})),
    "refund": (
        frozenset({S.PAID, S.PARTIALLY_REFUNDED}),
        frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    ),
}

VERBS = {
    "edit": "edited",
    "approve_discount": "approved",
    "submit": "submitted",
    "pay": "paid",
    "cancel": "cancelled",
    "refund": "refunded",
}


def sources(step: str) -> frozenset[SaleStatus]:
    return TRANSITIONS[step][0]


def require(step: str, status: str) -> None:
    """409 INVALID_STATE unless a sale in `status` may take `step`."""
    if status not in sources(step):
        allowed = ", ".join(sorted(sources(step)))
        raise InvalidStateError(f"A {status} sale cannot be {VERBS[step]} (only {allowed}).")


def target(step: str, status: SaleStatus) -> SaleStatus:
    """Check that `step` may lead to `status` (guards every status a write sets)."""
    if status not in TRANSITIONS[step][1]:
        raise AssertionError(f"{step} cannot lead to {status}")
    return status


def after_payment(paid_total: int, total: int) -> SaleStatus:
    return target("pay", S.PAID if paid_total >= total else S.PARTIALLY_PAID)


def after_refund(refunded_total: int, paid_total: int) -> SaleStatus:
    return target("refund", S.REFUNDED if refunded_total >= paid_total else S.PARTIALLY_REFUNDED)
