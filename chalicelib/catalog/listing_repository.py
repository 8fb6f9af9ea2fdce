"""Storage of the listing entries a product writes, one per way it is found: all products, a
category's, a brand's (by active flag, then name) and each word of its name and sku."""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import folding
from chalicelib.catalog.schemas import ProductQuery
from chalicelib.db import keys, records
from chalicelib.db.keys import serves
from chalicelib.db.models.catalog import ProductEntryItem, ProductItem
from chalicelib.pagination import Key, Page

Product = ProductItem
WAYS = (
    "Products of the tenant",
    "Products of a category or brand",
    "Products by name-word or sku prefix",
)


@serves(*WAYS)
def entries_of(product: Product) -> dict[tuple[str, str], ProductEntryItem]:
    tenant_id = product.tenant_id or ""
    words = folding.searched_text(product.name, product.sku)
    found = {}
    for facet, sort_key in _facets(product):
        entry = ProductEntryItem(
            pk=keys.product_entries_pk(tenant_id, facet),
            sk=sort_key,
            tenant_id=tenant_id,
            product_id=product.id,
            active=product.active,
            category_id=product.category_id,
            brand_id=product.brand_id,
            words=words,
        )
        found[(entry.pk, entry.sk)] = entry
    return found


def _facets(product: Product) -> list[tuple[str, str]]:
    """(facet, sort key) of every listing entry of a product."""
    listed = keys.listed_sk(product.active, folding.name_key(product.name), product.id)
    found = [(keys.every_product_facet(), listed)]
    if product.category_id:
        found.append((keys.category_facet(product.category_id), listed))
    if product.brand_id:
        found.append((keys.brand_facet(product.brand_id), listed))
    found += [
        (keys.word_facet(word), keys.word_sk(word, product.id))
        for word in folding.search_words(product.name, product.sku)
    ]
    return found


@serves("Products of the tenant")
def entry_state(entry: ProductEntryItem) -> tuple[Any, ...]:
    """What an entry carries beyond its key: an entry of another state is written again."""
    return entry.active, entry.category_id, entry.brand_id, entry.words


def _entries_page(
    tenant_id: str,
    facet: str,
    prefix: str | None,
    filters: Condition | None,
    limit: int,
    start_key: Key | None,
) -> Page[ProductEntryItem]:
    return records.query_page(
        ProductEntryItem,
        keys.product_entries_pk(tenant_id, facet),
        range_key_condition=ProductEntryItem.sk.startswith(prefix) if prefix else None,
        filter_condition=filters,
        limit=limit,
        start_key=start_key,
    )


@serves(*WAYS)
def listed_entries(
    tenant_id: str, query: ProductQuery, limit: int, start_key: Key | None
) -> Page[ProductEntryItem]:
    """The listing entries that serve a query: its facet and key prefix, the rest filtered."""
    state = None if query.active is None else keys.listed_prefix(query.active)
    conditions: list[Any] = []
    prefix: str | None
    if query.search is not None:
        words = folding.chunks(query.search)
        facet, prefix = keys.word_facet(words[0]), words[0]
        conditions += [ProductEntryItem.words.contains(word) for word in words[1:]]
        if query.active is not None:
            conditions.append(ProductEntryItem.active == query.active)
        if query.category_id:
            conditions.append(ProductEntryItem.category_id == query.category_id)
    elif query.category_id:
        facet, prefix = keys.category_facet(query.category_id), state
    elif query.brand_id:
        facet, prefix = keys.brand_facet(query.brand_id), state
    else:
        facet, prefix = keys.every_product_facet(), state
    if query.brand_id and (query.search is not None or query.category_id):
        conditions.append(ProductEntryItem.brand_id == query.brand_id)
    return _entries_page(tenant_id, facet, prefix, records.all_of(conditions), limit, start_key)


@serves("Products of the tenant")
def every_entry(tenant_id: str, limit: int, start_key: Key | None) -> Page[ProductEntryItem]:
    """The listing of all products, in name order (export)."""
    return _entries_page(tenant_id, keys.every_product_facet(), None, None, limit, start_key)
