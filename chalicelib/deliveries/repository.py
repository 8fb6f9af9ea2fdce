"""Storage of deliveries: by id, per store and per courier, newest first. Each transition is
one conditional write on the delivery's current status, with the sale's marker beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from chalicelib import buckets, errors
from chalicelib.buckets import Bucket, Budget
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.deliveries import DeliveryItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads

Delivery = DeliveryItem
_DELIVERY = records.Kind(DeliveryItem, keys.delivery_pk, keys.delivery_sk, "Delivery")


@dataclass(frozen=True)
class DeliveryFilter:
    """Which deliveries to list, newest first, created between `start` and `end`."""

    start: str
    end: str
    status: str | None
    courier_id: str | None
    store_ids: tuple[str, ...] | None


@serves("Delivery by id", "Deliveries of a store")
def create(
    tenant_id: str,
    delivery_id: str,
    fields: dict[str, Any],
    actor: str,
    same_as: Callable[[DeliveryItem], bool],
    effects: Sequence[Effect],
) -> tuple[DeliveryItem, bool]:
    """The delivery, with the sale's marker (its one open delivery) in the same write."""
    delivery = _DELIVERY.new(tenant_id, delivery_id, {"created_at": iso(), **fields})
    delivery.gsi1pk = keys.deliveries_store_pk(tenant_id, delivery.store_id)
    delivery.gsi1sk = keys.delivery_time_sk(delivery.created_at, delivery_id)
    return _DELIVERY.create(delivery, actor=actor, same_as=same_as, effects=effects)


@serves("Delivery by id")
def get(tenant_id: str, delivery_id: str) -> DeliveryItem:
    return _DELIVERY.get(tenant_id, delivery_id, consistent=True)


@serves("Delivery by id")
def want(reads: Reads, tenant_id: str, delivery_id: str) -> None:
    """Read the delivery with a request's other (consistent) reads."""
    reads.want([(keys.delivery_pk(tenant_id, delivery_id), keys.delivery_sk())])


@serves("Delivery by id")
def delivery_in(reads: Reads, tenant_id: str, delivery_id: str) -> DeliveryItem:
    """The delivery from reads that wanted it, or 404."""
    key = (keys.delivery_pk(tenant_id, delivery_id), keys.delivery_sk())
    return reads.live(DeliveryItem, key, what="Delivery")


@serves("Delivery by id", "Deliveries of a courier")
def courier_keys(delivery: DeliveryItem, courier_id: str) -> dict[str, str]:
    """The index attributes that list the delivery among the courier's."""
    return {
        "gsi2pk": keys.deliveries_courier_pk(delivery.tenant_id or "", courier_id),
        "gsi2sk": keys.delivery_time_sk(delivery.created_at, delivery.id),
    }


@serves("Delivery by id")
def transition(
    delivery: DeliveryItem,
    values: dict[str, Any],
    actor: str,
    effects: Sequence[Effect],
    on_fail: errors.DomainError,
) -> DeliveryItem:
    """The delivery's new status and stamps, on condition it is still in the status read
    (and the sale's marker, among `effects`, still shows it): one transaction."""
    model = DeliveryItem
    now = iso()
    actions = [records.set_value(getattr(model, name), value) for name, value in values.items()]
    actions += [model.updated_at.set(now), model.updated_by.set(actor), model.version.add(1)]
    tx = Tx()
    tx.change(
        delivery,
        actions,
        condition=(model.status == delivery.status) & model.deleted_at.does_not_exist(),
        on_fail=on_fail,
    )
    records.apply(tx, effects)
    tx.commit()
    records.mirror(delivery, {**values, "updated_at": now, "updated_by": actor})
    delivery.version += 1
    return delivery


@serves("Delivery by id")
def count_wrong_code(delivery: DeliveryItem, actor: str) -> bool:
    """One more wrong code, if nobody moved the delivery or counted one since it was read."""
    model = DeliveryItem
    return records.conditional_update(
        delivery,
        [model.wrong_codes.set(delivery.wrong_codes + 1), model.updated_by.set(actor)],
        (model.status == delivery.status) & (model.wrong_codes == delivery.wrong_codes),
    )


@serves("Delivery by id")
def close_with_sale(
    tenant_id: str, delivery_id: str, values: dict[str, Any], sources: frozenset[str]
) -> bool:
    """The delivery of a cancelled sale closed (from the stream: idempotent, conditional)."""
    model = DeliveryItem
    delivery = DeliveryItem(pk=keys.delivery_pk(tenant_id, delivery_id), sk=keys.delivery_sk())
    actions = [records.set_value(getattr(model, name), value) for name, value in values.items()]
    actions += [model.updated_at.set(iso()), model.version.add(1)]
    return records.conditional_update(
        delivery, actions, model.status.is_in(*sorted(sources)) & model.pk.exists()
    )


@serves("Deliveries of a store", "Deliveries of a courier")
def deliveries_page(
    tenant_id: str, wanted: DeliveryFilter, limit: int, cursor: Key | None
) -> Page[DeliveryItem]:
    """Newest first: the courier's partition when one is asked for, else store by store."""
    model = DeliveryItem
    conditions: list[Any] = [model.status == wanted.status] if wanted.status else []
    if wanted.courier_id:
        walk = [Bucket(store_id=wanted.courier_id)]
        if wanted.store_ids is not None:
            conditions.append(model.store_id.is_in(*wanted.store_ids))
    else:
        walk = buckets.buckets(buckets.UNBUCKETED, wanted.store_ids or ())
    filters = records.all_of(conditions)

    def query(bucket: Bucket, size: int, start_key: Key | None, budget: Budget) -> Page[Any]:
        index: Any
        if wanted.courier_id:
            pk, index = keys.deliveries_courier_pk(tenant_id, wanted.courier_id), model.gsi2
        else:
            pk, index = keys.deliveries_store_pk(tenant_id, bucket.store_id or ""), model.gsi1
        return records.newest_between(
            model,
            pk,
            index=index,
            start=wanted.start,
            end=wanted.end,
            filters=filters,
            limit=size,
            start_key=start_key,
            budget=budget,
        )

    return buckets.page_buckets(walk, query, limit, cursor)
