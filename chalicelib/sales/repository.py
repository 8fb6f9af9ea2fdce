"""Storage of sales, the refunds kept in the sale's partition and the receipt counters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.clock import iso
from chalicelib.db import keys, pages, records
from chalicelib.db.base import Entity, Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.sales import PaymentItem, RefundItem, SaleCounterItem, SaleItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError

Sale = SaleItem
Payment = PaymentItem
Refund = RefundItem
_SALE = records.Kind(SaleItem, keys.sale_pk, keys.sale_sk, "Sale")
_MONTHS = pages.Months(SaleItem, keys.sales_store_month_pk, keys.sales_month_pk, keys.sale_time_sk)
Changes = dict[str, Any]


class ReceiptNumberTakenError(LostRaceError):
    """Another submit took this number first; the caller reads the counter again."""


@dataclass(frozen=True)
class SaleFilter:
    """Which sales to list, newest first, between `start` and `end` (RFC 3339)."""

    start: str
    end: str
    status: str | None
    seller_id: str | None
    customer_id: str | None


@serves("Sale by id", "Sales of a store by month", "Sales of the tenant by month")
def create_sale(
    tenant_id: str,
    sale_id: str,
    fields: dict[str, Any],
    actor: str,
    same_as: Callable[[SaleItem], bool],
) -> tuple[SaleItem, bool]:
    sale = _SALE.new(tenant_id, sale_id, {"created_at": iso(), **fields})
    _MONTHS.file(sale, tenant_id)
    return _SALE.create(sale, actor=actor, same_as=same_as, effects=())


@serves("Sale by id")
def get_sale(tenant_id: str, sale_id: str) -> SaleItem:
    return _SALE.get(tenant_id, sale_id, consistent=True)


@serves("Sale with its payments and refunds")
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


@serves("Sale by id")
def update_draft(sale: SaleItem, changes: Changes, version: int, actor: str) -> SaleItem:
    return records.update(
        sale,
        changes,
        expected_version=version,
        actor=actor,
        what="Sale",
        condition=SaleItem.status == "DRAFT",
    )


@serves("Sale by id")
def next_version(
    tenant_id: str,
    sale_id: str,
    version: int,
    changes: Changes,
    actor: str,
    *,
    retry: bool = False,
    condition: Condition | None = None,
) -> tuple[Effect, Changes]:
    """The sale's next version as part of another write, on condition nobody changed it since
    it was read at `version`; and the values it writes (for the answer)."""
    sale = SaleItem(pk=keys.sale_pk(tenant_id, sale_id), sk=keys.sale_sk(), version=version)
    values = records.versioned(sale, changes, actor)
    failure = (LostRaceError if retry else errors.ConflictError)(
        "The sale changed while this request ran; read it again."
    )

    def change(tx: Tx) -> None:
        records.add_version(tx, sale, values, on_fail=failure, condition=condition)

    return change, values


@serves("Sale by id")
def mirror(sale: SaleItem, values: Changes) -> SaleItem:
    """The sale in memory as its committed next version left it."""
    return records.mirror(sale, values)


@serves("Receipt counter of a store and year")
def last_number(tenant_id: str, store_id: str, year: str) -> int:
    counter = records.find(
        SaleCounterItem, keys.sale_counter_pk(tenant_id, store_id), keys.sale_counter_sk(year)
    )
    return counter.last if counter is not None else 0


@serves("Receipt counter of a store and year")
def want_counters(reads: Reads, tenant_id: str, store_id: str, years: Iterable[str]) -> None:
    pk = keys.sale_counter_pk(tenant_id, store_id)
    reads.want((pk, keys.sale_counter_sk(year)) for year in years)


@serves("Receipt counter of a store and year")
def last_number_in(reads: Reads, tenant_id: str, store_id: str, year: str) -> int:
    """The counter's last number from reads that wanted it (consistent reads)."""
    counter = reads.item((keys.sale_counter_pk(tenant_id, store_id), keys.sale_counter_sk(year)))
    return counter.last if isinstance(counter, SaleCounterItem) else 0


@serves("Sale by id", "Receipt counter of a store and year")
def submit_sale(
    sale: SaleItem,
    changes: Changes,
    actor: str,
    sequence: int,
    year: str,
    effects: Sequence[Effect],
) -> None:
    """The sale locked with its number, the counter bumped and the effects (its stock
    reserved): one write. A failed write consumes no number, so numbering has no gaps."""
    tenant_id = sale.tenant_id or ""
    change, values = next_version(
        tenant_id, sale.id, sale.version, changes, actor, condition=SaleItem.status == "DRAFT"
    )
    counter = SaleCounterItem(
        pk=keys.sale_counter_pk(tenant_id, sale.store_id),
        sk=keys.sale_counter_sk(year),
        tenant_id=tenant_id,
        last=sequence,
    )
    taken = ReceiptNumberTakenError("Another sale took this receipt number.")
    tx = Tx()
    change(tx)
    if sequence == 1:
        tx.put(counter, condition=SaleCounterItem.pk.does_not_exist(), on_fail=taken)
    else:
        tx.change(
            counter,
            [SaleCounterItem.last.set(sequence)],
            condition=SaleCounterItem.last == sequence - 1,
            on_fail=taken,
        )
    records.apply(tx, effects)
    tx.commit()
    records.mirror(sale, values)


@serves("Refund by id")
def new_refund(
    tenant_id: str, refund_id: str, fields: dict[str, Any], actor: str
) -> tuple[RefundItem, Effect]:
    """A refund in its sale's partition, and the put that writes it (its id must be new)."""
    refund = RefundItem(
        id=refund_id,
        pk=keys.sale_pk(tenant_id, fields["sale_id"]),
        sk=keys.refund_sk(refund_id),
        tenant_id=tenant_id,
        **fields,
    )
    records.stamp_new(refund, actor)

    def put(tx: Tx) -> None:
        tx.put(
            refund,
            condition=RefundItem.pk.does_not_exist(),
            on_fail=errors.ConflictError(f"A refund with id {refund.id} already exists."),
        )

    return refund, put


@serves("Refund by id")
def find_refund(tenant_id: str, sale_id: str, refund_id: str) -> RefundItem | None:
    return records.find(RefundItem, keys.sale_pk(tenant_id, sale_id), keys.refund_sk(refund_id))


@serves("Sale by id")
def write(effects: Sequence[Effect]) -> None:
    """One transaction of these effects (a cancellation, a refund: the sale's next version
    with what it gives back)."""
    records.write(effects)


@serves("Sales of a store by month", "Sales of the tenant by month")
def sales_page(
    tenant_id: str, wanted: SaleFilter, walk: list[Bucket], limit: int, cursor: Key | None
) -> Page[SaleItem]:
    """Newest first over the walk: each store's months, or the tenant's."""
    conditions: list[Any] = []
    if wanted.status:
        conditions.append(SaleItem.status == wanted.status)
    if wanted.seller_id:
        conditions.append(SaleItem.seller_id == wanted.seller_id)
    if wanted.customer_id:
        conditions.append(SaleItem.customer_id == wanted.customer_id)
    between = (wanted.start, wanted.end)
    return _MONTHS.page(tenant_id, walk, between, records.all_of(conditions), limit, cursor)


@serves("Sale by id")
def mark_delivery(
    tenant_id: str,
    sale_id: str,
    mark: tuple[str, str, str | None],
    actor: str,
    *,
    was: tuple[str, str] | None,
    closed: frozenset[str],
    sale_statuses: frozenset[str],
    on_fail: errors.DomainError,
) -> Effect:
    """The sale's marker of its open delivery (`mark`: id, status, courier) in a delivery's
    write, on condition the marker still shows `was` (id, status), or, for a new delivery,
    none open (no marker, or one of the `closed` statuses); and the sale in `sale_statuses`.
    The sale's version is left alone: its own writes never touch the marker."""
    sale = SaleItem(pk=keys.sale_pk(tenant_id, sale_id), sk=keys.sale_sk())
    delivery_id, status, courier_id = mark
    actions = [
        SaleItem.delivery_id.set(delivery_id),
        SaleItem.delivery_status.set(status),
        SaleItem.delivery_courier_id.set(courier_id)
        if courier_id
        else SaleItem.delivery_courier_id.remove(),
        SaleItem.updated_at.set(iso()),
        SaleItem.updated_by.set(actor),
    ]
    if was is None:
        marker = SaleItem.delivery_status.does_not_exist() | SaleItem.delivery_status.is_in(
            *sorted(closed)
        )
    else:
        marker = (SaleItem.delivery_id == was[0]) & (SaleItem.delivery_status == was[1])
    condition = (
        marker
        & SaleItem.status.is_in(*sorted(sale_statuses))
        & SaleItem.deleted_at.does_not_exist()
    )

    def change(tx: Tx) -> None:
        tx.change(sale, actions, condition=condition, on_fail=on_fail)

    return change


@serves("Sale by id")
def delivery_is(status: str | None) -> Condition:
    """The sale's delivery marker still shows `status` (None: no delivery marked)."""
    if status is None:
        return SaleItem.delivery_status.does_not_exist()
    return SaleItem.delivery_status == status


@serves("Sale by id")
def carried_by(courier_id: str, statuses: frozenset[str]) -> Condition:
    """The sale's open delivery is assigned to `courier_id`, in one of `statuses`."""
    return (SaleItem.delivery_courier_id == courier_id) & SaleItem.delivery_status.is_in(
        *sorted(statuses)
    )


@serves("Sales of the tenant by month")
def sales_created_between(tenant_id: str, start: str, end: str) -> list[SaleItem]:
    """Every live sale of the tenant created in [start, end) (RFC 3339): one query per UTC
    month the range touches (two at most for a day)."""
    months = sorted({start[:7], end[:7]})
    found: list[SaleItem] = []
    for month in months:
        for item in SaleItem.gsi2.query(
            keys.sales_month_pk(tenant_id, month),
            range_key_condition=SaleItem.gsi2sk.between(start, end),
            filter_condition=SaleItem.deleted_at.does_not_exist(),
        ):
            if isinstance(item, SaleItem) and str(item.gsi2sk or "") < end:
                found.append(item)
    return found
