"""Storage of cash shifts, their open-shift markers and drawer movements, and of the payments
taken at the till (kept in their sale's partition)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.cashier import CashShiftItem, OpenShiftItem, ShiftMovementItem
from chalicelib.effects import Effect
from chalicelib.money import MAX_AMOUNT
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads

Shift = CashShiftItem
_SHIFT = records.Kind(CashShiftItem, keys.shift_pk, keys.shift_sk, "Cash shift")
ShortOfCash = Callable[[int], errors.DomainError]
SALES_ATTRIBUTE = {
    "CASH": "sales_cash",
    "MOBILE_MONEY": "sales_mobile_money",
    "CARD": "sales_card",
    "BANK_TRANSFER": "sales_bank_transfer",
    "CREDIT": "sales_credit",
    "LOYALTY": "sales_loyalty",
}
# How each running total of a shift moves the cash in its drawer.
DRAWER = {
    "sales_cash": 1,
    "cash_refunds": -1,
    "pay_ins": 1,
    "pay_outs": -1,
    "credit_repayments": 1,
}


def _shift_required(detail: str) -> errors.DomainError:
    return errors.ShiftRequiredError(detail)


def _open_marker(tenant_id: str, store_id: str, cashier_id: str, shift_id: str) -> OpenShiftItem:
    return OpenShiftItem(
        pk=keys.open_shifts_pk(tenant_id, store_id),
        sk=keys.open_shift_sk(cashier_id),
        tenant_id=tenant_id,
        shift_id=shift_id,
        cashier_id=cashier_id,
    )


@serves(
    "Cash shift by id",
    "Cash shifts of a store",
    "Cash shifts of the tenant",
    "Open shift of a cashier in a store",
)
def open_shift(
    tenant_id: str, shift_id: str, fields: dict[str, Any], actor: str
) -> tuple[CashShiftItem, bool]:
    """The shift and its open-shift marker: one write; a second open shift is refused."""
    shift = _SHIFT.new(tenant_id, shift_id, fields)
    shift.gsi1pk = keys.shifts_store_pk(tenant_id, shift.store_id)
    shift.gsi2pk = keys.shifts_pk(tenant_id)
    shift.gsi1sk = shift.gsi2sk = keys.shift_time_sk(shift.opened_at, shift.id)
    marker = _open_marker(tenant_id, shift.store_id, shift.cashier_id, shift.id)

    def claim(tx: Tx) -> None:
        tx.put(
            marker,
            condition=OpenShiftItem.pk.does_not_exist(),
            on_fail=errors.ConflictError(
                "You already have an open cash shift in this store; close it first."
            ),
        )

    return records.create(
        shift,
        actor=actor,
        effects=[claim],
        what="Cash shift",
        same_as=lambda old: (
            (old.store_id, old.cashier_id, old.opening_float)
            == (shift.store_id, shift.cashier_id, shift.opening_float)
        ),
    )


@serves("Cash shift by id")
def get_shift(tenant_id: str, shift_id: str) -> CashShiftItem:
    return _SHIFT.get(tenant_id, shift_id, consistent=True)


@serves("Open shift of a cashier in a store")
def open_shift_of(
    tenant_id: str, store_id: str, cashier_id: str, reads: Reads | None = None
) -> str | None:
    """The id of the cashier's open shift in the store, if one is open (from `reads` that
    wanted it: `want_open_shift`)."""
    key = _open_shift_key(tenant_id, store_id, cashier_id)
    marker = Reads.find(reads, OpenShiftItem, key)
    return marker.shift_id if marker is not None else None


@serves("Open shift of a cashier in a store")
def want_open_shift(reads: Reads, tenant_id: str, store_id: str, cashier_id: str) -> None:
    reads.want([_open_shift_key(tenant_id, store_id, cashier_id)])


def _open_shift_key(tenant_id: str, store_id: str, cashier_id: str) -> tuple[str, str]:
    return keys.open_shifts_pk(tenant_id, store_id), keys.open_shift_sk(cashier_id)


@serves("Open shifts of a store")
def open_shifts_in(tenant_id: str, store_id: str) -> list[str]:
    """The ids of the shifts open in a store."""
    found = OpenShiftItem.query(
        keys.open_shifts_pk(tenant_id, store_id), consistent_read=True, limit=50
    )
    return [marker.shift_id for marker in found]


def _shift_is_open() -> Condition:
    return (CashShiftItem.status == "OPEN") & CashShiftItem.deleted_at.does_not_exist()


def _drawer_change(amounts: dict[str, int]) -> int:
    return sum(DRAWER.get(name, 0) * value for name, value in amounts.items())


@serves("Cash shift by id")
def shift_totals(
    tenant_id: str,
    shift_id: str,
    amounts: dict[str, int],
    on_fail: errors.DomainError | None = None,
    short_of_cash: ShortOfCash | None = None,
) -> Effect:
    """Add to the running totals of an OPEN shift (ADD: concurrent writers never collide).

    Cash that leaves the drawer is taken on condition the drawer holds it at that moment, so
    two writes at once never take the same cash; `short_of_cash` gets what the drawer holds.
    """
    shift = CashShiftItem(pk=keys.shift_pk(tenant_id, shift_id), sk=keys.shift_sk())
    actions = [getattr(CashShiftItem, name).add(value) for name, value in amounts.items()]
    actions.append(CashShiftItem.version.add(1))  # so a close computed before this one fails
    drawer = _drawer_change(amounts)
    condition = _shift_is_open()
    if drawer:
        actions.append(CashShiftItem.cash_in_drawer.add(drawer))
    if drawer < 0:
        condition &= CashShiftItem.cash_in_drawer >= -drawer
    growing = {n: v for n, v in {**amounts, "cash_in_drawer": drawer}.items() if v > 0}
    for name, value in growing.items():
        total = getattr(CashShiftItem, name)
        condition &= total.does_not_exist() | (total <= MAX_AMOUNT - value)

    def refused() -> errors.DomainError:
        current = records.find(CashShiftItem, shift.pk, shift.sk)
        if current is not None and current.status == "OPEN" and not current.deleted_at:
            full = [n for n, v in growing.items() if (getattr(current, n) or 0) > MAX_AMOUNT - v]
            if full:
                return errors.ValidationError(
                    f"The shift's {full[0]} would be above {MAX_AMOUNT}, the largest amount.",
                    errors=[{"field": "amount", "message": f"the shift's {full[0]} is full"}],
                )
            if drawer < 0:
                return (short_of_cash or _short_of_cash)(current.cash_in_drawer or 0)
        return on_fail or _shift_required("The cash shift is no longer open.")

    return lambda tx: tx.change(shift, actions, condition=condition, on_fail=refused)


def _short_of_cash(held: int) -> errors.DomainError:
    return errors.ConflictError(f"The cash drawer holds only {held}.")


@serves("Cash shift by id", "Open shift of a cashier in a store")
def close_shift(shift: CashShiftItem, changes: dict[str, Any], actor: str) -> None:
    marker = _open_marker(shift.tenant_id or "", shift.store_id, shift.cashier_id, shift.id)

    def free_marker(tx: Tx) -> None:
        tx.remove(marker, condition=OpenShiftItem.shift_id == shift.id)

    records.update(
        shift,
        changes,
        expected_version=shift.version,
        actor=actor,
        what="Cash shift",
        effects=[free_marker],
        condition=CashShiftItem.status == "OPEN",
        on_condition_fail=errors.ConflictError(
            "The shift changed while it was being closed; try again."
        ),
    )


@serves("Movement of a cash shift", "Cash shift by id")
def add_movement(
    tenant_id: str,
    movement_id: str,
    fields: dict[str, Any],
    total: str,
    actor: str,
    short_of_cash: ShortOfCash | None = None,
) -> tuple[ShiftMovementItem, bool]:
    """The movement and the shift's `total` in one write; a PAY_OUT only from cash held."""
    movement = ShiftMovementItem(
        id=movement_id,
        pk=keys.shift_pk(tenant_id, fields["shift_id"]),
        sk=keys.shift_movement_sk(movement_id),
        tenant_id=tenant_id,
        **fields,
    )
    return records.create(
        movement,
        actor=actor,
        what="Shift movement",
        effects=[
            shift_totals(
                tenant_id,
                movement.shift_id,
                {total: movement.amount},
                short_of_cash=short_of_cash,
            )
        ],
        same_as=lambda old: (old.kind, old.amount) == (movement.kind, movement.amount),
    )


@serves("Cash shifts of a store", "Cash shifts of the tenant")
def shifts_page(
    tenant_id: str,
    walk: list[Bucket],
    status: str | None,
    limit: int,
    cursor: Key | None,
    cashier_id: str | None = None,
) -> Page[CashShiftItem]:
    """Store by store over the walk (a bucket of no store: the tenant's), newest first."""

    def partition(bucket: Bucket) -> tuple[str, Any]:
        if bucket.store_id:
            return keys.shifts_store_pk(tenant_id, bucket.store_id), CashShiftItem.gsi1
        return keys.shifts_pk(tenant_id), CashShiftItem.gsi2

    wanted = [
        *([CashShiftItem.status == status] if status else []),
        *([CashShiftItem.cashier_id == cashier_id] if cashier_id else []),
    ]
    return pages.newest_over(
        CashShiftItem,
        walk,
        partition,
        filter_condition=records.all_of(wanted),
        limit=limit,
        cursor=cursor,
    )


@dataclass(frozen=True)
class ClosedShift:
    shift_id: str
    store_id: str
    cashier_id: str
    variance: int
    closed_at: str


@serves("Cash shifts of the tenant")
def closed_shifts_since(tenant_id: str, since: str) -> list[ClosedShift]:
    """The tenant's closed shifts opened since `since` (RFC 3339), newest first: one query."""
    found = CashShiftItem.gsi2.query(
        keys.shifts_pk(tenant_id),
        range_key_condition=CashShiftItem.gsi2sk >= since,
        filter_condition=(CashShiftItem.status == "CLOSED")
        & CashShiftItem.deleted_at.does_not_exist(),
        scan_index_forward=False,
    )
    return [
        ClosedShift(
            item.id,
            item.store_id,
            item.cashier_id,
            int(item.variance or 0),
            str(item.closed_at or ""),
        )
        for item in found
        if isinstance(item, CashShiftItem)
    ]
