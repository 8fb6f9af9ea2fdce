"""Demo stock: every stock-tracked catalog product in both demo stores, with minimum levels,
and one product under its minimum so a LOW_STOCK alert opens once the stream pump runs."""

from __future__ import annotations

from typing import Any

from chalicelib.auth.principal import Principal
from chalicelib.catalog import ProductQuery, list_products
from chalicelib.schemas import ListQuery
from chalicelib.stock.schemas import MovementIn, ThresholdsPatch
from chalicelib.stock.service import record_movement, set_thresholds
from chalicelib.tenancy import list_stores


def _products(admin: Principal) -> list[Any]:
    products: list[Any] = []
    start_key: dict[str, Any] | None = None
    while True:
        page, start_key = list_products(admin.tenant_id, ProductQuery(limit=200), start_key)
        products += [p for p in page if p.track_stock]
        if start_key is None:
            return products


def seed_stock(admin: Principal) -> None:
    stores, _ = list_stores(admin, ListQuery().limit, None)
    for number, product in enumerate(_products(admin)):
        for position, store in enumerate(stores[:2]):
            quantity = 5 + (number * 7 + position * 3) % 40
            record_movement(
                admin,
                MovementIn(
                    store_id=store.id,
                    product_id=product.id,
                    type="RECEIPT",
                    quantity=quantity,
                    unit_cost=product.cost or None,
                    reason="Stock initial",
                ),
            )
            below_minimum = number == 0 and position == 0
            minimum = quantity + 5 if below_minimum else 3
            set_thresholds(
                admin, store.id, product.id, ThresholdsPatch(min_qty=minimum, reorder_qty=20)
            )
