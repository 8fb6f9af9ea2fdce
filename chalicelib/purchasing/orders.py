"""Purchase orders: drafted and edited, sent, cancelled while nothing is received, closed once
partly received. Goods receipts (receipts.py) move them on to PARTIALLY_RECEIVED and RECEIVED."""

from __future__ import annotations

from typing import Any

from chalicelib import buckets, catalog, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id
from chalicelib.money import value_of
from chalicelib.pagination import Key, Page
from chalicelib.purchasing import order_repository as repo
from chalicelib.purchasing import states
from chalicelib.purchasing.schemas import (
    OrderIn,
    OrderLineIn,
    OrderLineOut,
    OrderOut,
    OrderPatch,
    OrderQuery,
)
from chalicelib.purchasing.service import get_supplier
from chalicelib.retries import retry_races
from chalicelib.schemas import from_item, sent_fields

STAMPS = {"send": "sent_at", "cancel": "cancelled_at", "close": "closed_at"}


def order_out(order: repo.Order) -> OrderOut:
    remaining = states.remaining_counts(order.remaining)
    lines = [
        OrderLineOut(
            product_id=line["product_id"],
            quantity=line["quantity"],
            unit_cost=line["unit_cost"],
            quantity_received=line["quantity"] - remaining.get(states.line_key(n), 0),
        )
        for n, line in enumerate(order.lines)
    ]
    return from_item(OrderOut, order, lines=lines)


def _lines(tenant_id: str, lines: list[OrderLineIn]) -> dict[str, Any]:
    """The stored lines, what remains expected of each, and the total; 404 for a product."""
    found = catalog.get_products(tenant_id, [line.product_id for line in lines])
    missing = [line.product_id for line in lines if line.product_id not in found]
    if missing:
        raise errors.NotFoundError(f"Product {', '.join(missing)} not found.")
    stored = [line.model_dump() for line in lines]
    return {
        "lines": stored,
        "remaining": {states.line_key(n): line["quantity"] for n, line in enumerate(stored)},
        "total": value_of(
            ((line["quantity"], line["unit_cost"]) for line in stored), "lines.{index}.unit_cost"
        ),
    }


def _store_open(principal: Principal, store_id: str) -> Any:
    return tenancy.stores_exist(
        principal.tenant_id, [store_id], lambda sid: errors.NotFoundError(f"Store {sid} not found.")
    )


def create_order(principal: Principal, data: OrderIn) -> tuple[OrderOut, bool]:
    """A DRAFT order at the given unit costs, its total in the tenant's currency."""
    check_store(principal, data.store_id)
    get_supplier(principal.tenant_id, data.supplier_id)
    fields = {
        "supplier_id": data.supplier_id,
        "store_id": data.store_id,
        "status": states.DRAFT,
        "expected_date": data.expected_date.isoformat() if data.expected_date else None,
        "note": data.note,
        "currency": tenancy.tenant_settings(principal.tenant_id).currency,
        **_lines(principal.tenant_id, data.lines),
    }
    wanted = (data.supplier_id, data.store_id, fields["lines"], fields["expected_date"], data.note)
    saved, created = repo.create(
        principal.tenant_id,
        data.id or new_id(),
        fields,
        principal.user_id,
        same_as=lambda old: (
            (old.supplier_id, old.store_id, old.lines, old.expected_date, old.note) == wanted
        ),
        effects=[
            _store_open(principal, data.store_id),
            repo.supplier_exists(principal.tenant_id, data.supplier_id),
        ],
    )
    return order_out(saved), created


def get_order(principal: Principal, order_id: str) -> OrderOut:
    order = repo.get(principal.tenant_id, order_id)
    check_store(principal, order.store_id)
    return order_out(order)


def update_order(principal: Principal, order_id: str, patch: OrderPatch) -> OrderOut:
    """A DRAFT's supplier, lines, expected date or note; once sent, 409 INVALID_STATE."""
    order = repo.get(principal.tenant_id, order_id)
    check_store(principal, order.store_id)
    if order.status not in states.EDITABLE:
        raise errors.InvalidStateError(f"Purchase order {order.id} is {order.status}.")
    changes = sent_fields(patch)
    effects = []
    if changes.get("lines") is not None:
        changes.update(_lines(principal.tenant_id, patch.lines or []))
    if changes.get("supplier_id") is not None:
        get_supplier(principal.tenant_id, changes["supplier_id"])
        effects.append(repo.supplier_exists(principal.tenant_id, changes["supplier_id"]))
    if "expected_date" in changes and changes["expected_date"] is not None:
        changes["expected_date"] = changes["expected_date"].isoformat()
    repo.change(
        order,
        changes,
        from_statuses=states.EDITABLE,
        actor=principal.user_id,
        expected_version=patch.version,
        effects=effects,
    )
    return order_out(order)


def apply_verb(principal: Principal, order_id: str, verb: str) -> OrderOut:
    """send, cancel or close; a status that does not allow the verb: 409 INVALID_STATE."""

    def write() -> repo.Order:
        order = repo.get(principal.tenant_id, order_id)
        check_store(principal, order.store_id)
        target = states.after_verb(verb, order.status)
        if target is None:
            raise errors.InvalidStateError(
                f"Purchase order {order.id} is {order.status}: it cannot be {verb}."
            )
        allowed, _ = states.VERBS[verb]
        return repo.change(
            order,
            {"status": target, STAMPS[verb]: iso()},
            from_statuses=allowed,
            actor=principal.user_id,
        )

    return order_out(retry_races(write))


def list_orders(principal: Principal, query: OrderQuery, state: Key | None) -> Page[OrderOut]:
    """Store by store among the live stores the user may read; filters are key conditions."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    items, state = repo.orders_page(
        principal.tenant_id,
        buckets.buckets(buckets.UNBUCKETED, stores),
        supplier_id=query.supplier_id,
        status=query.status,
        limit=query.limit,
        cursor=state,
    )
    return [order_out(item) for item in items], state
