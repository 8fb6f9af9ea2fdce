"""Storage of transfers and counts; their stock effects go through the ledger in the same write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chalicelib import buckets, errors
from chalicelib.buckets import Bucket, Budget
from chalicelib.db import keys, records
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockCountItem, StockTransferItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page

Transfer = StockTransferItem
Count = StockCountItem
Operation = StockTransferItem | StockCountItem


_TRANSFER = records.Kind(StockTransferItem, keys.transfers_pk, keys.transfer_sk, "Transfer")
_COUNT = records.Kind(StockCountItem, keys.counts_pk, keys.count_sk, "Stock count")
# Where each kind of operation is kept, and what an error calls it.
PLACES: dict[Any, records.Kind[Any]] = {StockTransferItem: _TRANSFER, StockCountItem: _COUNT}


@serves("Transfer by id", "Stock count by id")
def create(
    kind: type[Operation],
    tenant_id: str,
    item_id: str,
    fields: dict[str, Any],
    actor: str,
    *,
    same_as: Callable[[Any], bool],
    effects: Sequence[Effect],
) -> tuple[Any, bool]:
    """A new transfer or count (`kind`), with the effects (its stores' checks)."""
    place = PLACES[kind]
    item = place.new(tenant_id, item_id, fields)
    return place.create(item, actor=actor, same_as=same_as, effects=effects)


@serves("Transfer by id")
def get_transfer(tenant_id: str, transfer_id: str) -> StockTransferItem:
    return _TRANSFER.get(tenant_id, transfer_id, consistent=True)


@serves("Stock count by id")
def get_count(tenant_id: str, count_id: str) -> StockCountItem:
    return _COUNT.get(tenant_id, count_id, consistent=True)


@serves("Transfer by id", "Stock count by id")
def change_state(
    item: Operation,
    changes: dict[str, Any],
    *,
    from_status: str,
    actor: str,
    effects: Sequence[Effect],
    what: str,
) -> None:
    """One transaction: the state change (guarded by status and version) and its effects."""
    model = type(item)
    if item.status != from_status:
        raise errors.InvalidStateError(f"{what} {item.id} is {item.status}, not {from_status}.")
    records.update(
        item,
        changes,
        expected_version=item.version,
        actor=actor,
        what=what,
        effects=effects,
        condition=model.status == from_status,
        on_condition_fail=errors.InvalidStateError(
            f"{what} {item.id} is no longer {from_status}; read it again."
        ),
    )


@serves("Transfers of a tenant")
def transfers_page(
    tenant_id: str,
    status: str | None,
    stores: tuple[str, ...] | None,
    limit: int,
    cursor: Key | None,
) -> Page[StockTransferItem]:
    """The tenant's transfers, newest first; status and stores (from or to) are filtered."""
    model = StockTransferItem
    conditions: list[Any] = [model.status == status] if status else []
    if stores is not None:
        among = stores or ("-",)
        conditions.append(model.from_store_id.is_in(*among) | model.to_store_id.is_in(*among))
    return _newest(model, keys.transfers_pk(tenant_id), conditions, limit, cursor)


@serves("Stock counts of a tenant")
def counts_page(
    tenant_id: str,
    status: str | None,
    stores: tuple[str, ...] | None,
    limit: int,
    cursor: Key | None,
) -> Page[StockCountItem]:
    """The tenant's stock counts, newest first; status and stores are filtered."""
    model = StockCountItem
    conditions: list[Any] = [model.status == status] if status else []
    if stores is not None:
        conditions.append(model.store_id.is_in(*(stores or ("-",))))
    return _newest(model, keys.counts_pk(tenant_id), conditions, limit, cursor)


def _newest(
    model: Any, pk: str, conditions: list[Any], limit: int, cursor: Key | None
) -> Page[Any]:
    def query(bucket: Bucket, size: int, start_key: Key | None, budget: Budget) -> Page[Any]:
        return records.query_page(
            model,
            pk,
            filter_condition=records.all_of(conditions),
            limit=size,
            start_key=start_key,
            newest_first=True,
            budget=budget,
        )

    return buckets.page_buckets([Bucket()], query, limit, cursor)
