"""The cash a shift's drawer should hold, and cash paid back from a drawer: what refunds and
cancellations ask of the till, inside their own writes."""

from __future__ import annotations

from chalicelib import errors
from chalicelib.cashier import repository as repo
from chalicelib.effects import Effect
from chalicelib.retries import LostRaceError


def expected_cash(shift: repo.Shift) -> int:
    """What the drawer should hold: float + cash taken - cash refunded + pay-ins - pay-outs."""
    moved = sum(sign * getattr(shift, name) for name, sign in repo.DRAWER.items())
    return int(shift.opening_float + moved)


def cash_shift_for_refund(tenant_id: str, store_id: str, preferred: list[str], amount: int) -> str:
    """The OPEN shift cash is paid back from: the first preferred one whose drawer holds
    `amount`, else any such shift of the store (409 SHIFT_REQUIRED when none holds it)."""
    open_ids = repo.open_shifts_in(tenant_id, store_id)
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


def give_back_cash(tenant_id: str, shift_id: str, amount: int) -> Effect:
    """Cash paid back from the shift's drawer, in the refund's write; should another write
    take that cash first, the refund is built again (and picks another drawer)."""
    return repo.shift_totals(
        tenant_id,
        shift_id,
        {"cash_refunds": amount},
        short_of_cash=lambda held: LostRaceError(f"The drawer holds only {held} now."),
    )
