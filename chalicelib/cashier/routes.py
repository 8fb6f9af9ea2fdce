"""Cash shifts, drawer movements and payments at the till."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from chalicelib.cashier.schemas import (
    PaymentCreated,
    PaymentIn,
    PaymentList,
    PaymentQuery,
    ShiftCloseIn,
    ShiftIn,
    ShiftList,
    ShiftMovementIn,
    ShiftMovementOut,
    ShiftOut,
    ShiftQuery,
)
from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.cashier import payments, service
else:  # loaded by the blueprint's first request
    payments, service = lazy_modules("chalicelib.cashier", "payments", "service")

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/cash-shifts",
    "POST",
    action="shifts.open",
    body=ShiftIn,
    response=ShiftOut,
    status=201,
    tag="Till",
)
def open_shift(ctx: RequestContext, body: ShiftIn) -> Reply:
    """Open the cashier's shift in a store (one open shift per cashier and store)."""
    shift, created = service.open_shift(ctx.user, body)
    return Reply(shift, status=201 if created else 200)


@route(
    bp,
    "/v1/cash-shifts",
    "GET",
    action="shifts.read",
    query=ShiftQuery,
    response=ShiftList,
    tag="Till",
)
def list_shifts(ctx: RequestContext, query: ShiftQuery) -> dict[str, object]:
    """Cash shifts, newest first, by store and status."""
    shifts, last_key = service.list_shifts(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(shifts, last_key)


@route(bp, "/v1/cash-shifts/{shift_id}", "GET", action="shifts.read", response=ShiftOut, tag="Till")
def get_shift(ctx: RequestContext, shift_id: str) -> ShiftOut:
    """One shift with its running totals (an X report while open)."""
    return service.get_shift(ctx.user, shift_id)


@route(
    bp,
    "/v1/cash-shifts/{shift_id}/close",
    "POST",
    action="shifts.close",
    body=ShiftCloseIn,
    response=ShiftOut,
    tag="Till",
)
def close_shift(ctx: RequestContext, shift_id: str, body: ShiftCloseIn) -> ShiftOut:
    """Close with the counted cash: expected cash, variance and totals per method (Z report)."""
    return service.close_shift(ctx.user, shift_id, body)


@route(
    bp,
    "/v1/cash-shifts/{shift_id}/movements",
    "POST",
    action="shifts.movements",
    body=ShiftMovementIn,
    response=ShiftMovementOut,
    status=201,
    tag="Till",
)
def add_movement(ctx: RequestContext, shift_id: str, body: ShiftMovementIn) -> Reply:
    """Put cash in (PAY_IN) or take it out (PAY_OUT) of the drawer (never more than it holds)."""
    movement, created = service.add_movement(ctx.user, shift_id, body)
    return Reply(movement, status=201 if created else 200)


@route(
    bp,
    "/v1/payments",
    "POST",
    action="payments.create",
    body=PaymentIn,
    response=PaymentCreated,
    status=201,
    tag="Till",
)
def take_payment(ctx: RequestContext, body: PaymentIn) -> Reply:
    """Take a payment for a submitted sale in the cashier's open shift."""
    key = ctx.headers.get("idempotency-key")
    result, created = payments.take_payment(ctx.user, body, key)
    return Reply(result, status=201 if created or (key and not body.id) else 200)


@route(
    bp,
    "/v1/payments",
    "GET",
    action="payments.read",
    query=PaymentQuery,
    response=PaymentList,
    tag="Till",
)
def list_payments(ctx: RequestContext, query: PaymentQuery) -> dict[str, object]:
    """Payments, newest first, by sale, shift, store, method and period."""
    items, last_key = payments.list_payments(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)
