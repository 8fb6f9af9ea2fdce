"""Cash shifts: open one per cashier and store, move cash in and out, close with a count."""

from __future__ import annotations

from chalicelib import buckets, errors, tenancy
from chalicelib.auth.permissions import Role, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.cashier import repository as repo
from chalicelib.cashier.drawer import expected_cash
from chalicelib.cashier.schemas import (
    MethodTotals,
    ShiftCloseIn,
    ShiftIn,
    ShiftMovementIn,
    ShiftMovementOut,
    ShiftOut,
    ShiftQuery,
)
from chalicelib.clock import iso, new_id
from chalicelib.money import MAX_AMOUNT
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item

MOVEMENT_FIELD = {"PAY_IN": "pay_ins", "PAY_OUT": "pay_outs"}


def shift_out(shift: repo.Shift) -> ShiftOut:
    totals = {method: getattr(shift, total) for method, total in repo.SALES_ATTRIBUTE.items()}
    return from_item(
        ShiftOut,
        shift,
        totals=MethodTotals(**totals),
        expected_cash=shift.expected_cash
        if shift.expected_cash is not None
        else expected_cash(shift),
    )


def open_shift(principal: Principal, data: ShiftIn) -> tuple[ShiftOut, bool]:
    check_store(principal, data.store_id)
    tenant = tenancy.tenant_settings(principal.tenant_id)
    tenancy.store_of(principal.tenant_id, data.store_id)
    fields = {
        "store_id": data.store_id,
        "cashier_id": principal.user_id,
        "status": "OPEN",
        "currency": tenant.currency,
        "opening_float": data.opening_float,
        "cash_in_drawer": data.opening_float,
        "courier": principal.role == Role.COURIER,
        "opened_at": iso(),
    }
    saved, created = repo.open_shift(
        principal.tenant_id, data.id or new_id(), fields, principal.user_id
    )
    return shift_out(saved), created


def shift_for(principal: Principal, shift_id: str, *, own: bool) -> repo.Shift:
    """The shift; a cashier may only touch their own (`own`) or read their store's."""
    shift = repo.get_shift(principal.tenant_id, shift_id)
    check_store(principal, shift.store_id)
    mine_only = own or principal.role == Role.COURIER
    drawers = (Role.CASHIER, Role.COURIER)
    if mine_only and principal.role in drawers and shift.cashier_id != principal.user_id:
        raise errors.ForbiddenError("This is another cashier's shift.")
    return shift


def get_shift(principal: Principal, shift_id: str) -> ShiftOut:
    return shift_out(shift_for(principal, shift_id, own=False))


def close_shift(principal: Principal, shift_id: str, data: ShiftCloseIn) -> ShiftOut:
    shift = shift_for(principal, shift_id, own=True)
    if shift.status != "OPEN":
        raise errors.InvalidStateError("This cash shift is already closed.")
    expected = expected_cash(shift)
    repo.close_shift(
        shift,
        {
            "status": "CLOSED",
            "closed_at": iso(),
            "closed_by": principal.user_id,
            "counted_cash": data.counted_cash,
            "expected_cash": expected,
            "variance": data.counted_cash - expected,
        },
        principal.user_id,
    )
    return shift_out(shift)


def add_movement(
    principal: Principal, shift_id: str, data: ShiftMovementIn
) -> tuple[ShiftMovementOut, bool]:
    shift = shift_for(principal, shift_id, own=True)
    if shift.cashier_id != principal.user_id:
        raise errors.ForbiddenError("Only the shift's cashier moves cash in its drawer.")
    if shift.status != "OPEN":
        raise errors.InvalidStateError("This cash shift is closed.")
    if data.type == "PAY_IN" and expected_cash(shift) + data.amount > MAX_AMOUNT:
        raise errors.ValidationError(
            "The drawer would hold more than the largest amount.",
            errors=[{"field": "amount", "message": f"the drawer holds at most {MAX_AMOUNT}"}],
        )
    fields = {
        "shift_id": shift.id,
        "store_id": shift.store_id,
        "kind": data.type,
        "amount": data.amount,
        "reason": data.reason,
    }
    saved, created = repo.add_movement(
        principal.tenant_id,
        data.id or new_id(),
        fields,
        MOVEMENT_FIELD[data.type],
        principal.user_id,
        short_of_cash=_more_than_the_drawer,
    )
    return from_item(ShiftMovementOut, saved, type=saved.kind), created


def _more_than_the_drawer(held: int) -> errors.DomainError:
    return errors.ValidationError(
        f"A pay-out never takes more than the drawer's expected cash ({held}).",
        errors=[{"field": "amount", "message": f"at most {held}"}],
    )


def list_shifts(principal: Principal, query: ShiftQuery, state: Key | None) -> Page[ShiftOut]:
    """Newest first, store by store among those the user may read (or the tenant's)."""
    walk = buckets.buckets(buckets.UNBUCKETED, stores_to_read(principal, query.store_id))
    own = principal.user_id if principal.role == Role.COURIER else None
    shifts, state = repo.shifts_page(
        principal.tenant_id, walk, query.status, query.limit, state, cashier_id=own
    )
    return [shift_out(shift) for shift in shifts], state
