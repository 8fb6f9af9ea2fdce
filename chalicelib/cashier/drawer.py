"""The cash a shift's drawer should hold, cash paid back from a drawer and cash taken for a
credit account: what refunds, cancellations and repayments ask of the till, inside their own
writes."""

from __future__ import annotations

from chalicelib import errors
from chalicelib.cashier import repository as repo
from chalicelib.effects import Effect
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError


def expected_cash(shift: repo.Shift) -> int:
    """What the drawer should hold: float + cash taken - cash refunded + pay-ins - pay-outs
    + cash taken for credit accounts."""
    moved = sum(sign * getattr(shift, name) for name, sign in repo.DRAWER.items())
    return int(shift.opening_float + moved)


def cash_shift_for_refund(tenant_id: str, store_id: str, preferred: list[str], amount: int) -> str:
    """The OPEN shift cash is paid back from: the first preferred one whose drawer holds
    `amount`, else any such shift of the store (409 SHIFT_REQUIRED when none holds it). A
    courier's shift never pays anything back: it holds what the rider hands over."""
    shifts = [
        repo.get_shift(tenant_id, shift_id) for shift_id in repo.open_shifts_in(tenant_id, store_id)
    ]
    tills = [shift for shift in shifts if not shift.courier]
    open_ids = [shift.id for shift in tills]
    if not open_ids:
        raise errors.ShiftRequiredError(
            "Cash is paid back from an open cash shift; no shift is open in this store."
        )
    held = {shift.id: expected_cash(shift) for shift in tills}
    holding = [shift_id for shift_id in [*preferred, *open_ids] if held.get(shift_id, -1) >= amount]
    if not holding:
        raise errors.ShiftRequiredError(
            f"Cash is paid back from an open cash shift whose drawer holds it: none in this "
            f"store holds {amount} (at most {max(held.values())}). Pay cash in first, or "
            "refund by another method."
        )
    return holding[0]


def give_back_cash(tenant_id: str, shift_id: str, amount: int) -> Effect:
    """Cash paid back from the shift's drawer, in the refund's write; should another write
    take that cash first, the refund is built again (and picks another drawer)."""
    return repo.shift_totals(
        tenant_id,
        shift_id,
        {"cash_refunds": amount},
        short_of_cash=lambda held: LostRaceError(f"The drawer holds only {held} now."),
    )


def want_repayment_cash(reads: Reads, tenant_id: str, store_id: str, cashier_id: str) -> None:
    """Read the taker's open shift in the store with a repayment's other reads."""
    repo.want_open_shift(reads, tenant_id, store_id, cashier_id)


def take_repayment_cash(
    tenant_id: str, store_id: str, cashier_id: str, amount: int, reads: Reads | None = None
) -> tuple[str, Effect]:
    """A CASH repayment of a credit account goes into the taker's own OPEN shift in the store
    (409 SHIFT_REQUIRED without one): the shift and its part of the repayment's write
    (`reads`: the repayment's, that wanted `want_repayment_cash`)."""
    shift_id = repo.open_shift_of(tenant_id, store_id, cashier_id, reads)
    if shift_id is None:
        raise errors.ShiftRequiredError("Open your cash shift in this store to take cash.")
    return shift_id, repo.shift_totals(tenant_id, shift_id, {"credit_repayments": amount})
