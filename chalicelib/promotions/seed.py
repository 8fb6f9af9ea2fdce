"""Demo promotions that price new sales by themselves: a category discount, a buy-2-get-1 on
network cords, and a stackable Saturday-afternoon discount in every store."""

from __future__ import annotations

from chalicelib import catalog
from chalicelib.auth.principal import Principal
from chalicelib.promotions.schemas import PromotionIn
from chalicelib.promotions.service import create_promotion

ACCESSORIES = "Accessoires téléphone"
CORDS = ("CAB-CAT6-1M", "CAB-CAT6-3M", "CAB-CAT6-5M")


def _category_id(admin: Principal, name: str) -> str:
    page, _ = catalog.list_categories(admin, None, 100, None)
    return next(category.id for category in page if category.name == name)


def _product_ids(admin: Principal, skus: tuple[str, ...]) -> list[str]:
    found = []
    for sku in skus:
        page, _ = catalog.list_products(admin.tenant_id, catalog.ProductQuery(sku=sku), None)
        found += [product.id for product in page]
    return found


def seed_promotions(admin: Principal) -> None:
    for promotion in (
        PromotionIn(
            name="Accessoires -10 %",
            kind="PERCENT",
            percent_bps=1000,
            category_ids=[_category_id(admin, ACCESSORIES)],
        ),
        PromotionIn(
            name="Cordons RJ45 : 2 achetés, 1 offert",
            kind="BUY_X_GET_Y",
            buy_qty=2,
            get_qty=1,
            product_ids=_product_ids(admin, CORDS),
            priority=10,
        ),
        PromotionIn(
            name="Samedi après-midi -5 %",
            kind="PERCENT",
            percent_bps=500,
            days_of_week=[6],
            start_time="14:00",
            end_time="18:00",
            stackable=True,
        ),
    ):
        create_promotion(admin, promotion)
