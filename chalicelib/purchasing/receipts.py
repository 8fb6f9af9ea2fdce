"""Goods receipts, with or without an order: one atomic write per receipt holding the
receipt, a PURCHASE_RECEIPT movement per line, the store's levels with their value (and so
their average cost), and what the receipt takes off its order with the order's new status.

Every limit is a condition of that write: each order line's `remaining` is decremented under
`remaining >= q` and the order must still be at the version read, so two stockers receiving
the same order at once never receive more than it expects (the loser reads again: 422 when
nothing is left for it).

Actions per receipt (DynamoDB holds 100 per transaction): the receipt's put, the order's
update, the store's and the supplier's condition checks (FIXED_ACTIONS), then per line one
movement and at most one level update (stock.ledger.ACTIONS_PER_LINE): 4 + 2 x 40 = 84, so
API.md's 40 lines fit (MAX_RECEIPT_LINES, pinned by tests/unit/test_purchasing_limits.py).
"""

from __future__ import annotations

from typing import Any

from chalicelib import buckets, catalog, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import new_id
from chalicelib.money import value_of
from chalicelib.pagination import Key, Page
from chalicelib.purchasing import order_repository as orders_repo
from chalicelib.purchasing import receipt_repository as repo
from chalicelib.purchasing import states
from chalicelib.purchasing.schemas import (
    MAX_PURCHASE_LINES,
    ReceiptIn,
    ReceiptLineIn,
    ReceiptOut,
    ReceiptQuery,
)
from chalicelib.schemas import from_item
from chalicelib.stock import ledger

TRANSACTION_ACTIONS = 100
FIXED_ACTIONS = 4
MAX_RECEIPT_LINES = min(
    MAX_PURCHASE_LINES, (TRANSACTION_ACTIONS - FIXED_ACTIONS) // ledger.ACTIONS_PER_LINE
)


def receipt_out(receipt: repo.Receipt) -> ReceiptOut:
    return from_item(ReceiptOut, receipt)


def _problem(index: int, field: str, message: str) -> dict[str, str]:
    return {"field": f"lines.{index}.{field}", "message": message}


def _invalid(field: str, message: str) -> errors.ValidationError:
    return errors.ValidationError(
        "The receipt does not fit the order.", errors=[{"field": field, "message": message}]
    )


def _check_products(tenant_id: str, lines: list[ReceiptLineIn]) -> set[str]:
    """404 for an unknown product; a `track_lots` product needs its lot and expiry date.
    Answers the lot-tracked products among the lines."""
    found = catalog.get_products(tenant_id, [line.product_id for line in lines])
    missing = [line.product_id for line in lines if line.product_id not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(dict.fromkeys(missing))} not found.")
    problems = [
        _problem(n, "lot" if line.lot is None else "expiry_date", "required: lots are tracked")
        for n, line in enumerate(lines)
        if found[line.product_id].track_lots and (line.lot is None or line.expiry_date is None)
    ]
    if problems:
        raise errors.ValidationError("Lot-tracked products need a lot.", errors=problems)
    return {line.product_id for line in lines if found[line.product_id].track_lots}


def match_order(
    order_lines: list[dict[str, Any]], remaining: dict[str, int], lines: list[ReceiptLineIn]
) -> tuple[dict[str, int], list[int]]:
    """What the receipt takes off each order line (`L<n>` -> units), and each receipt line's
    unit cost (the order line's when absent); 422 beyond what the order still expects."""
    position = {line["product_id"]: n for n, line in enumerate(order_lines)}
    taken: dict[str, int] = {}
    costs: list[int] = []
    problems = []
    for index, line in enumerate(lines):
        if line.product_id not in position:
            problems.append(_problem(index, "product_id", "not on the purchase order"))
            costs.append(0)
            continue
        n = position[line.product_id]
        key = states.line_key(n)
        taken[key] = taken.get(key, 0) + line.quantity
        if taken[key] > remaining.get(key, 0):
            message = f"at most {remaining.get(key, 0)} still expected on the order"
            problems.append(_problem(index, "quantity", message))
        cost = order_lines[n]["unit_cost"] if line.unit_cost is None else line.unit_cost
        costs.append(cost)
    if problems:
        raise errors.ValidationError("The receipt does not fit the order.", errors=problems)
    return taken, costs


def _order_part(principal: Principal, data: ReceiptIn) -> tuple[str, list[int], list[Any]]:
    """The receipt's supplier, unit costs and effects on its order (read now, guarded later)."""
    order = orders_repo.get(principal.tenant_id, data.purchase_order_id or "")
    check_store(principal, order.store_id)
    if order.store_id != data.store_id:
        raise _invalid("store_id", "must be the purchase order's store")
    if data.supplier_id is not None and data.supplier_id != order.supplier_id:
        raise _invalid("supplier_id", "must be the purchase order's supplier")
    if order.status not in states.RECEIVABLE:
        raise errors.InvalidStateError(
            f"Purchase order {order.id} is {order.status}: it receives nothing more."
        )
    remaining = states.remaining_counts(order.remaining)
    taken, costs = match_order(order.lines, remaining, data.lines)
    after = {key: count - taken.get(key, 0) for key, count in remaining.items()}
    status = states.after_receipt(after)
    effect = orders_repo.taking_receipt(order, taken, status, principal.user_id)
    return order.supplier_id, costs, [effect]


def _free_part(principal: Principal, data: ReceiptIn) -> tuple[str, list[int], list[Any]]:
    """A receipt without an order: every line names its unit cost; the supplier must live."""
    problems = [
        _problem(n, "unit_cost", "required without a purchase order")
        for n, line in enumerate(data.lines)
        if line.unit_cost is None
    ]
    if problems:
        raise errors.ValidationError("Each line needs its unit cost.", errors=problems)
    supplier_id = data.supplier_id or ""
    costs = [line.unit_cost or 0 for line in data.lines]
    return supplier_id, costs, [orders_repo.supplier_exists(principal.tenant_id, supplier_id)]


def receive_goods(principal: Principal, data: ReceiptIn) -> tuple[ReceiptOut, bool]:
    """Record a delivery: stock, value and the order's progress in one write, or nothing."""
    check_store(principal, data.store_id)
    receipt_id = data.id or new_id()
    if data.id is not None:
        stored = repo.find(principal.tenant_id, data.id)
        if stored is not None:
            if _same(stored, data):
                return receipt_out(stored), False
            raise errors.ConflictError(f"A goods receipt with id {data.id} already exists.")
    tracked = _check_products(principal.tenant_id, data.lines)
    currency = tenancy.tenant_settings(principal.tenant_id).currency
    store_open = tenancy.stores_exist(
        principal.tenant_id,
        [data.store_id],
        lambda sid: errors.NotFoundError(f"Store {sid} not found."),
    )

    def write() -> tuple[repo.Receipt, bool]:
        part = _order_part if data.purchase_order_id else _free_part
        supplier_id, costs, effects = part(principal, data)
        lines: list[dict[str, Any]] = [
            {
                "product_id": line.product_id,
                "quantity": line.quantity,
                "unit_cost": cost,
                "lot": line.lot,
                "expiry_date": line.expiry_date.isoformat() if line.expiry_date else None,
            }
            for line, cost in zip(data.lines, costs, strict=True)
        ]
        movements = [
            ledger.Movement(
                line["product_id"],
                line["quantity"],
                "PURCHASE_RECEIPT",
                reference=receipt_id,
                unit_cost=line["unit_cost"],
                lot=line["lot"],
                expiry_date=line["expiry_date"],
            )
            for line in lines
        ]

        def move(tx: Any) -> None:
            ledger.move(
                tx, principal.tenant_id, data.store_id, movements, principal.user_id, tracked
            )

        fields = {
            "store_id": data.store_id,
            "supplier_id": supplier_id,
            "purchase_order_id": data.purchase_order_id,
            "reference": data.reference,
            "lines": lines,
            "total": value_of(
                ((line["quantity"], line["unit_cost"]) for line in lines), "lines.{index}.unit_cost"
            ),
            "currency": currency,
        }
        return repo.create(
            principal.tenant_id,
            receipt_id,
            fields,
            principal.user_id,
            same_as=lambda old: _same(old, data),
            effects=[store_open, *effects, move],
        )

    saved, created = ledger.retry_races(write)
    return receipt_out(saved), created


def _same(stored: repo.Receipt, data: ReceiptIn) -> bool:
    """A client id sent again: the same receipt when its content is the same."""
    sent = [
        (
            line.product_id,
            line.quantity,
            line.lot,
            line.expiry_date and line.expiry_date.isoformat(),
        )
        for line in data.lines
    ]
    kept = [
        (line["product_id"], line["quantity"], line["lot"], line["expiry_date"])
        for line in stored.lines
    ]
    return (stored.store_id, stored.purchase_order_id, stored.reference, kept) == (
        data.store_id,
        data.purchase_order_id,
        data.reference,
        sent,
    )


def get_receipt(principal: Principal, receipt_id: str) -> ReceiptOut:
    receipt = repo.get(principal.tenant_id, receipt_id)
    check_store(principal, receipt.store_id)
    return receipt_out(receipt)


def list_receipts(principal: Principal, query: ReceiptQuery, state: Key | None) -> Page[ReceiptOut]:
    """Store by store among the live stores the user may read, newest first."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    items, state = repo.receipts_page(
        principal.tenant_id, buckets.buckets(buckets.UNBUCKETED, stores), query.limit, state
    )
    return [receipt_out(item) for item in items], state
