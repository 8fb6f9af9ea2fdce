"""Payments stored: each under its sale, listed by sale, and by store or tenant and month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.sales import PaymentItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page

Payment = PaymentItem
_MONTHS = pages.Months(
    PaymentItem, keys.payments_store_month_pk, keys.payments_month_pk, keys.payment_time_sk
)


class PaymentExistsError(errors.ConflictError):
    """A payment with this id is already stored: the request is a retry."""


@dataclass(frozen=True)
class PaymentFilter:
    """Which payments to list: between `start` and `end` (RFC 3339), of a method, a shift."""

    start: str
    end: str
    method: str | None
    shift_id: str | None


@serves("Payment by id", "Payments of a store by month", "Payments of the tenant by month")
def take_payment(
    tenant_id: str,
    payment_id: str,
    fields: dict[str, Any],
    actor: str,
    effects: Sequence[Effect],
) -> PaymentItem:
    """The payment (its id must be new) with the effects (the sale's next version, the
    shift's totals, the stock it ships): one write."""
    payment = PaymentItem(
        id=payment_id,
        pk=keys.sale_pk(tenant_id, fields["sale_id"]),
        sk=keys.payment_sk(payment_id),
        tenant_id=tenant_id,
        **fields,
    )
    _MONTHS.file(payment, tenant_id)
    records.stamp_new(payment, actor)
    tx = Tx()
    tx.put(
        payment,
        condition=PaymentItem.pk.does_not_exist(),
        on_fail=PaymentExistsError(f"A payment with id {payment.id} already exists."),
    )
    records.apply(tx, effects)
    tx.commit()
    return payment


@serves("Payment by id")
def find_payment(tenant_id: str, sale_id: str, payment_id: str) -> PaymentItem | None:
    return records.find(PaymentItem, keys.sale_pk(tenant_id, sale_id), keys.payment_sk(payment_id))


def _payment_filters(wanted: PaymentFilter) -> Condition | None:
    conditions: list[Any] = []
    if wanted.method:
        conditions.append(PaymentItem.method == wanted.method)
    if wanted.shift_id:
        conditions.append(PaymentItem.shift_id == wanted.shift_id)
    return records.all_of(conditions)


@serves("Payments of a sale")
def payments_of_sale(
    tenant_id: str, sale_id: str, wanted: PaymentFilter, limit: int, start_key: Key | None
) -> Page[PaymentItem]:
    return records.query_page(
        PaymentItem,
        keys.sale_pk(tenant_id, sale_id),
        range_key_condition=PaymentItem.sk.startswith(keys.payments_prefix()),
        filter_condition=_payment_filters(wanted),
        limit=limit,
        start_key=start_key,
    )


@serves("Payments of a store by month", "Payments of the tenant by month")
def payments_page(
    tenant_id: str, wanted: PaymentFilter, walk: list[Bucket], limit: int, cursor: Key | None
) -> Page[PaymentItem]:
    """Newest first over the walk: each store's months, or the tenant's."""
    between = (wanted.start, wanted.end)
    return _MONTHS.page(tenant_id, walk, between, _payment_filters(wanted), limit, cursor)
