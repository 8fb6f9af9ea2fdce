"""What the catalog reads of stock: whether a product holds units anywhere (switching
`track_lots` needs it to hold none) and whether any of its levels keeps lots. Levels are the
stock domain's; each is one key query of the levels of a product, across the tenant's stores."""

from __future__ import annotations

from chalicelib.db import keys
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockLevelItem


@serves("Stock levels of a product")
def holds_stock(tenant_id: str, product_id: str) -> bool:
    """Whether any store holds units of the product (its levels, one query page by page)."""
    levels = StockLevelItem.gsi1.query(
        keys.stock_product_pk(tenant_id, product_id),
        filter_condition=StockLevelItem.on_hand != 0,
    )
    return any(isinstance(level, StockLevelItem) for level in levels)


@serves("Stock levels of a product")
def keeps_lots(tenant_id: str, product_id: str) -> bool:
    """Whether any store's level of the product was written as a lot-tracked one."""
    levels = StockLevelItem.gsi1.query(
        keys.stock_product_pk(tenant_id, product_id),
        filter_condition=StockLevelItem.lots_rev.exists(),
    )
    return any(isinstance(level, StockLevelItem) for level in levels)
