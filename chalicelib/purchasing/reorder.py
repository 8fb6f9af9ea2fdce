"""Reorder suggestions: the store's levels at or below their minimum (the below-minimum
index, so the work grows with what is short, never with the catalog), less what open orders
still bring, and DRAFT orders made from them, one per supplier of the last goods receipt."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import catalog, clock, reports, stock, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import local_date
from chalicelib.pagination import Key, Page
from chalicelib.purchasing import order_repository as orders_repo
from chalicelib.purchasing import orders, states
from chalicelib.purchasing import receipt_repository as receipts_repo
from chalicelib.purchasing.schemas import (
    OrderIn,
    OrderLineIn,
    ReorderIn,
    ReorderOut,
    SuggestionOut,
    SuggestionQuery,
)

WINDOW_DAYS = 28


def suggested_qty(available: int, on_order: int, min_qty: int, reorder_qty: int) -> int:
    """API.md's rule: reorder_qty when above 0, else back up to twice the minimum."""
    return reorder_qty if reorder_qty > 0 else 2 * min_qty - available - on_order


def days_of_cover(available: int, sold: int) -> int | None:
    return None if sold <= 0 else max(available, 0) * WINDOW_DAYS // sold


def on_order(tenant_id: str, store_id: str) -> dict[str, int]:
    """Units the store's open orders still expect, per product."""
    expected: dict[str, int] = {}
    for order in orders_repo.open_orders(tenant_id, store_id):
        remaining = states.remaining_counts(order.remaining)
        for n, line in enumerate(order.lines):
            left = max(remaining.get(states.line_key(n), 0), 0)
            expected[line["product_id"]] = expected.get(line["product_id"], 0) + left
    return expected


def suggestions(
    principal: Principal, query: SuggestionQuery, state: Key | None
) -> Page[SuggestionOut]:
    """Store by store (id order), each store's rows in product order; the cursor names the
    store and product a page stopped at."""
    stores = tenancy.live_stores(principal.tenant_id, stores_to_read(principal, query.store_id))
    resume_store, after = (state or {}).get("store", ""), (state or {}).get("product", "")
    rows: list[SuggestionOut] = []
    for store_id in stores:
        if store_id < resume_store:
            continue
        for row in _of_store(principal.tenant_id, store_id):
            if store_id == resume_store and row.product_id <= after:
                continue
            rows.append(row)
            if len(rows) >= query.limit:
                return rows, {"store": store_id, "product": row.product_id}
    return rows, None


def _of_store(tenant_id: str, store_id: str) -> list[SuggestionOut]:
    expected = on_order(tenant_id, store_id)
    levels = stock.levels_at_or_below_minimum(tenant_id, (store_id,))
    short = [
        level
        for level in sorted(levels, key=lambda level: level.product_id)
        if level.min_qty > 0
        and level.available + expected.get(level.product_id, 0) <= level.min_qty
    ]
    products = catalog.get_products(tenant_id, [level.product_id for level in short])
    last = receipts_repo.get_many(
        tenant_id, [level.last_receipt_id for level in short if level.last_receipt_id]
    )
    today = local_date(clock.now(), tenancy.tenant_settings(tenant_id).timezone)
    first = today - timedelta(days=WINDOW_DAYS - 1)
    sold_by_product = reports.units_sold(tenant_id, store_id, first, today) if short else {}
    rows = []
    for level in short:
        product = products.get(level.product_id)
        if product is None:
            continue
        sold = sold_by_product.get(level.product_id, 0)
        receipt = last.get(level.last_receipt_id or "")
        waiting = expected.get(level.product_id, 0)
        rows.append(
            SuggestionOut(
                store_id=store_id,
                product_id=level.product_id,
                sku=product.sku,
                name=product.name,
                available=level.available,
                on_order=waiting,
                min_qty=level.min_qty,
                reorder_qty=level.reorder_qty,
                suggested_qty=suggested_qty(
                    level.available, waiting, level.min_qty, level.reorder_qty
                ),
                sold_28d=sold,
                days_of_cover=days_of_cover(level.available, sold),
                supplier_id=receipt.supplier_id if receipt else None,
                last_unit_cost=level.last_unit_cost if receipt else None,
            )
        )
    return rows


def order_suggested(principal: Principal, data: ReorderIn) -> ReorderOut:
    """DRAFT orders, one per supplier, at the last unit costs; products without a supplier
    are listed in `skipped`."""
    check_store(principal, data.store_id)
    tenancy.store_of(principal.tenant_id, data.store_id)
    rows = _of_store(principal.tenant_id, data.store_id)
    if data.product_ids is not None:
        wanted = set(data.product_ids)
        rows = [row for row in rows if row.product_id in wanted]
    by_supplier: dict[str, list[OrderLineIn]] = {}
    skipped = []
    for row in rows:
        if row.supplier_id is None or row.suggested_qty <= 0:
            skipped.append(row.product_id)
            continue
        line = OrderLineIn(
            product_id=row.product_id, quantity=row.suggested_qty, unit_cost=row.last_unit_cost or 0
        )
        by_supplier.setdefault(row.supplier_id, []).append(line)
    made = []
    for supplier_id, lines in sorted(by_supplier.items()):
        for start in range(0, len(lines), 40):
            body = OrderIn(
                supplier_id=supplier_id, store_id=data.store_id, lines=lines[start : start + 40]
            )
            made.append(orders.create_order(principal, body)[0])
    return ReorderOut(purchase_orders=made, skipped=skipped)
