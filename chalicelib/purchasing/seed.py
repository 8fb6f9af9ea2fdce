"""Demo purchasing: two suppliers of the Douala shop and orders in every state, the received
ones brought in by goods receipts (so levels show average costs from what was paid)."""

from __future__ import annotations

from typing import Any

from chalicelib.auth.principal import Principal
from chalicelib.catalog import ProductQuery, list_products
from chalicelib.purchasing import orders, receipts
from chalicelib.purchasing.schemas import (
    OrderIn,
    OrderLineIn,
    ReceiptIn,
    ReceiptLineIn,
    SupplierIn,
)
from chalicelib.purchasing.service import create_supplier
from chalicelib.schemas import ListQuery
from chalicelib.tenancy import list_stores

SUPPLIERS = [
    SupplierIn(
        name="Tecno Distribution Cameroun",
        phone="+237699112233",
        email="commandes@tecno-distribution.example",
        address="Boulevard de la Liberté, Akwa, Douala",
        payment_terms_days=30,
    ),
    SupplierIn(
        name="Câbles & Réseaux SARL",
        phone="+237677445566",
        address="Rue Drouot, Bonanjo, Douala",
        payment_terms_days=15,
        notes="Livre le mardi",
    ),
]

# The verbs and receipts that lead each demo order to its status (receipt: share received).
PATHS: list[tuple[str, list[str], float]] = [
    ("DRAFT", [], 0),
    ("SENT", ["send"], 0),
    ("PARTIALLY_RECEIVED", ["send"], 0.5),
    ("RECEIVED", ["send"], 1),
    ("CANCELLED", ["send", "cancel"], 0),
    ("CLOSED", ["send"], 0.5),
]


def _products(admin: Principal) -> list[Any]:
    page, _ = list_products(admin.tenant_id, ProductQuery(limit=24), None)
    return [product for product in page if product.track_stock]


def seed_purchasing(admin: Principal) -> None:
    stores, _ = list_stores(admin, ListQuery().limit, None)
    suppliers = [create_supplier(admin, supplier)[0] for supplier in SUPPLIERS]
    products = _products(admin)
    for number, (status, verbs, share) in enumerate(PATHS):
        chosen = products[number * 2 : number * 2 + 2] or products[:2]
        lines = [
            OrderLineIn(product_id=p.id, quantity=10, unit_cost=p.cost * 95 // 100) for p in chosen
        ]
        order, _ = orders.create_order(
            admin,
            OrderIn(
                supplier_id=suppliers[number % 2].id,
                store_id=stores[0].id,
                lines=lines,
                note=f"Commande de démonstration ({status})",
            ),
        )
        for verb in verbs:
            order = orders.apply_verb(admin, order.id, verb)
        if share:
            received = [
                ReceiptLineIn(product_id=line.product_id, quantity=int(line.quantity * share))
                for line in lines
            ]
            receipts.receive_goods(
                admin,
                ReceiptIn(
                    purchase_order_id=order.id,
                    store_id=stores[0].id,
                    reference=f"BL-2026-{number:04d}",
                    lines=received,
                ),
            )
        if status == "CLOSED":
            orders.apply_verb(admin, order.id, "close")
