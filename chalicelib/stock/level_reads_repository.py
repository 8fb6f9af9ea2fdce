"""A store's stock levels read with a request's other reads (a submit's tenant, store and
receipt counter): one consistent BatchGet for all of them."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.db import keys
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockLevelItem
from chalicelib.reads_repository import ItemKey, Reads


def _level_key(tenant_id: str, store_id: str, product_id: str) -> ItemKey:
    return keys.stock_levels_pk(tenant_id), keys.stock_level_sk(store_id, product_id)


@serves("Stock levels by store and product")
def want_levels(reads: Reads, tenant_id: str, store_id: str, product_ids: Iterable[str]) -> None:
    reads.want(_level_key(tenant_id, store_id, pid) for pid in product_ids)


@serves("Stock levels by store and product")
def levels_in(
    reads: Reads, tenant_id: str, store_id: str, product_ids: Iterable[str]
) -> dict[str, StockLevelItem]:
    """The levels of reads that wanted them (absent = never stocked)."""
    found = (reads.item(_level_key(tenant_id, store_id, pid)) for pid in product_ids)
    return {level.product_id: level for level in found if isinstance(level, StockLevelItem)}
