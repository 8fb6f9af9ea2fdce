"""Loyalty wallets (a customer's points and how far along their credits points were taken),
their immutable ledger entries, their earnings and what each sale earned."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class LoyaltyWalletItem(Entity, discriminator="LoyaltyWallet"):
    """`revision` counts the writes that moved the points: each is conditioned on the one it
    read. `latest` is the last earning credited (`cumulative_before`, `points`, `expires_on`);
    `next_expiry` the date of the oldest points held (none: nothing held expires)."""

    customer_id = UnicodeAttribute()
    points = IntegerAttribute(default=0)
    consumed = IntegerAttribute(default=0)
    revision = IntegerAttribute(default=0)
    latest = JSONAttribute(null=True)
    next_expiry = UnicodeAttribute(null=True)


class LoyaltyEntryItem(Record, discriminator="LoyaltyEntry"):
    customer_id = UnicodeAttribute()
    revision = IntegerAttribute()
    entry_type = UnicodeAttribute()
    points = IntegerAttribute()
    balance_after = IntegerAttribute()
    sale_id = UnicodeAttribute(null=True)
    expires_on = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)


class LoyaltyEarningItem(Entity, discriminator="LoyaltyEarning"):
    cumulative_before = IntegerAttribute()
    points = IntegerAttribute()
    expires_on = UnicodeAttribute(null=True)


class LoyaltySaleItem(Entity, discriminator="LoyaltySale"):
    sale_id = UnicodeAttribute()
    earned = IntegerAttribute(null=True)
    reversed = IntegerAttribute(default=0)
    restored = IntegerAttribute(default=0)
