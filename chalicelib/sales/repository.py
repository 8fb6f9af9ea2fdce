"""Storage of sales, their refunds and receipt counters (the only PynamoDB code of sales)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Bucket, Budget
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Entity, Tx
from chalicelib.db.models.sales import PaymentItem, RefundItem, SaleCounterItem, SaleItem
from chalicelib.periods import Period
from chalicelib.retries import LostRaceError

StockActions = Callable[[Tx], None]


class ReceiptNumberTakenError(LostRaceError):
    """Another submit took this number first; the caller reads the counter again."""


def index_sale(tenant_id: str, sale: SaleItem) -> SaleItem:
    month = sale.created_at[:7]
    sale.pk, sale.sk = keys.sale_pk(tenant_id, sale.id), keys.sale_sk()
    sale.tenant_id = tenant_id
    sale.gsi1pk = keys.sales_store_month_pk(tenant_id, sale.store_id, month)
    sale.gsi2pk = keys.sales_month_pk(tenant_id, month)
    sale.gsi1sk = sale.gsi2sk = keys.sale_time_sk(sale.created_at, sale.id)
    return sale


def create_sale(
    tenant_id: str, sale: SaleItem, actor: str, same_as: Callable[[SaleItem], bool]
) -> tuple[SaleItem, bool]:
    sale.created_at = iso()
    return records.create(index_sale(tenant_id, sale), actor=actor, same_as=same_as, what="Sale")


def get_sale(tenant_id: str, sale_id: str) -> SaleItem:
    return records.get_live(
        SaleItem, keys.sale_pk(tenant_id, sale_id), keys.sale_sk(), what="Sale", consistent=True
    )


def sale_with_history(
    tenant_id: str, sale_id: str
) -> tuple[SaleItem, list[PaymentItem], list[RefundItem]]:
    """The sale, its payments and refunds: one query of the sale's partition."""
    found: list[Any] = list(Entity.query(keys.sale_pk(tenant_id, sale_id), consistent_read=True))
    sales = [item for item in found if isinstance(item, SaleItem) and item.deleted_at is None]
    if not sales:
        raise errors.NotFoundError("Sale not found.")
    payments = [item for item in found if isinstance(item, PaymentItem)]
    refunds = [item for item in found if isinstance(item, RefundItem)]
    return sales[0], payments, refunds


def update_draft(sale: SaleItem, changes: dict[str, Any], version: int, actor: str) -> SaleItem:
    return records.update(
        sale,
        changes,
        expected_version=version,
        actor=actor,
        what="Sale",
        condition=SaleItem.status == "DRAFT",
    )


def change_sale(
    tx: Tx,
    sale: SaleItem,
    changes: dict[str, Any],
    actor: str,
    condition: Condition | None = None,
    retry: bool = False,
) -> None:
    """Add the sale's next version to `tx`, on condition nobody changed it since it was read."""
    values = {**changes, "version": sale.version + 1, "updated_at": iso(), "updated_by": actor}
    actions = [
        getattr(SaleItem, name).set(value)
        if value is not None
        else getattr(SaleItem, name).remove()
        for name, value in values.items()
    ]
    guard = (SaleItem.version == sale.version) & SaleItem.deleted_at.does_not_exist()
    tx.change(
        sale,
        actions,
        condition=guard if condition is None else guard & condition,
        on_fail=(LostRaceError if retry else errors.ConflictError)(
            "The sale changed while this request ran; read it again."
        ),
    )


def apply(sale: SaleItem, changes: dict[str, Any], actor: str) -> None:
    """Mirror a committed change_sale on the item in memory."""
    for name, value in changes.items():
        setattr(sale, name, value)
    sale.version += 1
    sale.updated_at, sale.updated_by = iso(), actor


def last_number(tenant_id: str, store_id: str, year: str) -> int:
    counter = records.find(
        SaleCounterItem, keys.sale_counter_pk(tenant_id, store_id), keys.sale_counter_sk(year)
    )
    return counter.last if counter is not None else 0


def submit_sale(
    sale: SaleItem,
    changes: dict[str, Any],
    actor: str,
    sequence: int,
    year: str,
    reserve_stock: StockActions,
) -> None:
    """The sale locked with its number, the counter bumped and the stock reserved: one write.

    A failed write consumes no number, which keeps the numbering without gaps.
    """
    tenant_id = sale.tenant_id or ""
    tx = Tx()
    change_sale(tx, sale, changes, actor, condition=SaleItem.status == "DRAFT")
    counter = SaleCounterItem(
        pk=keys.sale_counter_pk(tenant_id, sale.store_id),
        sk=keys.sale_counter_sk(year),
        tenant_id=tenant_id,
        last=sequence,
    )
    taken = ReceiptNumberTakenError("Another sale took this receipt number.")
    if sequence == 1:
        tx.put(counter, condition=SaleCounterItem.pk.does_not_exist(), on_fail=taken)
    else:
        tx.change(
            counter,
            [SaleCounterItem.last.set(sequence)],
            condition=SaleCounterItem.last == sequence - 1,
            on_fail=taken,
        )
    reserve_stock(tx)
    tx.commit()


def new_refund(tenant_id: str, refund: RefundItem, actor: str) -> RefundItem:
    refund.pk, refund.tenant_id = keys.sale_pk(tenant_id, refund.sale_id), tenant_id
    refund.sk = keys.refund_sk(refund.id)
    return records.stamp_new(refund, actor)


def put_refund(tx: Tx, refund: RefundItem) -> None:
    tx.put(
        refund,
        condition=RefundItem.pk.does_not_exist(),
        on_fail=errors.ConflictError(f"A refund with id {refund.id} already exists."),
    )


def find_refund(tenant_id: str, sale_id: str, refund_id: str) -> RefundItem | None:
    return records.find(RefundItem, keys.sale_pk(tenant_id, sale_id), keys.refund_sk(refund_id))


def sales_in_month(
    tenant_id: str,
    bucket: Bucket,
    *,
    period: Period,
    filters: Condition | None,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> tuple[list[SaleItem], dict[str, Any] | None]:
    """One month of a store's sales, or of the tenant's (access patterns 61-62)."""
    index: Any
    sort: Any
    month = bucket.month or ""
    if bucket.store_id:
        pk = keys.sales_store_month_pk(tenant_id, bucket.store_id, month)
        index, sort = SaleItem.gsi1, SaleItem.gsi1sk
    else:
        pk, index, sort = keys.sales_month_pk(tenant_id, month), SaleItem.gsi2, SaleItem.gsi2sk
    return records.query_page(
        SaleItem,
        pk,
        index=index,
        range_key_condition=sort.between(period.start, period.end + "~"),
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def sale_filters(
    *, status: str | None, seller_id: str | None, customer_id: str | None
) -> Condition | None:
    conditions: list[Any] = []
    if status:
        conditions.append(SaleItem.status == status)
    if seller_id:
        conditions.append(SaleItem.seller_id == seller_id)
    if customer_id:
        conditions.append(SaleItem.customer_id == customer_id)
    return records.all_of(conditions)
