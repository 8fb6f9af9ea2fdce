"""Storage of transfers and counts; their stock effects go through the ledger in the same Tx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib import errors
from chalicelib.buckets import Budget
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.stock import StockCountItem, StockTransferItem

Operation = StockTransferItem | StockCountItem
Page = tuple[list[Any], dict[str, Any] | None]


def create(
    item: Operation,
    tenant_id: str,
    actor: str,
    *,
    same_as: Callable[[Any], bool],
    extra: Callable[[Tx], None],
    what: str,
) -> tuple[Any, bool]:
    pk = (keys.transfers_pk if isinstance(item, StockTransferItem) else keys.counts_pk)(tenant_id)
    item.pk, item.tenant_id = pk, tenant_id
    item.sk = (
        keys.transfer_sk(item.id) if isinstance(item, StockTransferItem) else keys.count_sk(item.id)
    )
    return records.create(item, actor=actor, same_as=same_as, effects=[extra], what=what)


def get_transfer(tenant_id: str, transfer_id: str) -> StockTransferItem:
    return records.get_live(
        StockTransferItem,
        keys.transfers_pk(tenant_id),
        keys.transfer_sk(transfer_id),
        what="Transfer",
        consistent=True,
    )


def get_count(tenant_id: str, count_id: str) -> StockCountItem:
    return records.get_live(
        StockCountItem,
        keys.counts_pk(tenant_id),
        keys.count_sk(count_id),
        what="Stock count",
        consistent=True,
    )


def change_state(
    item: Operation,
    changes: dict[str, Any],
    *,
    from_status: str,
    actor: str,
    effects: Callable[[Tx], None],
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
        effects=[effects],
        condition=model.status == from_status,
        on_condition_fail=errors.InvalidStateError(
            f"{what} {item.id} is no longer {from_status}; read it again."
        ),
    )


def transfers_page(
    tenant_id: str,
    status: str | None,
    stores: tuple[str, ...] | None,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> Page:
    """The tenant's transfers (access pattern 28); status and stores are filtered."""
    model = StockTransferItem
    conditions: list[Any] = [model.status == status] if status else []
    if stores is not None:
        among = stores or ("-",)
        conditions.append(model.from_store_id.is_in(*among) | model.to_store_id.is_in(*among))
    return records.query_page(
        model,
        keys.transfers_pk(tenant_id),
        filter_condition=records.all_of(conditions),
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )


def counts_page(
    tenant_id: str,
    status: str | None,
    stores: tuple[str, ...] | None,
    limit: int,
    start_key: dict[str, Any] | None,
    budget: Budget,
) -> Page:
    """The tenant's stock counts (access pattern 28); status and stores are filtered."""
    model = StockCountItem
    conditions: list[Any] = [model.status == status] if status else []
    if stores is not None:
        conditions.append(model.store_id.is_in(*(stores or ("-",))))
    return records.query_page(
        model,
        keys.counts_pk(tenant_id),
        filter_condition=records.all_of(conditions),
        limit=limit,
        start_key=start_key,
        newest_first=True,
        budget=budget,
    )
