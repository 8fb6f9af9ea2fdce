"""Request and response models of credit accounts, their ledger, schedules and repayments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator

from chalicelib import schema_docs as docs
from chalicelib.credit.schedule import MAX_INSTALMENTS
from chalicelib.http import ApiModel, OutputModel, QueryModel
from chalicelib.periods import PeriodQuery
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    MAX_AMOUNT,
    Limit,
    ListQuery,
    Money,
    OneLine,
    PatchModel,
    PlainText,
    Ulid,
)

AccountStatus = Literal["ACTIVE", "SUSPENDED"]
EntryType = Literal["CHARGE", "REPAYMENT", "REFUND", "ADJUSTMENT"]
RepaymentMethod = Literal["CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER"]
InstalmentStatus = Literal["DUE", "PAID", "OVERDUE"]
Amount = Annotated[int, Field(gt=0, le=MAX_AMOUNT)]
SignedAmount = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText]
Reference = Annotated[str, StringConstraints(min_length=1, max_length=100), OneLine]


class CreditAccountIn(ApiModel):
    """Opens a customer's credit account (one per customer)."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    customer_id: Ulid = Field(description="The customer (ULID).", examples=[docs.ULID_EXAMPLE])
    credit_limit: Money = Field(
        description="The most the customer may owe, in minor units.", examples=[200000]
    )


class CreditAccountPatch(PatchModel):
    version: int
    credit_limit: Money | None = None
    status: AccountStatus | None = None


class CreditAccountOut(OutputModel):
    """A customer's credit account: what they owe and what they may still buy on credit."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    customer_id: str = Field(description="The customer.", examples=[docs.ULID_EXAMPLE])
    credit_limit: int = Field(description="The most the customer may owe.", examples=[200000])
    balance: int = Field(description="What the customer owes.", examples=[45000])
    available_credit: int = Field(
        description="Limit less balance, never below 0.", examples=[155000]
    )
    overdue_amount: int = Field(
        description="What remains to pay of instalments past their due date.", examples=[0]
    )
    overdue_since: dt.date | None = Field(
        description="The day the oldest overdue instalment became overdue.", examples=[None]
    )
    next_due_date: dt.date | None = Field(
        description="The earliest due date not fully paid (in the past while overdue).",
        examples=["2026-12-31"],
    )
    status: AccountStatus = Field(description="ACTIVE or SUSPENDED.", examples=["ACTIVE"])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    version: int = Field(description=docs.VERSION, examples=[1])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    updated_at: str = Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])


class CreditAccountList(OutputModel):
    items: list[CreditAccountOut]
    next_cursor: str | None


class CreditAccountQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    customer_id: Ulid | None = None
    status: AccountStatus | None = None
    overdue: bool | None = Field(
        default=None, description="`true`: only accounts with an instalment past due."
    )

    @field_validator("overdue")
    @classmethod
    def _only_true(cls, value: bool | None) -> bool | None:
        if value is False:
            raise ValueError("only `true` filters accounts")
        return value


class EntryOut(OutputModel):
    """An immutable ledger entry: `amount` is what it added to the balance."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    account_id: str = Field(description="The credit account.", examples=[docs.ULID_EXAMPLE])
    type: EntryType = Field(description="CHARGE, REPAYMENT, REFUND or ADJUSTMENT.")
    amount: int = Field(description="Signed: what it adds to the balance.", examples=[15000])
    balance_after: int = Field(description="The balance once applied.", examples=[60000])
    sale_id: str | None = Field(description="The sale charged or refunded.", examples=[None])
    method: str | None = Field(description="How a repayment was paid.", examples=[None])
    reference: str | None = Field(description="Operator transaction id.", examples=[None])
    reason: str | None = Field(description="Why (adjustments).", examples=[None])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    created_by: str | None = Field(description="Who wrote it.", examples=[docs.ULID_EXAMPLE])


class EntryList(OutputModel):
    items: list[EntryOut]
    next_cursor: str | None


class EntryQuery(ListQuery):
    account_id: Ulid


class AdjustmentIn(ApiModel):
    """A manager's correction of the balance, or a debt brought in from elsewhere."""

    amount: SignedAmount = Field(
        description="Signed: what it adds to the balance (never below 0).", examples=[50000]
    )
    reason: Reason = Field(description="Why.", examples=["Opening balance from the notebook"])


class EntryCreated(OutputModel):
    entry: EntryOut
    account: CreditAccountOut


class RepaymentIn(ApiModel):
    """Money the customer pays back; CASH goes into the taker's open shift in `store_id`."""

    amount: Amount = Field(description="At most the balance.", examples=[20000])
    method: RepaymentMethod = Field(description="How it was paid.", examples=["MOBILE_MONEY"])
    reference: Reference | None = Field(
        default=None, description="Operator transaction id.", examples=["MP241121.1305.A12345"]
    )
    store_id: Ulid | None = Field(
        default=None, description="The store whose shift takes a CASH repayment."
    )


class AllocationOut(OutputModel):
    schedule_id: str
    due_date: dt.date
    amount: int


class RepaymentCreated(OutputModel):
    entry: EntryOut
    account: CreditAccountOut
    allocations: list[AllocationOut]


class InstalmentIn(ApiModel):
    due_date: dt.date = Field(description="Tenant-local due date.", examples=["2026-12-31"])
    amount: Amount = Field(description="What is due that day.", examples=[25000])


class ScheduleIn(ApiModel):
    """Instalments of a sale's credit, or of the part of the balance no schedule covers."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    sale_id: Ulid | None = Field(default=None, description="The sale whose credit it spreads.")
    installments: Annotated[list[InstalmentIn], Field(min_length=1, max_length=MAX_INSTALMENTS)]


class InstalmentOut(OutputModel):
    due_date: dt.date
    amount: int
    paid: int
    status: InstalmentStatus


class ScheduleOut(OutputModel):
    """An instalment schedule of a credit account."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    account_id: str = Field(description="The credit account.", examples=[docs.ULID_EXAMPLE])
    sale_id: str | None = Field(description="The sale whose credit it spreads.", examples=[None])
    installments: list[InstalmentOut]
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])


class ScheduleList(OutputModel):
    items: list[ScheduleOut]
    next_cursor: str | None


class ScheduleQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class StatementQuery(PeriodQuery):
    """`from`, `to` (tenant-local days; default the first of this month, today), at most 366
    days; `format`: json (default), html or pdf."""

    format: Literal["json", "html", "pdf"] = "json"


class InstalmentDueOut(OutputModel):
    schedule_id: str
    due_date: dt.date
    amount: int = Field(description="What remains to pay of it.")
    status: InstalmentStatus


class StatementOut(OutputModel):
    """An account's statement over a period: the balance before it, its entries oldest first,
    the balance after them, and what remains due on the account's instalments."""

    model_config = ConfigDict(defer_build=True, serialize_by_alias=True)

    account: CreditAccountOut
    from_: dt.date = Field(alias="from", description="First tenant-local day.")
    to: dt.date = Field(description="Last tenant-local day.")
    opening_balance: int = Field(description="The balance before the period's first entry.")
    entries: list[EntryOut] = Field(description="The period's entries, oldest first.")
    closing_balance: int = Field(description="The balance after the period's last entry.")
    installments_due: list[InstalmentDueOut] = Field(
        description="Unpaid instalments of the account, by due date."
    )
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
