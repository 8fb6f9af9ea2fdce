"""Request and response models of loyalty points, their ledger and adjustments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, OutputModel
from chalicelib.schemas import ListQuery, PlainText, Ulid

EntryType = Literal["EARN", "REDEEM", "REVERSE", "RESTORE", "EXPIRE", "ADJUST"]
MAX_POINTS = 1_000_000_000
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText]


class ExpiringOut(OutputModel):
    points: int = Field(description="Points that expire that day.", examples=[120])
    expires_on: dt.date = Field(
        description="The last day they can be redeemed (tenant local).", examples=["2027-03-31"]
    )


class LoyaltyOut(OutputModel):
    """A customer's points and those expiring in the next 90 days."""

    points: int = Field(description="Points held (the ledger's balance).", examples=[450])
    expiring: list[ExpiringOut] = Field(description="Points expiring in the next 90 days.")


class LoyaltyEntryOut(OutputModel):
    """An immutable entry: `points` is what it added to the customer's points."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    customer_id: str = Field(description="The customer.", examples=[docs.ULID_EXAMPLE])
    type: EntryType = Field(description="EARN, REDEEM, REVERSE, RESTORE, EXPIRE or ADJUST.")
    points: int = Field(description="Signed: what it adds to the points.", examples=[15])
    balance_after: int = Field(description="The points once applied.", examples=[465])
    sale_id: str | None = Field(description="The sale that earned or spent them.", examples=[None])
    expires_on: dt.date | None = Field(
        description="When credited points expire, or the date of expired points.",
        examples=["2027-03-31"],
    )
    reason: str | None = Field(description="Why (adjustments).", examples=[None])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    created_by: str | None = Field(description="Who wrote it.", examples=[docs.ULID_EXAMPLE])


class LoyaltyEntryList(OutputModel):
    items: list[LoyaltyEntryOut]
    next_cursor: str | None


class LoyaltyEntryQuery(ListQuery):
    customer_id: Ulid


class AdjustmentIn(ApiModel):
    """A manager's correction of a customer's points."""

    points: int = Field(
        ge=-MAX_POINTS,
        le=MAX_POINTS,
        description="Signed: what it adds to the points (never below 0).",
        examples=[50],
    )
    reason: Reason = Field(description="Why.", examples=["Points from the old card"])

    @field_validator("points")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("an adjustment moves at least one point")
        return value


class PointsAdjusted(OutputModel):
    entry: LoyaltyEntryOut
    points: int = Field(description="The customer's points now.", examples=[500])
