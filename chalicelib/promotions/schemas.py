"""Request and response models of promotions and of the price preview."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, OutputModel
from chalicelib.schemas import (
    Bps,
    Clearable,
    CreatedAt,
    ListQuery,
    Money,
    Name,
    NextCursor,
    ObjectId,
    PatchModel,
    Ulid,
    UpdatedAt,
    Version,
)

MAX_PRODUCTS = 100
MAX_CATEGORIES = 20
MAX_STORES = 100
Kind = Literal["PERCENT", "AMOUNT", "BUY_X_GET_Y"]
Units = Annotated[int, Field(ge=0, le=10**6)]
Priority = Annotated[int, Field(ge=-1000, le=1000)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Weekday = Annotated[int, Field(ge=1, le=7)]
Products = Annotated[list[Ulid], Field(max_length=MAX_PRODUCTS)]
Categories = Annotated[list[Ulid], Field(max_length=MAX_CATEGORIES)]
Stores = Annotated[list[Ulid], Field(max_length=MAX_STORES)]
Days = Annotated[list[Weekday], Field(max_length=7)]


class PromotionIn(ApiModel):
    """A promotion that applies by itself to the sale lines it covers."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    name: Name = Field(description="What the till shows.", examples=["Soldes -10 %"])
    kind: Kind = Field(description="PERCENT, AMOUNT or BUY_X_GET_Y.", examples=["PERCENT"])
    percent_bps: Bps = Field(default=0, description="PERCENT: the rate off (bps).", examples=[1000])
    amount: Money = Field(default=0, description="AMOUNT: off each unit.", examples=[0])
    buy_qty: Units = Field(default=0, description="BUY_X_GET_Y: units bought.", examples=[0])
    get_qty: Units = Field(default=0, description="BUY_X_GET_Y: units free.", examples=[0])
    product_ids: Products = Field(default_factory=list, description="At most 100 products.")
    category_ids: Categories = Field(
        default_factory=list, description="At most 20 categories, with their sub-categories."
    )
    store_ids: Stores = Field(default_factory=list, description="Stores (none: every store).")
    min_quantity: Units = Field(default=0, description="Least quantity on the line.")
    starts_at: AwareDatetime | None = Field(default=None, description="First moment (included).")
    ends_at: AwareDatetime | None = Field(default=None, description="Last moment (excluded).")
    days_of_week: Days = Field(default_factory=list, description="1 = Monday ... 7 = Sunday.")
    start_time: ClockTime | None = Field(default=None, description="HH:MM, tenant local.")
    end_time: ClockTime | None = Field(default=None, description="HH:MM, tenant local.")
    priority: Priority = Field(default=0, description="Higher wins a tie.")
    stackable: bool = Field(default=False, description="Applies on top of the best one.")
    active: bool = Field(default=True, description="Inactive promotions never apply.")


class PromotionPatch(PatchModel):
    version: int
    name: Name | None = None
    kind: Kind | None = None
    percent_bps: Bps | None = None
    amount: Money | None = None
    buy_qty: Units | None = None
    get_qty: Units | None = None
    product_ids: Products | None = None
    category_ids: Categories | None = None
    store_ids: Stores | None = None
    min_quantity: Units | None = None
    starts_at: Clearable[AwareDatetime] = None
    ends_at: Clearable[AwareDatetime] = None
    days_of_week: Days | None = None
    start_time: Clearable[ClockTime] = None
    end_time: Clearable[ClockTime] = None
    priority: Priority | None = None
    stackable: bool | None = None
    active: bool | None = None


class PromotionOut(OutputModel):
    """A promotion of the tenant."""

    id: ObjectId
    name: str = Field(description="What the till shows.", examples=["Soldes -10 %"])
    kind: Kind = Field(description="PERCENT, AMOUNT or BUY_X_GET_Y.", examples=["PERCENT"])
    percent_bps: int = Field(description="PERCENT: the rate off (bps).", examples=[1000])
    amount: int = Field(description="AMOUNT: off each unit.", examples=[0])
    buy_qty: int = Field(description="BUY_X_GET_Y: units bought.", examples=[0])
    get_qty: int = Field(description="BUY_X_GET_Y: units free.", examples=[0])
    product_ids: list[str] = Field(description="Products it covers.", examples=[[]])
    category_ids: list[str] = Field(description="Categories it covers.", examples=[[]])
    store_ids: list[str] = Field(description="Stores (none: every store).", examples=[[]])
    min_quantity: int = Field(description="Least quantity on the line.", examples=[0])
    starts_at: str | None = Field(description="First moment (included).")
    ends_at: str | None = Field(description="Last moment (excluded).")
    days_of_week: list[int] = Field(description="1 = Monday ... 7 = Sunday.", examples=[[]])
    start_time: str | None = Field(description="HH:MM, tenant local.")
    end_time: str | None = Field(description="HH:MM, tenant local.")
    priority: int = Field(description="Higher wins a tie.", examples=[0])
    stackable: bool = Field(description="Applies on top of the best one.", examples=[False])
    active: bool = Field(description="Inactive promotions never apply.", examples=[True])
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class PromotionList(OutputModel):
    """A page of promotions."""

    items: list[PromotionOut]
    next_cursor: NextCursor


class PromotionQuery(ListQuery):
    """A page of the list, without filters."""
