"""Stock levels read: with a request's other reads (a submit's tenant, store and receipt
counter, one consistent BatchGet for all of them), and the pages of the levels list."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from chalicelib.buckets import Bucket
from chalicelib.db import keys, pages
from chalicelib.db.keys import serves
from chalicelib.db.models.stock import StockLevelItem
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import ItemKey, Reads

Level = StockLevelItem


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


@serves(
    "Stock levels of a store", "Stock levels of a product", "Stock levels at or below their minimum"
)
def levels_page(
    tenant_id: str,
    walk: list[Bucket],
    *,
    product_id: str | None,
    below_min: bool,
    limit: int,
    cursor: Key | None,
) -> Page[StockLevelItem]:
    """Store by store over the walk, one key query per store and filter combination."""
    plan = partial(_levels_of_store, tenant_id, product_id, below_min)
    return pages.over_buckets(Level, walk, plan, limit=limit, cursor=cursor, newest_first=False)


def _levels_of_store(
    tenant_id: str, product_id: str | None, below_min: bool, bucket: Bucket
) -> pages.Query:
    store_id = bucket.store_id or ""
    if below_min:
        wanted = keys.stock_level_sk(store_id, product_id) if product_id else None
        below = Level.gsi2sk.startswith(wanted or keys.store_levels_prefix(store_id))
        return pages.Query(keys.stock_below_min_pk(tenant_id), Level.gsi2, below)
    if product_id:
        in_store = Level.gsi1sk == keys.stock_product_sk(store_id)
        return pages.Query(keys.stock_product_pk(tenant_id, product_id), Level.gsi1, in_store)
    of_store = Level.sk.startswith(keys.store_levels_prefix(store_id))
    return pages.Query(keys.stock_levels_pk(tenant_id), sort=of_store)
