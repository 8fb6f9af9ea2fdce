"""Promotions, and their copies filed under each product, category or the whole tenant."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class PromotionItem(Record, discriminator="Promotion"):
    name = UnicodeAttribute()
    kind = UnicodeAttribute()
    percent_bps = IntegerAttribute(default=0)
    amount = IntegerAttribute(default=0)
    buy_qty = IntegerAttribute(default=0)
    get_qty = IntegerAttribute(default=0)
    product_ids = JSONAttribute(default=list)
    category_ids = JSONAttribute(default=list)
    store_ids = JSONAttribute(default=list)
    min_quantity = IntegerAttribute(default=0)
    starts_at = UnicodeAttribute(null=True)
    ends_at = UnicodeAttribute(null=True)
    days_of_week = JSONAttribute(default=list)
    start_time = UnicodeAttribute(null=True)
    end_time = UnicodeAttribute(null=True)
    priority = IntegerAttribute(default=0)
    stackable = BooleanAttribute(default=False)
    active = BooleanAttribute(default=True)


class PromotionPlaceItem(Entity, discriminator="PromotionPlace"):
    """A copy of a promotion (its fields as JSON) at one place; never audited."""

    promotion_id = UnicodeAttribute()
    version = IntegerAttribute()
    promotion = JSONAttribute()


class PromotionPlacesItem(Entity, discriminator="PromotionPlaces"):
    """Place ("<scope>#<value>") -> the ids of the live promotions filed there."""

    places = JSONAttribute(default=dict)
    version = IntegerAttribute(default=0)
