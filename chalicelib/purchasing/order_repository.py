"""Storage of purchase orders. Both index sort keys carry the status, so a list filtered by
store, supplier and status is a key query; they move with every change of status.

What a goods receipt takes off an order is one update in the receipt's transaction: each line's
`remaining.L<n>` decremented under `remaining.L<n> >= q`, with the new status, on condition the
order is still at the version read (a concurrent receipt makes this one read again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from chalicelib import errors
from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.purchasing import PurchaseOrderItem, SupplierItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.retries import LostRaceError

Order = PurchaseOrderItem
_ORDER = records.Kind(
    PurchaseOrderItem, keys.purchase_order_pk, keys.purchase_order_sk, "Purchase order"
)


class OrderChangedError(LostRaceError):
    """The order changed between the read and the write: read it again."""


def _index_keys(
    tenant_id: str, order_id: str, store_id: str, supplier_id: str, status: str
) -> dict[str, str]:
    return {
        "gsi1pk": keys.purchase_orders_store_pk(tenant_id, store_id),
        "gsi1sk": keys.purchase_order_status_sk(status, order_id),
        "gsi2pk": keys.purchase_orders_supplier_pk(tenant_id, supplier_id),
        "gsi2sk": keys.purchase_order_supplier_sk(store_id, status, order_id),
    }


def _indexed(order: PurchaseOrderItem, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes with the index keys that follow from them."""
    status = changes.get("status", order.status)
    supplier = changes.get("supplier_id", order.supplier_id)
    ids = (order.tenant_id or "", order.id, order.store_id, supplier, status)
    return {**changes, **_index_keys(*ids)}


@serves("Supplier by id")
def supplier_exists(tenant_id: str, supplier_id: str) -> Effect:
    """A write's condition that the supplier exists and is not deleted."""

    def check(tx: Tx) -> None:
        tx.check(
            SupplierItem,
            keys.supplier_pk(tenant_id, supplier_id),
            keys.supplier_sk(),
            condition=SupplierItem.pk.exists() & SupplierItem.deleted_at.does_not_exist(),
            on_fail=errors.NotFoundError(f"Supplier {supplier_id} not found."),
        )

    return check


@serves("Purchase order by id", "Purchase orders of a store", "Purchase orders of a supplier")
def create(
    tenant_id: str,
    order_id: str,
    fields: dict[str, Any],
    actor: str,
    *,
    same_as: Callable[[PurchaseOrderItem], bool],
    effects: Sequence[Effect],
) -> tuple[PurchaseOrderItem, bool]:
    order = _ORDER.new(tenant_id, order_id, fields)
    ids = (tenant_id, order_id, fields["store_id"], fields["supplier_id"], fields["status"])
    for name, value in _index_keys(*ids).items():
        setattr(order, name, value)
    return _ORDER.create(order, actor=actor, same_as=same_as, effects=effects)


@serves("Purchase order by id")
def get(tenant_id: str, order_id: str) -> PurchaseOrderItem:
    return _ORDER.get(tenant_id, order_id, consistent=True)


@serves("Purchase order by id", "Purchase orders of a store", "Purchase orders of a supplier")
def change(
    order: PurchaseOrderItem,
    changes: dict[str, Any],
    *,
    from_statuses: frozenset[str],
    actor: str,
    expected_version: int | None = None,
    effects: Sequence[Effect] = (),
) -> PurchaseOrderItem:
    """One transaction: the change (guarded by status and version) and its effects."""
    if order.status not in from_statuses:
        raise errors.InvalidStateError(f"Purchase order {order.id} is {order.status}.")
    return records.update(
        order,
        _indexed(order, changes),
        expected_version=order.version if expected_version is None else expected_version,
        actor=actor,
        what="Purchase order",
        effects=effects,
        condition=Order.status.is_in(*from_statuses),
        on_condition_fail=OrderChangedError(f"Purchase order {order.id} changed; read it again."),
    )


@serves("Purchase order by id", "Purchase orders of a store", "Purchase orders of a supplier")
def taking_receipt(
    order: PurchaseOrderItem, taken: dict[str, int], status: str, actor: str
) -> Effect:
    """The order's part of a goods receipt: `taken` units off each line's remaining."""
    values = records.versioned(order, _indexed(order, {"status": status}), actor)
    if status == "RECEIVED":
        values["received_at"] = values["updated_at"]

    def take(tx: Tx) -> None:
        actions: list[Any] = [getattr(Order, name).set(value) for name, value in values.items()]
        condition = (Order.version == order.version) & Order.deleted_at.does_not_exist()
        for name, quantity in taken.items():
            entry: Any = Order.remaining[name]
            actions.append(entry.set(entry - quantity))
            condition &= entry >= quantity
        tx.change(
            order,
            actions,
            condition=condition,
            on_fail=OrderChangedError(f"Purchase order {order.id} changed; read it again."),
        )

    return take


@serves("Purchase orders of a store", "Purchase orders of a supplier")
def orders_page(
    tenant_id: str,
    walk: list[Bucket],
    *,
    supplier_id: str | None,
    status: str | None,
    limit: int,
    cursor: Key | None,
) -> Page[PurchaseOrderItem]:
    """Store by store over the walk, newest first within a status: one key query each."""
    plan = partial(_orders_of_store, tenant_id, supplier_id, status)
    return pages.over_buckets(Order, walk, plan, limit=limit, cursor=cursor)


def _orders_of_store(
    tenant_id: str, supplier_id: str | None, status: str | None, bucket: Bucket
) -> pages.Query:
    store_id = bucket.store_id or ""
    index: Any
    if supplier_id:
        prefix = (
            keys.supplier_store_status_prefix(store_id, status)
            if status
            else keys.supplier_store_prefix(store_id)
        )
        pk, index = keys.purchase_orders_supplier_pk(tenant_id, supplier_id), Order.gsi2
    else:
        prefix = keys.purchase_status_prefix(status) if status else ""
        pk, index = keys.purchase_orders_store_pk(tenant_id, store_id), Order.gsi1
    return pages.Query(pk, index, pages.starting(Order, index, prefix))


@serves("Purchase orders of a store")
def open_orders(tenant_id: str, store_id: str) -> list[PurchaseOrderItem]:
    """The store's SENT and PARTIALLY_RECEIVED orders: one key query per status."""
    found: list[PurchaseOrderItem] = []
    for status in ("SENT", "PARTIALLY_RECEIVED"):
        result = Order.gsi1.query(
            keys.purchase_orders_store_pk(tenant_id, store_id),
            range_key_condition=Order.gsi1sk.startswith(keys.purchase_status_prefix(status)),
        )
        found += [item for item in result if isinstance(item, PurchaseOrderItem)]
    return found
