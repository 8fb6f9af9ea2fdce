"""Where promotions are filed and which few of those places a sale reads, so that finding a
sale's candidate promotions costs a bounded number of key reads, never a listing of them all.

A promotion is filed under each of its `product_ids` and `category_ids`, or tenant-wide when it
names neither. A sale reads, for its lines, each product, each category with every ancestor,
and the tenant-wide place: at most lines x (2 + depth of the category tree) + 1 keys, whatever
the number of promotions. Stores, dates, hours and quantities are not keys: `store_ids` has no
cap, and those rules change by the minute; the engine checks them on what was read.
chalicelib/db/keys will turn an IndexKey into the table's keys when promotions are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import NamedTuple, Protocol

from chalicelib.promotions.types import Promotion


class IndexScope(StrEnum):
    PRODUCT = "PRODUCT"
    CATEGORY = "CATEGORY"
    TENANT = "TENANT"


class IndexKey(NamedTuple):
    """One place promotions are filed under: a product, a category, or the whole tenant."""

    scope: IndexScope
    value: str


TENANT_WIDE = IndexKey(IndexScope.TENANT, "")


class Classified(Protocol):
    """What finding candidates needs of a line: its product and that product's category."""

    @property
    def product_id(self) -> str: ...

    @property
    def category_id(self) -> str | None: ...


def index_keys(promotion: Promotion) -> frozenset[IndexKey]:
    """The places a promotion is filed under (one index item each, written with it)."""
    keys = {IndexKey(IndexScope.PRODUCT, product_id) for product_id in promotion.product_ids}
    keys |= {IndexKey(IndexScope.CATEGORY, category) for category in promotion.category_ids}
    return frozenset(keys) or frozenset({TENANT_WIDE})


def candidate_keys(
    lines: Iterable[Classified], category_ancestors: Mapping[str, tuple[str, ...]]
) -> frozenset[IndexKey]:
    """The places to read a sale's candidate promotions from."""
    keys = {TENANT_WIDE}
    for line in lines:
        keys.add(IndexKey(IndexScope.PRODUCT, line.product_id))
        if line.category_id is not None:
            categories = (line.category_id, *category_ancestors.get(line.category_id, ()))
            keys |= {IndexKey(IndexScope.CATEGORY, category) for category in categories}
    return frozenset(keys)


def category_ancestors(parents: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    """category -> its ancestors, parent first, from each category's `parent_id`.

    A parent missing from `parents` ends the chain there; a loop (which the catalog refuses)
    ends it before the category would repeat.
    """
    ancestors: dict[str, tuple[str, ...]] = {}
    for category in parents:
        chain: list[str] = []
        current = parents.get(category)
        while current is not None and current != category and current not in chain:
            chain.append(current)
            current = parents.get(current)
        ancestors[category] = tuple(chain)
    return ancestors
