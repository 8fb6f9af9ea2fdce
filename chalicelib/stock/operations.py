"""Transfers between stores and stock counts: each state change is one transaction holding
the guarded state change and every level update and movement it causes."""

from __future__ import annotations

from typing import Any

from chalicelib import errors, tenancy
from chalicelib.auth.permissions import check_any_store, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item
from chalicelib.stock import ledger
from chalicelib.stock import operations_repository as repo
from chalicelib.stock import repository as levels
from chalicelib.stock.lot_repository import lots_of
from chalicelib.stock.schemas import (
    CountIn,
    CountOut,
    OperationQuery,
    ReceiveIn,
    TransferIn,
    TransferOut,
)
from chalicelib.stock.service import require_products, store_not_found


def _stores_open(principal: Principal, *store_ids: str) -> Effect:
    """The write holds only while these stores exist: a closed store takes no more stock."""
    return tenancy.stores_exist(principal.tenant_id, store_ids, store_not_found)


def _moving(
    principal: Principal,
    store_id: str,
    movements: list[ledger.Movement],
    tracked: set[str] | None = None,
) -> Effect:
    def move(tx: Any) -> None:
        if movements:
            ledger.move(tx, principal.tenant_id, store_id, movements, principal.user_id, tracked)

    return move


def create_transfer(principal: Principal, data: TransferIn) -> tuple[TransferOut, bool]:
    check_store(principal, data.from_store_id)
    require_products(principal.tenant_id, [line.product_id for line in data.lines])
    lines = [
        {
            "product_id": line.product_id,
            "quantity": line.quantity,
            "quantity_received": None,
            "discrepancy": None,
            "lot": line.lot,
        }
        for line in data.lines
    ]
    wanted = (data.from_store_id, data.to_store_id, lines, data.note)
    saved, created = repo.create(
        repo.Transfer,
        principal.tenant_id,
        data.id or new_id(),
        {
            "from_store_id": data.from_store_id,
            "to_store_id": data.to_store_id,
            "status": "DRAFT",
            "lines": lines,
            "note": data.note,
        },
        principal.user_id,
        effects=[_stores_open(principal, data.from_store_id, data.to_store_id)],
        same_as=lambda old: (old.from_store_id, old.to_store_id, old.lines, old.note) == wanted,
    )
    return from_item(TransferOut, saved), created


def get_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    item = repo.get_transfer(principal.tenant_id, transfer_id)
    check_any_store(principal, (item.from_store_id, item.to_store_id))
    return from_item(TransferOut, item)


def list_transfers(
    principal: Principal, query: OperationQuery, state: Key | None
) -> Page[TransferOut]:
    """Newest first; a user limited to some stores sees the transfers from or to them."""
    stores = stores_to_read(principal, None)
    items, state = repo.transfers_page(
        principal.tenant_id, query.status, stores, query.limit, state
    )
    return [from_item(TransferOut, item) for item in items], state


def ship_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    """The source's stock leaves: a TRANSFER_OUT per line, or nothing when one is short. Each
    line keeps the source's average cost, at which the destination receives it."""

    def write() -> repo.Transfer:
        item = repo.get_transfer(principal.tenant_id, transfer_id)
        check_store(principal, item.from_store_id)
        costs = ledger.average_costs(
            principal.tenant_id, item.from_store_id, [line["product_id"] for line in item.lines]
        )
        asked = [(line["product_id"], line["quantity"], line.get("lot")) for line in item.lines]
        leaving = ledger.lots_leaving(principal.tenant_id, item.from_store_id, asked)
        lines = [
            {
                **line,
                "unit_cost": costs[line["product_id"]],
                "lots": _parts(leaving.get(line["product_id"])),
            }
            for line in item.lines
        ]
        movements = [
            ledger.Movement(
                line["product_id"],
                -line["quantity"],
                "TRANSFER_OUT",
                reference=item.id,
                unit_cost=line["unit_cost"],
                lots=leaving.get(line["product_id"]),
            )
            for line in lines
        ]
        changes = {"status": "IN_TRANSIT", "shipped_at": iso(), "lines": lines}
        stores = (item.to_store_id, item.from_store_id)
        _move_transfer(principal, item, changes, "DRAFT", stores, item.from_store_id, movements)
        return item

    return from_item(TransferOut, ledger.retry_races(write))


def receive_transfer(principal: Principal, transfer_id: str, data: ReceiveIn) -> TransferOut:
    """The destination gains what arrived; what did not stays on the transfer as discrepancy."""
    received = {line.product_id: line.quantity_received for line in data.lines}

    def write() -> repo.Transfer:
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
                line["product_id"],
                line["quantity_received"],
                "TRANSFER_IN",
                reference=item.id,
                unit_cost=line.get("unit_cost"),
                lots=ledger.lots_back(line.get("lots") or [], line["quantity_received"]) or None,
            )
            for line in lines
            if line["quantity_received"] > 0
        ]
        changes = {"status": "RECEIVED", "received_at": iso(), "lines": lines}
        stores = (item.to_store_id,)
        _move_transfer(principal, item, changes, "IN_TRANSIT", stores, item.to_store_id, movements)
        return item

    return from_item(TransferOut, ledger.retry_races(write))


def _move_transfer(
    principal: Principal,
    item: repo.Transfer,
    changes: dict[str, Any],
    from_status: str,
    stores: tuple[str, ...],
    store_id: str,
    movements: list[ledger.Movement],
) -> None:
    """The transfer's next state and the stock it moves in `store_id`: one write, while the
    `stores` exist."""
    repo.change_state(
        item,
        changes,
        from_status=from_status,
        actor=principal.user_id,
        what="Transfer",
        effects=[_stores_open(principal, *stores), _moving(principal, store_id, movements)],
    )


def _parts(parts: Any) -> list[dict[str, Any]] | None:
    return [part.as_dict() for part in parts] if parts else None


def _check_received(item: repo.Transfer, received: dict[str, int]) -> None:
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


def cancel_transfer(principal: Principal, transfer_id: str) -> TransferOut:
    item = repo.get_transfer(principal.tenant_id, transfer_id)
    check_store(principal, item.from_store_id)
    repo.change_state(
        item,
        {"status": "CANCELLED", "cancelled_at": iso()},
        from_status="DRAFT",
        actor=principal.user_id,
        what="Transfer",
        effects=[],
    )
    return from_item(TransferOut, item)


def create_count(principal: Principal, data: CountIn) -> tuple[CountOut, bool]:
    """A DRAFT count holding what the system expected when it was recorded."""
    check_store(principal, data.store_id)
    product_ids = [line.product_id for line in data.lines]
    tracked = require_products(principal.tenant_id, product_ids)
    current = levels.read_levels(principal.tenant_id, data.store_id, product_ids)
    lines = []
    _check_count_lots(data, tracked)
    for n, line in enumerate(data.lines):
        expected = _expected(current.get(line.product_id), line.lot)
        difference = line.counted_qty - expected
        if line.product_id in tracked and difference > 0 and not line.lot:
            raise errors.ValidationError(
                "Units found of a lot-tracked product need their lot.",
                errors=[{"field": f"lines.{n}.lot", "message": "required: lots are tracked"}],
            )
        lines.append(
            {
                "product_id": line.product_id,
                "counted_qty": line.counted_qty,
                "expected_qty": expected,
                "difference": difference,
                "lot": line.lot,
                "expiry_date": line.expiry_date.isoformat() if line.expiry_date else None,
            }
        )
    counted = sorted((line.product_id, line.lot or "", line.counted_qty) for line in data.lines)
    saved, created = repo.create(
        repo.Count,
        principal.tenant_id,
        data.id or new_id(),
        {"store_id": data.store_id, "status": "DRAFT", "lines": lines, "note": data.note},
        principal.user_id,
        effects=[_stores_open(principal, data.store_id)],
        same_as=lambda old: (
            (
                old.store_id,
                old.note,
                sorted(
                    (line["product_id"], line.get("lot") or "", line["counted_qty"])
                    for line in old.lines
                ),
            )
            == (data.store_id, data.note, counted)
        ),
    )
    return from_item(CountOut, saved), created


def _check_count_lots(data: CountIn, tracked: set[str]) -> None:
    """A lot only for lot-tracked products; a product counted lot by lot or whole, not both."""
    by_lot = {line.product_id for line in data.lines if line.lot}
    whole = {line.product_id for line in data.lines if not line.lot}
    problems = [
        {"field": f"lines.{n}.lot", "message": "lots are kept only for track_lots products"}
        if line.product_id not in tracked
        else {"field": f"lines.{n}.product_id", "message": "counted whole and lot by lot"}
        for n, line in enumerate(data.lines)
        if (line.lot and line.product_id not in tracked)
        or (line.product_id in by_lot and line.product_id in whole)
    ]
    if problems:
        raise errors.ValidationError("Some count lines are invalid.", errors=problems)


def _expected(level: levels.Level | None, lot: str | None) -> int:
    """What the system holds of the product, or of the named lot of it."""
    if level is None:
        return 0
    if lot:
        held = lots_of(level).get(lot)
        return held.quantity if held else 0
    return level.on_hand


def get_count(principal: Principal, count_id: str) -> CountOut:
    item = repo.get_count(principal.tenant_id, count_id)
    check_store(principal, item.store_id)
    return from_item(CountOut, item)


def list_counts(principal: Principal, query: OperationQuery, state: Key | None) -> Page[CountOut]:
    """Newest first; a user limited to some stores sees their stores' counts."""
    stores = stores_to_read(principal, None)
    items, state = repo.counts_page(principal.tenant_id, query.status, stores, query.limit, state)
    return [from_item(CountOut, item) for item in items], state


def apply_count(principal: Principal, count_id: str) -> CountOut:
    """Each difference becomes a COUNT movement; all of them or none."""

    def write() -> repo.Count:
        item = repo.get_count(principal.tenant_id, count_id)
        check_store(principal, item.store_id)
        movements = [
            ledger.Movement(
                line["product_id"],
                line["difference"],
                "COUNT",
                reference=item.id,
                lot=line.get("lot"),
                expiry_date=line.get("expiry_date"),
            )
            for line in item.lines
            if line["difference"]
        ]
        counted = [m.product_id for m in movements]
        tracked = require_products(principal.tenant_id, counted) if counted else set()
        repo.change_state(
            item,
            {"status": "APPLIED", "applied_at": iso()},
            from_status="DRAFT",
            actor=principal.user_id,
            what="Stock count",
            effects=[_moving(principal, item.store_id, movements, tracked)],
        )
        return item

    return from_item(CountOut, ledger.retry_races(write))
