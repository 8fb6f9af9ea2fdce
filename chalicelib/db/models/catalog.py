"""Categories, brands, products, and the items that keep sku/barcode unique and findable."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    UnicodeAttribute,
)

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class CategoryItem(Record, discriminator="Category"):
    name = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    position = IntegerAttribute(default=0)


class BrandItem(Record, discriminator="Brand"):
    name = UnicodeAttribute()


class ProductItem(Record, discriminator="Product"):
    sku = UnicodeAttribute()
    barcode = UnicodeAttribute(null=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    brand_id = UnicodeAttribute(null=True)
    unit = UnicodeAttribute(default="piece")
    price = IntegerAttribute(default=0)
    cost = IntegerAttribute(default=0)
    currency = UnicodeAttribute()
    tax_rate_bps = IntegerAttribute(default=0)
    tax_included = BooleanAttribute(default=True)
    track_stock = BooleanAttribute(default=True)
    track_lots = BooleanAttribute(default=False)
    variant_of = UnicodeAttribute(null=True)
    attributes = JSONAttribute(default=dict)
    specs = JSONAttribute(default=dict)
    active = BooleanAttribute(default=True)


class SkuMarkerItem(Entity, discriminator="SkuMarker"):
    product_id = UnicodeAttribute()


class BarcodeMarkerItem(Entity, discriminator="BarcodeMarker"):
    product_id = UnicodeAttribute()


class ProductEntryItem(Entity, discriminator="ProductEntry"):
    """One way to find a product (all, by category, by brand, by word or sku prefix).

    Written in the same transaction as the product; carries the facets a list may also filter on
    and, in the listings of all products, a category and a brand, the product itself (JSON).
    """

    product_id = UnicodeAttribute()
    active = BooleanAttribute()
    category_id = UnicodeAttribute(null=True)
    brand_id = UnicodeAttribute(null=True)
    words = UnicodeAttribute(null=True)
    shown = UnicodeAttribute(null=True)
