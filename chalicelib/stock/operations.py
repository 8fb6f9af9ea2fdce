"""Transfers between stores and stock counts: each state change is one transaction holding
the guarded state change and every level update and movement it causes."""

from __future__ import annotations

from typing import Any

from chalicelib import buckets, errors
from chalicelib.auth.permissions import check_any_store, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket, Budget
from chalicelib.clock import iso, new_id
from chalicelib.db.base import Tx
from chalicelib.db.models.stock import StockCountItem, StockTransferItem
from chalicelib.stock import ledger
from chalicelib.stock import operations_repository as repo
from chalicelib.stock import repository as levels
from chalicelib.stock.schemas import (
    CountIn,
    CountLineOut,
    CountOut,
    OperationQuery,
    ReceiveIn,
    TransferIn,
    TransferLineOut,
    TransferOut,
)
from chalicelib.stock.service import require_products

Page = tuple[list[Any], dict[str, Any] | None]


def transfer_out(item: StockTransferItem) -> TransferOut:
    return TransferOut(
        id=item.id,
        from_store_id=item.from_store_id,
        to_store_id=item.to_store_id,
        status=item.status,
        lines=[TransferLineOut(**line) for line in item.lines],
        note=item.note,
        shipped_at=item.shipped_at,
        received_at=item.received_at,
        cancelled_at=item.cancelled_at,
        version=item.version,
        created_by=item.created_by,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def count_out(item: StockCountItem) -> CountOut:
    return CountOut(
        id=item.id,
        store_id=item.store_id,
        status=item.status,
        lines=[CountLineOut(**line) for line in item.lines],
        note=item.note,
        applied_at=item.applied_at,
        version=item.version,
        created_by=item.created_by,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def create_transfer(principal: Principal, data: TransferIn) -> tuple[TransferOut, bool]:
    check_store(principal, data.from_store_id)
    require_products(principal.tenant_id, [line.product_id for line in data.lines])
    lines = [
        {
            "product_id": line.product_id,
            "quantity": line.quantity,
            "quantity_received": None,
            "discrepancy": None,
        }
        for line in data.lines
    ]
    item = StockTransferItem(
        id=data.id or new_id(),
        from_store_id=data.from_store_id,
        to_store_id=data.to_store_id,
        status="DRAFT",
        lines=lines,
        note=data.note,
    )

    def stores_exist(tx: Tx) -> None:
        levels.check_store(tx, principal.tenant_id, data.from_store_id)
        levels.check_store(tx, principal.tenant_id, data.to_store_id)

    saved, created = repo.create(
        item,
        principal.tenant_id,
        principal.user_id,
        extra=stores_exist,
        what="Transfer",
        same_as=lambda old: (
            (old.from_store_id, old.to_store_id, old.lines, old.note)
            == (item.from_store_id, item.to_store_id, item.lines, item.note)
        ),
    )
    return transfer_out(saved), created


def get_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    item = repo.get_transfer(principal.tenant_id, transfer_id)
    check_any_store(principal, (item.from_store_id, item.to_store_id))
    return transfer_out(item)


def list_transfers(
    principal: Principal, query: OperationQuery, state: dict[str, Any] | None
) -> Page:
    """Newest first; a user limited to some stores sees the transfers from or to them."""
    stores = stores_to_read(principal, None)

    def page(bucket: Bucket, limit: int, key: dict[str, Any] | None, budget: Budget) -> Page:
        return repo.transfers_page(principal.tenant_id, query.status, stores, limit, key, budget)

    items, state = buckets.page_buckets([Bucket()], page, query.limit, state)
    return [transfer_out(item) for item in items], state


def ship_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    """The source's stock leaves: a TRANSFER_OUT per line, or nothing when one is short."""

    def write() -> StockTransferItem:
        item = repo.get_transfer(principal.tenant_id, transfer_id)
        check_store(principal, item.from_store_id)
        movements = [
            ledger.Movement(
                line["product_id"], -line["quantity"], "TRANSFER_OUT", reference=item.id
            )
            for line in item.lines
        ]
        repo.change_state(
            item,
            {"status": "IN_TRANSIT", "shipped_at": iso()},
            from_status="DRAFT",
            actor=principal.user_id,
            what="Transfer",
            effects=lambda tx: _move_between_open_stores(tx, principal, item, movements),
        )
        return item

    return transfer_out(ledger.retry_races(write))


def _move_between_open_stores(
    tx: Tx, principal: Principal, item: StockTransferItem, movements: list[ledger.Movement]
) -> None:
    """Ship only between stores that still exist: a closed store takes no more stock."""
    levels.check_store(tx, principal.tenant_id, item.to_store_id)
    _move_into_open_store(tx, principal, item.from_store_id, movements)


def receive_transfer(principal: Principal, transfer_id: str, data: ReceiveIn) -> TransferOut:
    """The destination gains what arrived; what did not stays on the transfer as discrepancy."""
    received = {line.product_id: line.quantity_received for line in data.lines}

    def write() -> StockTransferItem:
        item = repo.get_transfer(principal.tenant_id, transfer_id)
        check_store(principal, item.to_store_id)
        _check_received(item, received)
        lines = [
            {
                **line,
                "quantity_received": received.get(line["product_id"], 0),
                "discrepancy": received.get(line["product_id"], 0) - line["quantity"],
            }
            for line in item.lines
        ]
        movements = [
            ledger.Movement(
                line["product_id"], line["quantity_received"], "TRANSFER_IN", reference=item.id
            )
            for line in lines
            if line["quantity_received"] > 0
        ]
        repo.change_state(
            item,
            {"status": "RECEIVED", "received_at": iso(), "lines": lines},
            from_status="IN_TRANSIT",
            actor=principal.user_id,
            what="Transfer",
            effects=lambda tx: _move_into_open_store(tx, principal, item.to_store_id, movements),
        )
        return item

    return transfer_out(ledger.retry_races(write))


def _check_received(item: StockTransferItem, received: dict[str, int]) -> None:
    """Only products on the transfer arrive, and never more than left the source."""
    shipped = {line["product_id"]: line["quantity"] for line in item.lines}
    problems = [
        f"not on the transfer: {pid}"
        if pid not in shipped
        else f"{pid}: at most {shipped[pid]} were shipped"
        for pid, quantity in sorted(received.items())
        if pid not in shipped or quantity > shipped[pid]
    ]
    if problems:
        raise errors.ValidationError(
            "The received lines do not match what was shipped.",
            errors=[{"field": "lines", "message": problem} for problem in problems],
        )


def _move_into_open_store(
    tx: Tx, principal: Principal, store_id: str, movements: list[ledger.Movement]
) -> None:
    levels.check_store(tx, principal.tenant_id, store_id)
    _move(tx, principal, store_id, movements)


def cancel_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    item = repo.get_transfer(principal.tenant_id, transfer_id)
    check_store(principal, item.from_store_id)
    repo.change_state(
        item,
        {"status": "CANCELLED", "cancelled_at": iso()},
        from_status="DRAFT",
        actor=principal.user_id,
        what="Transfer",
        effects=lambda tx: None,
    )
    return transfer_out(item)


def create_count(principal: Principal, data: CountIn) -> tuple[CountOut, bool]:
    """A DRAFT count holding what the system expected when it was recorded."""
    check_store(principal, data.store_id)
    product_ids = [line.product_id for line in data.lines]
    require_products(principal.tenant_id, product_ids)
    current = levels.read_levels(principal.tenant_id, data.store_id, product_ids)
    lines = []
    for line in data.lines:
        expected = current[line.product_id].on_hand if line.product_id in current else 0
        lines.append(
            {
                "product_id": line.product_id,
                "counted_qty": line.counted_qty,
                "expected_qty": expected,
                "difference": line.counted_qty - expected,
            }
        )
    item = StockCountItem(
        id=data.id or new_id(), store_id=data.store_id, status="DRAFT", lines=lines, note=data.note
    )
    counted = sorted((line.product_id, line.counted_qty) for line in data.lines)
    saved, created = repo.create(
        item,
        principal.tenant_id,
        principal.user_id,
        what="Stock count",
        extra=lambda tx: levels.check_store(tx, principal.tenant_id, data.store_id),
        same_as=lambda old: (
            (
                old.store_id,
                old.note,
                sorted((line["product_id"], line["counted_qty"]) for line in old.lines),
            )
            == (item.store_id, item.note, counted)
        ),
    )
    return count_out(saved), created


def get_count(principal: Principal, count_id: str) -> CountOut:
    item = repo.get_count(principal.tenant_id, count_id)
    check_store(principal, item.store_id)
    return count_out(item)


def list_counts(principal: Principal, query: OperationQuery, state: dict[str, Any] | None) -> Page:
    """Newest first; a user limited to some stores sees their stores' counts."""
    stores = stores_to_read(principal, None)

    def page(bucket: Bucket, limit: int, key: dict[str, Any] | None, budget: Budget) -> Page:
        return repo.counts_page(principal.tenant_id, query.status, stores, limit, key, budget)

    items, state = buckets.page_buckets([Bucket()], page, query.limit, state)
    return [count_out(item) for item in items], state


def apply_count(principal: Principal, count_id: str) -> CountOut:
    """Each difference becomes a COUNT movement; all of them or none."""

    def write() -> StockCountItem:
        item = repo.get_count(principal.tenant_id, count_id)
        check_store(principal, item.store_id)
        movements = [
            ledger.Movement(line["product_id"], line["difference"], "COUNT", reference=item.id)
            for line in item.lines
            if line["difference"]
        ]
        repo.change_state(
            item,
            {"status": "APPLIED", "applied_at": iso()},
            from_status="DRAFT",
            actor=principal.user_id,
            what="Stock count",
            effects=lambda tx: _move(tx, principal, item.store_id, movements),
        )
        return item

    return count_out(ledger.retry_races(write))


def _move(tx: Tx, principal: Principal, store_id: str, movements: list[ledger.Movement]) -> None:
    if movements:
        ledger.move(tx, principal.tenant_id, store_id, movements, principal.user_id)
