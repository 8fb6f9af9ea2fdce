"""The rollup journal, the rollups it feeds and the as-of-now figures of the reports."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class RollupEntryItem(Entity, discriminator="RollupEntry"):
    """`parts`: [dimension, member, figures, label] added to the scope's day and month."""

    scope = UnicodeAttribute()
    day = UnicodeAttribute()
    month = UnicodeAttribute()
    hour = UnicodeAttribute()
    parts = JSONAttribute(default=list)


class RollupFigures(Entity, discriminator="Rollup"):
    """Written by raw ADD updates (each with its journal marks); read through this model."""

    scope = UnicodeAttribute(null=True)
    period = UnicodeAttribute(null=True)
    dimension = UnicodeAttribute(null=True)
    member = UnicodeAttribute(null=True)
    label = UnicodeAttribute(null=True)
    sales_count = IntegerAttribute(null=True)
    quantity = IntegerAttribute(null=True)
    revenue = IntegerAttribute(null=True)
    discount_total = IntegerAttribute(null=True)
    tax_total = IntegerAttribute(null=True)
    gross_margin = IntegerAttribute(null=True)
    refunds_total = IntegerAttribute(null=True)
    refunded_quantity = IntegerAttribute(null=True)
    taken = IntegerAttribute(null=True)
    payments_count = IntegerAttribute(null=True)


class NowEntryItem(Entity, discriminator="NowEntry"):
    scope = UnicodeAttribute()
    figures = JSONAttribute(default=dict)


class NowFiguresItem(Entity, discriminator="NowFigures"):
    scope = UnicodeAttribute(null=True)
    pending_payment_count = IntegerAttribute(null=True)
    low_stock_count = IntegerAttribute(null=True)
    out_of_stock_count = IntegerAttribute(null=True)
    stock_value = IntegerAttribute(null=True)
    credit_outstanding = IntegerAttribute(null=True)


class KpiSnapshotItem(Entity, discriminator="KpiSnapshot"):
    day = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    figures = JSONAttribute(default=dict)
