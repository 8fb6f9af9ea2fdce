"""Storage of the listing entries a product writes, one per way it is found: all products, a
category's, a brand's (by active flag, then name) and each word of its name and sku.

Every entry carries the product as the list shows it, so a list or search page is one Query
of at most `limit` entries: a filter (a search's other words, another facet) applied after
DynamoDB's Limit answers a short page with a cursor instead of reading on, so a page costs the
same whatever the catalog's size.
"""

from __future__ import annotations

import json
from typing import Any

from pynamodb.attributes import JSONAttribute
from pynamodb.expressions.condition import Condition

from chalicelib import folding
from chalicelib.buckets import Budget
from chalicelib.catalog.schemas import ProductQuery
from chalicelib.db import keys, records
from chalicelib.db.keys import serves
from chalicelib.db.models.catalog import ProductEntryItem, ProductItem
from chalicelib.pagination import Key, Page

PAGE_QUERIES = 1

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
    shown = _shown(product)
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
            shown=shown,
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


def _shown(product: Product) -> str:
    """The product as written, without its keys and tenant (the entry has its own: a restore
    into another tenant rewrites them)."""
    data = {k: v for k, v in product.to_simple_dict().items() if k not in _OWN_ATTRIBUTES}
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


_OWN_ATTRIBUTES = frozenset({"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "tenant_id"})


@serves(*WAYS)
def product_of(entry: ProductEntryItem) -> Product | None:
    """The product an entry carries (None: an entry written before entries carried it)."""
    if entry.shown is None:
        return None
    product = ProductItem()
    product.from_simple_dict(json.loads(entry.shown))
    product.tenant_id = entry.tenant_id
    product.pk = keys.product_pk(entry.tenant_id or "", entry.product_id)
    product.sk = keys.product_sk()
    return product


@serves(*WAYS)
def fields_of(entry: ProductEntryItem) -> dict[str, Any] | None:
    """The fields of the product an entry carries (None: an entry written before they did)."""
    return _plain(json.loads(entry.shown)) if entry.shown is not None else None


@serves("Products by id")
def product_fields(product: Product) -> dict[str, Any]:
    """A read product's fields, as `fields_of` gives those an entry carries."""
    return {name: getattr(product, name) for name in _FIELDS}


def _plain(simple: dict[str, Any]) -> dict[str, Any]:
    """A product's simple dict (PynamoDB's, as `shown` holds it) with its JSON attributes
    decoded: the fields a response model reads, without building the model item."""
    for name in _JSON_FIELDS & simple.keys():
        simple[name] = json.loads(simple[name])
    return simple


_FIELDS = tuple(ProductItem.get_attributes())
_JSON_FIELDS = frozenset(
    name
    for name, attribute in ProductItem.get_attributes().items()
    if isinstance(attribute, JSONAttribute)
)


@serves("Products of the tenant")
def entry_state(entry: ProductEntryItem) -> tuple[Any, ...]:
    """What an entry carries beyond its key: an entry of another state is written again."""
    return entry.active, entry.category_id, entry.brand_id, entry.words, entry.shown


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
        budget=Budget(PAGE_QUERIES),
    )


def _begins_a_word(word: str) -> Condition:
    """One of the entry's words starts with `word` (entries written before the words were
    spaced hold the name's first piece at the start)."""
    return ProductEntryItem.words.contains(f" {word}") | ProductEntryItem.words.startswith(word)


@serves(*WAYS)
def listed_entries(
    tenant_id: str, query: ProductQuery, limit: int, start_key: Key | None
) -> Page[ProductEntryItem]:
    """The listing entries that serve a query: its facet and key prefix (a search: its rarest
    word's), the rest filtered within one Query's `limit` entries."""
    state = None if query.active is None else keys.listed_prefix(query.active)
    conditions: list[Any] = []
    prefix: str | None
    if query.search is not None:
        words = folding.chunks(query.search)
        key_word = folding.rarest(words)
        facet, prefix = keys.word_facet(key_word), key_word
        conditions += [_begins_a_word(word) for word in dict.fromkeys(words) if word != key_word]
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
