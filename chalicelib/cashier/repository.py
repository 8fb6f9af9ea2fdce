"""Storage of cash shifts, drawer movements and payments (the only PynamoDB code here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Bucket, Budget
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.cashier import CashShiftItem, OpenShiftItem, ShiftMovementItem
from chalicelib.db.models.sales import PaymentItem
from chalicelib.periods import Period

SALES_ATTRIBUTE = {
    "CASH": "sales_cash",
    "MOBILE_MONEY": "sales_mobile_money",
    "CARD": "sales_card",
    "BANK_TRANSFER": "sales_bank_transfer",
}


# How each running total of a shift moves the cash in its drawer.
DRAWER = {"sales_cash": 1, "cash_refunds": -1, "pay_ins": 1, "pay_outs": -1}

ShortOfCash = Callable[[int], errors.DomainError]


class PaymentExistsError(errors.ConflictError):
    """A payment with this id is already stored: the request is a retry."""


def shift_required(detail: str = "Open a cash shift in this store first.") -> errors.DomainError:
    return errors.ShiftRequiredError(detail)


def open_marker(tenant_id: str, store_id: str, cashier_id: str, shift_id: str) -> OpenShiftItem:
    return OpenShiftItem(
        pk=keys.open_shifts_pk(tenant_id, store_id),
        sk=keys.open_shift_sk(cashier_id),
        tenant_id=tenant_id,
        shift_id=shift_id,
        cashier_id=cashier_id,
    )


def open_shift(tenant_id: str, shift: CashShiftItem, actor: str) -> tuple[CashShiftItem, bool]:
    """The shift and its open-shift marker: one write; a second open shift is refused."""
    shift.pk, shift.sk = keys.shift_pk(tenant_id, shift.id), keys.shift_sk()
    shift.tenant_id = tenant_id
    shift.gsi1pk = keys.shifts_store_pk(tenant_id, shift.store_id)
    shift.gsi2pk = keys.shifts_pk(tenant_id)
    shift.gsi1sk = shift.gsi2sk = keys.shift_time_sk(shift.opened_at, shift.id)
    marker = open_marker(tenant_id, shift.store_id, shift.cashier_id, shift.id)

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


def get_shift(tenant_id: str, shift_id: str) -> CashShiftItem:
    return records.get_live(
        CashShiftItem,
        keys.shift_pk(tenant_id, shift_id),
        keys.shift_sk(),
        what="Cash shift",
        consistent=True,
    )


def open_shift_of(tenant_id: str, store_id: str, cashier_id: str) -> OpenShiftItem | None:
    return records.find(
        OpenShiftItem, keys.open_shifts_pk(tenant_id, store_id), keys.open_shift_sk(cashier_id)
    )


def open_shifts_in(tenant_id: str, store_id: str) -> list[OpenShiftItem]:
    return list(
        OpenShiftItem.query(
            keys.open_shifts_pk(tenant_id, store_id), consistent_read=True, limit=50
        )
    )


def shift_is_open() -> Condition:
    return (CashShiftItem.status == "OPEN") & CashShiftItem.deleted_at.does_not_exist()


def drawer_change(amounts: dict[str, int]) -> int:
    return sum(DRAWER.get(name, 0) * value for name, value in amounts.items())


def add_to_shift(
    tx: Tx,
    tenant_id: str,
    shift_id: str,
    amounts: dict[str, int],
    on_fail: errors.DomainError | None = None,
    short_of_cash: ShortOfCash | None = None,
) -> None:
    """Add to the running totals of an OPEN shift (ADD: concurrent writers never collide).

    Cash that leaves the drawer is taken on condition the drawer holds it at that moment, so
    two writes at once never take the same cash; `short_of_cash` gets what the drawer holds.
    """
    shift = CashShiftItem(pk=keys.shift_pk(tenant_id, shift_id), sk=keys.shift_sk())
    actions = [getattr(CashShiftItem, name).add(value) for name, value in amounts.items()]
    actions.append(CashShiftItem.version.add(1))  # so a close computed before this one fails
    drawer = drawer_change(amounts)
    condition = shift_is_open()
    if drawer:
        actions.append(CashShiftItem.cash_in_drawer.add(drawer))
    if drawer < 0:
        condition &= CashShiftItem.cash_in_drawer >= -drawer

    def refused() -> errors.DomainError:
        current = records.find(CashShiftItem, shift.pk, shift.sk) if drawer < 0 else None
        if current is not None and current.status == "OPEN" and not current.deleted_at:
            return (short_of_cash or _short_of_cash)(current.cash_in_drawer or 0)
        return on_fail or shift_required("The cash shift is no longer open.")

    tx.change(shift, actions, condition=condition, on_fail=refused)


def _short_of_cash(held: int) -> errors.DomainError:
    return errors.ConflictError(f"The cash drawer holds only {held}.")


def close_shift(shift: CashShiftItem, changes: dict[str, Any], actor: str) -> None:
    marker = open_marker(shift.tenant_id or "", shift.store_id, shift.cashier_id, shift.id)

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


def add_movement(
    tenant_id: str,
    movement: ShiftMovementItem,
    field: str,
    actor: str,
    short_of_cash: ShortOfCash | None = None,
) -> tuple[ShiftMovementItem, bool]:
    """The movement and the shift's totals in one write; a PAY_OUT only from cash held."""
    movement.pk, movement.tenant_id = keys.shift_pk(tenant_id, movement.shift_id), tenant_id
    movement.sk = keys.shift_movement_sk(iso(), movement.id)
    return records.create(
        movement,
        actor=actor,
        what="Shift movement",
        effects=[
            lambda tx: add_to_shift(
                tx,
                tenant_id,
                movement.shift_id,
                {field: movement.amount},
                short_of_cash=short_of_cash,
            )
        ],
        same_as=lambda old: (old.kind, old.amount) == (movement.kind, movement.amount),
    )


def shifts_page(
    tenant_id: str,
    bucket: Bucket,
    status: str | None,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> tuple[list[CashShiftItem], dict[str, Any] | None]:
    """A store's shifts, or the tenant's, newest first (access pattern 67)."""
    index: Any = CashShiftItem.gsi1 if bucket.store_id else CashShiftItem.gsi2
    return records.query_page(
        CashShiftItem,
        keys.shifts_store_pk(tenant_id, bucket.store_id)
        if bucket.store_id
        else keys.shifts_pk(tenant_id),
        index=index,
        filter_condition=(CashShiftItem.status == status) if status else None,
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def new_payment(tenant_id: str, payment: PaymentItem, actor: str) -> PaymentItem:
    month = payment.created_at[:7]
    payment.pk = keys.sale_pk(tenant_id, payment.sale_id)
    payment.sk = keys.payment_sk(payment.id)
    payment.tenant_id = tenant_id
    payment.gsi1pk = keys.payments_store_month_pk(tenant_id, payment.store_id, month)
    payment.gsi2pk = keys.payments_month_pk(tenant_id, month)
    payment.gsi1sk = payment.gsi2sk = keys.payment_time_sk(payment.created_at, payment.id)
    return records.stamp_new(payment, actor)


def put_payment(tx: Tx, payment: PaymentItem) -> None:
    tx.put(
        payment,
        condition=PaymentItem.pk.does_not_exist(),
        on_fail=PaymentExistsError(f"A payment with id {payment.id} already exists."),
    )


def find_payment(tenant_id: str, sale_id: str, payment_id: str) -> PaymentItem | None:
    return records.find(PaymentItem, keys.sale_pk(tenant_id, sale_id), keys.payment_sk(payment_id))


def payments_of_sale(
    tenant_id: str,
    sale_id: str,
    limit: int,
    start_key: dict[str, Any] | None,
    filters: Condition | None,
) -> tuple[list[PaymentItem], dict[str, Any] | None]:
    return records.query_page(
        PaymentItem,
        keys.sale_pk(tenant_id, sale_id),
        range_key_condition=PaymentItem.sk.startswith(keys.payments_prefix()),
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
    )


def payments_in_month(
    tenant_id: str,
    bucket: Bucket,
    *,
    period: Period,
    filters: Condition | None,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> tuple[list[PaymentItem], dict[str, Any] | None]:
    """One month of a store's payments, or of the tenant's (access pattern 65)."""
    index: Any
    sort: Any
    month = bucket.month or ""
    if bucket.store_id:
        pk = keys.payments_store_month_pk(tenant_id, bucket.store_id, month)
        index, sort = PaymentItem.gsi1, PaymentItem.gsi1sk
    else:
        pk = keys.payments_month_pk(tenant_id, month)
        index, sort = PaymentItem.gsi2, PaymentItem.gsi2sk
    return records.query_page(
        PaymentItem,
        pk,
        index=index,
        range_key_condition=sort.between(period.start, period.end + "~"),
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def payment_filters(*, method: str | None, shift_id: str | None) -> Condition | None:
    conditions: list[Any] = []
    if method:
        conditions.append(PaymentItem.method == method)
    if shift_id:
        conditions.append(PaymentItem.shift_id == shift_id)
    return records.all_of(conditions)
