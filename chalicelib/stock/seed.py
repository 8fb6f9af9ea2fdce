"""Demo stock: every stock-tracked catalog product in both demo stores, with minimum levels,
and one product under its minimum so a LOW_STOCK alert opens once the stream pump runs; and a
pharmacy product kept per lot in the first store: one lot expired (never sold), one expiring
within 30 days (sold first), one far off."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from chalicelib import clock, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.catalog import ProductIn, ProductQuery, create_product, list_products
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
    _seed_lots(admin, stores[0].id)


# (lot, units, days from today to its expiry date)
DEMO_LOTS = (("P2409A", 6, -10), ("P2412B", 12, 20), ("P2511C", 30, 300))


def _seed_lots(admin: Principal, store_id: str) -> None:
    product, _ = create_product(
        admin,
        ProductIn(
            sku="PHA-PARA-500",
            name="Paracétamol 500 mg, boîte de 16",
            price=1500,
            cost=700,
            tax_rate_bps=0,
            track_lots=True,
        ),
    )
    today: date = clock.local_date(clock.now(), tenancy.tenant_settings(admin.tenant_id).timezone)
    for lot, units, days in DEMO_LOTS:
        record_movement(
            admin,
            MovementIn(
                store_id=store_id,
                product_id=product.id,
                type="RECEIPT",
                quantity=units,
                unit_cost=700,
                lot=lot,
                expiry_date=today + timedelta(days=days),
                reason="Stock initial",
            ),
        )
