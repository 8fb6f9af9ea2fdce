"""Credit accounts, the marker that keeps one per customer, their immutable ledger entries, their
instalment schedules and what each sale charged to an account."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute
from chalicelib.db.models.common import Record


class CreditAccountItem(Record, discriminator="CreditAccount"):
    """`revision` counts the writes that moved the balance or the schedules: each is
    conditioned on the one it read. `headroom` is `credit_limit - balance`, kept so that a
    charge's condition can compare it with the amount. `earliest_unpaid_due` is an ISO date
    (NO_DUE_DATE when nothing scheduled is unpaid); `open_schedules` the schedules not paid."""

    customer_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    status = UnicodeAttribute()
    credit_limit = IntegerAttribute()
    balance = IntegerAttribute(default=0)
    headroom = IntegerAttribute()
    revision = IntegerAttribute(default=0)
    earliest_unpaid_due = UnicodeAttribute()
    open_schedules = JSONAttribute(default=list)


class CreditAccountMarkerItem(Entity, discriminator="CreditAccountMarker"):
    account_id = UnicodeAttribute()


class CreditEntryItem(Record, discriminator="CreditEntry"):
    account_id = UnicodeAttribute()
    revision = IntegerAttribute()
    entry_type = UnicodeAttribute()
    amount = IntegerAttribute()
    balance_after = IntegerAttribute()
    sale_id = UnicodeAttribute(null=True)
    method = UnicodeAttribute(null=True)
    reference = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    store_id = UnicodeAttribute(null=True)
    shift_id = UnicodeAttribute(null=True)
    currency = UnicodeAttribute()


class CreditScheduleItem(Record, discriminator="CreditSchedule"):
    account_id = UnicodeAttribute()
    sale_id = UnicodeAttribute(null=True)
    installments = JSONAttribute(default=list)


class CreditSaleItem(Entity, discriminator="CreditSale"):
    sale_id = UnicodeAttribute()
    charged = IntegerAttribute(default=0)
    refunded = IntegerAttribute(default=0)
    schedule_id = UnicodeAttribute(null=True)
