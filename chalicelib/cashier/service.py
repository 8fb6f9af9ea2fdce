"""Cash shifts: open one per cashier and store, move cash in and out, close with a count."""

from __future__ import annotations

from typing import Any

from chalicelib import buckets, errors, tenancy
from chalicelib.auth.permissions import Role, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket, Budget
from chalicelib.cashier import repository as repo
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
from chalicelib.db.base import Tx
from chalicelib.db.models.cashier import CashShiftItem, ShiftMovementItem
from chalicelib.money import MAX_AMOUNT
from chalicelib.retries import LostRaceError

MOVEMENT_FIELD = {"PAY_IN": "pay_ins", "PAY_OUT": "pay_outs"}


def expected_cash(shift: CashShiftItem) -> int:
    """What the drawer should hold: float + cash taken - cash refunded + pay-ins - pay-outs."""
    moved = sum(sign * getattr(shift, name) for name, sign in repo.DRAWER.items())
    return int(shift.opening_float + moved)


def shift_out(shift: CashShiftItem) -> ShiftOut:
    return ShiftOut(
        id=shift.id,
        store_id=shift.store_id,
        cashier_id=shift.cashier_id,
        status=shift.status,  # type: ignore[arg-type]
        currency=shift.currency,
        opening_float=shift.opening_float,
        opened_at=shift.opened_at,
        closed_at=shift.closed_at,
        closed_by=shift.closed_by,
        totals=MethodTotals(
            CASH=shift.sales_cash,
            MOBILE_MONEY=shift.sales_mobile_money,
            CARD=shift.sales_card,
            BANK_TRANSFER=shift.sales_bank_transfer,
        ),
        payments_count=shift.payments_count,
        change_given=shift.change_given,
        cash_refunds=shift.cash_refunds,
        pay_ins=shift.pay_ins,
        pay_outs=shift.pay_outs,
        expected_cash=shift.expected_cash
        if shift.expected_cash is not None
        else expected_cash(shift),
        counted_cash=shift.counted_cash,
        variance=shift.variance,
        version=shift.version,
    )


def open_shift(principal: Principal, data: ShiftIn) -> tuple[ShiftOut, bool]:
    check_store(principal, data.store_id)
    tenant = tenancy.tenant_settings(principal.tenant_id)
    tenancy.store_of(principal.tenant_id, data.store_id)
    shift = CashShiftItem(
        id=data.id or new_id(),
        store_id=data.store_id,
        cashier_id=principal.user_id,
        status="OPEN",
        currency=tenant.currency,
        opening_float=data.opening_float,
        cash_in_drawer=data.opening_float,
        opened_at=iso(),
    )
    saved, created = repo.open_shift(principal.tenant_id, shift, principal.user_id)
    return shift_out(saved), created


def shift_for(principal: Principal, shift_id: str, *, own: bool) -> CashShiftItem:
    """The shift; a cashier may only touch their own (`own`) or read their store's."""
    shift = repo.get_shift(principal.tenant_id, shift_id)
    check_store(principal, shift.store_id)
    if own and principal.role == Role.CASHIER and shift.cashier_id != principal.user_id:
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
    movement = ShiftMovementItem(
        id=data.id or new_id(),
        shift_id=shift.id,
        store_id=shift.store_id,
        kind=data.type,
        amount=data.amount,
        reason=data.reason,
    )
    saved, created = repo.add_movement(
        principal.tenant_id,
        movement,
        MOVEMENT_FIELD[data.type],
        principal.user_id,
        short_of_cash=_more_than_the_drawer,
    )
    out = ShiftMovementOut(
        id=saved.id,
        shift_id=shift.id,
        type=saved.kind,
        amount=saved.amount,
        reason=saved.reason,
        created_at=saved.created_at,
        created_by=saved.created_by,
    )
    return out, created


def _more_than_the_drawer(held: int) -> errors.DomainError:
    return errors.ValidationError(
        f"A pay-out never takes more than the drawer's expected cash ({held}).",
        errors=[{"field": "amount", "message": f"at most {held}"}],
    )


def list_shifts(
    principal: Principal, query: ShiftQuery, state: dict[str, Any] | None
) -> tuple[list[ShiftOut], dict[str, Any] | None]:
    """Newest first, store by store among those the user may read (or the tenant's)."""

    def bucket_page(
        bucket: Bucket, limit: int, key: dict[str, Any] | None, budget: Budget
    ) -> tuple[list[CashShiftItem], dict[str, Any] | None]:
        return repo.shifts_page(principal.tenant_id, bucket, query.status, limit, key, budget)

    walk = buckets.buckets(buckets.UNBUCKETED, stores_to_read(principal, query.store_id))
    shifts, state = buckets.page_buckets(walk, bucket_page, query.limit, state)
    return [shift_out(shift) for shift in shifts], state


def cash_shift_for_refund(tenant_id: str, store_id: str, preferred: list[str], amount: int) -> str:
    """The OPEN shift cash is paid back from: the first preferred one whose drawer holds
    `amount`, else any such shift of the store (409 SHIFT_REQUIRED when none holds it)."""
    open_ids = [marker.shift_id for marker in repo.open_shifts_in(tenant_id, store_id)]
    if not open_ids:
        raise errors.ShiftRequiredError(
            "Cash is paid back from an open cash shift; no shift is open in this store."
        )
    held = {shift_id: expected_cash(repo.get_shift(tenant_id, shift_id)) for shift_id in open_ids}
    holding = [shift_id for shift_id in [*preferred, *open_ids] if held.get(shift_id, -1) >= amount]
    if not holding:
        raise errors.ShiftRequiredError(
            f"Cash is paid back from an open cash shift whose drawer holds it: none in this "
            f"store holds {amount} (at most {max(held.values())}). Pay cash in first, or "
            "refund by another method."
        )
    return holding[0]


def give_back_cash(tx: Tx, tenant_id: str, shift_id: str, amount: int) -> None:
    """Cash paid back from the shift's drawer, in the refund's write; should another write
    take that cash first, the refund is built again (and picks another drawer)."""
    repo.add_to_shift(
        tx,
        tenant_id,
        shift_id,
        {"cash_refunds": amount},
        short_of_cash=lambda held: LostRaceError(f"The drawer holds only {held} now."),
    )
