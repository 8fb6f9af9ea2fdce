"""Request and response models of deliveries."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.deliveries.states import DeliveryStatus
from chalicelib.http import ApiModel, OutputModel
from chalicelib.periods import PeriodQuery
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    CreatedAt,
    Limit,
    Name,
    NextCursor,
    ObjectId,
    OneLine,
    PlainText,
    Text,
    Ulid,
    UpdatedAt,
    Version,
)

Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32), OneLine
]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText]
Code = Annotated[str, StringConstraints(max_length=16)]


class DeliveryIn(ApiModel):
    """A delivery of a submitted sale to the customer's door."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    sale_id: Ulid = Field(description="The submitted sale (ULID).", examples=[docs.ULID_EXAMPLE])
    address: Text = Field(description="Where to deliver.", examples=["Rue Joss, Douala"])
    phone: Phone | None = Field(default=None, description="The contact's phone.")
    contact_name: Name | None = Field(default=None, description="Who receives it.")
    scheduled_for: AwareDatetime | None = Field(default=None, description="When it is expected.")
    note: Text | None = Field(default=None, description="Free note for the courier.")
    collect_on_delivery: bool = Field(
        default=False, description="The courier collects the balance due at the door."
    )


class AssignIn(ApiModel):
    courier_id: Ulid = Field(description="An active COURIER of the sale's store.")


class DeliverIn(ApiModel):
    delivery_code: Code | None = Field(default=None, description="The 4 digits the customer gives.")
    note: Text | None = Field(default=None, description="What happened at the door.")


class FailIn(ApiModel):
    reason: Reason = Field(description="Why it could not be delivered.")


class DeliveryOut(OutputModel):
    """A delivery; `delivery_code` is shown to SALES, CASHIER, MANAGER and ADMIN only."""

    id: ObjectId
    sale_id: str = Field(description="The sale delivered.", examples=[docs.ULID_EXAMPLE])
    sale_number: str | None = Field(description="The sale's receipt number.")
    store_id: str = Field(description="The sale's store.", examples=[docs.ULID_EXAMPLE])
    status: DeliveryStatus = Field(description="Where the delivery is.", examples=["PENDING"])
    address: str | None = Field(description="Where to deliver.")
    phone: str | None = Field(description="The contact's phone.")
    contact_name: str | None = Field(description="Who receives it.")
    scheduled_for: str | None = Field(description="When it is expected.")
    note: str | None = Field(description="Free note for the courier.")
    collect_on_delivery: bool = Field(description="The courier collects at the door.")
    cash_to_collect: int = Field(description="The balance due when it was created, if collected.")
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    delivery_code: str | None = Field(description="4 digits; null for couriers and viewers.")
    code_tries_left: int = Field(description="Wrong codes a courier may still send.")
    courier_id: str | None = Field(description="The courier assigned.")
    fail_reason: str | None = Field(description="Why it last failed.")
    delivered_note: str | None = Field(description="What happened at the door.")
    assigned_at: str | None = Field(description="When it was last assigned.")
    dispatched_at: str | None = Field(description="When it last left.")
    delivered_at: str | None = Field(description="When it was delivered.")
    failed_at: str | None = Field(description="When it last failed.")
    returned_at: str | None = Field(description="When the goods came back.")
    cancelled_at: str | None = Field(description="When it was cancelled.")
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class DeliveryList(OutputModel):
    """A page of deliveries."""

    items: list[DeliveryOut]
    next_cursor: NextCursor


class DeliveryQuery(PeriodQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    status: DeliveryStatus | None = None
    courier_id: Ulid | None = None
    store_id: Ulid | None = None
