"""Request and response models of suppliers, purchase orders and goods receipts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from chalicelib import schema_docs as docs
from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, OutputModel, QueryModel
from chalicelib.periods import FilterDate
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    Clearable,
    CreatedAt,
    Email,
    Limit,
    ListQuery,
    Money,
    Name,
    NextCursor,
    ObjectId,
    OneLine,
    PatchModel,
    Text,
    Ulid,
    UpdatedAt,
    Version,
)

# API.md's limit for orders and receipts; receipts.py derives that it fits 100 actions.
MAX_PURCHASE_LINES = 40

OrderStatus = Literal["DRAFT", "SENT", "PARTIALLY_RECEIVED", "RECEIVED", "CANCELLED", "CLOSED"]
Quantity = Annotated[int, Field(ge=1, le=10**9)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32), OneLine
]
Address = Annotated[str, StringConstraints(max_length=500), OneLine]
Reference = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
Lot = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), OneLine]
TermsDays = Annotated[int, Field(ge=0, le=365)]
Lines = Field(min_length=1, max_length=MAX_PURCHASE_LINES)


Day = FilterDate  # a calendar date as YYYY-MM-DD, between 2000-01-01 and 2100-12-31


class SupplierIn(ApiModel):
    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    name: Name = Field(description="The supplier's name.", examples=["Tecno Distribution"])
    phone: Phone | None = None
    email: Email | None = None
    address: Address | None = None
    payment_terms_days: TermsDays | None = Field(
        default=None, description="Days the supplier gives to pay.", examples=[30]
    )
    notes: Text | None = None


class SupplierPatch(PatchModel):
    version: int
    name: Name | None = None
    phone: Clearable[Phone] = None
    email: Clearable[Email] = None
    address: Clearable[Address] = None
    payment_terms_days: Clearable[TermsDays] = None
    notes: Clearable[Text] = None


class SupplierOut(OutputModel):
    id: ObjectId
    name: str
    phone: str | None
    email: str | None
    address: str | None
    payment_terms_days: int | None
    notes: str | None
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class SupplierList(OutputModel):
    """A page of suppliers."""

    items: list[SupplierOut]
    next_cursor: NextCursor


class SupplierQuery(ListQuery):
    """A page of the list, without filters."""


def _distinct(lines: list[Any], *names: str) -> None:
    seen: set[tuple[Any, ...]] = set()
    for index, line in enumerate(lines):
        key = tuple(getattr(line, name) for name in names)
        if key in seen:
            raise FieldValueError(f"lines.{index}.product_id", "appears on another line")
        seen.add(key)


class OrderLineIn(ApiModel):
    product_id: Ulid
    quantity: Quantity
    unit_cost: Money


class OrderIn(ApiModel):
    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID)
    supplier_id: Ulid
    store_id: Ulid
    lines: Annotated[list[OrderLineIn], Lines]
    expected_date: Day | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _valid(self) -> OrderIn:
        _distinct(list(self.lines), "product_id")
        return self


class OrderPatch(PatchModel):
    version: int
    supplier_id: Ulid | None = None
    lines: Annotated[list[OrderLineIn], Lines] | None = None
    expected_date: Clearable[Day] = None
    note: Clearable[Text] = None

    @model_validator(mode="after")
    def _valid(self) -> OrderPatch:
        _distinct(list(self.lines or []), "product_id")
        return self


class OrderLineOut(OutputModel):
    product_id: str
    quantity: int
    unit_cost: int
    quantity_received: int


class OrderOut(OutputModel):
    id: ObjectId
    supplier_id: str
    store_id: str
    status: OrderStatus
    lines: list[OrderLineOut]
    expected_date: str | None
    note: str | None
    total: int = Field(description="sum of quantity x unit_cost of the lines.", examples=[150000])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    sent_at: str | None
    received_at: str | None
    cancelled_at: str | None
    closed_at: str | None
    version: Version
    created_by: str | None
    created_at: CreatedAt
    updated_at: UpdatedAt


class OrderList(OutputModel):
    """A page of orders."""

    items: list[OrderOut]
    next_cursor: NextCursor


class OrderQuery(QueryModel):
    status: OrderStatus | None = None
    supplier_id: Ulid | None = None
    store_id: Ulid | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class ReceiptLineIn(ApiModel):
    product_id: Ulid
    quantity: Quantity
    unit_cost: Money | None = Field(
        default=None, description="Cost of one unit; the order line's when absent."
    )
    lot: Lot | None = None
    expiry_date: Day | None = None


class ReceiptIn(ApiModel):
    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID)
    purchase_order_id: Ulid | None = None
    store_id: Ulid
    supplier_id: Ulid | None = None
    reference: Reference | None = Field(
        default=None, description="The supplier's delivery note.", examples=["BL-2026-0042"]
    )
    lines: Annotated[list[ReceiptLineIn], Lines]

    @model_validator(mode="after")
    def _valid(self) -> ReceiptIn:
        _distinct(list(self.lines), "product_id", "lot")
        if self.purchase_order_id is None and self.supplier_id is None:
            raise FieldValueError("supplier_id", "required without a purchase_order_id")
        return self


class ReceiptLineOut(OutputModel):
    product_id: str
    quantity: int
    unit_cost: int
    lot: str | None
    expiry_date: str | None


class ReceiptOut(OutputModel):
    id: ObjectId
    purchase_order_id: str | None
    store_id: str
    supplier_id: str | None
    reference: str | None
    lines: list[ReceiptLineOut]
    total: int = Field(description="sum of quantity x unit_cost of the lines.", examples=[150000])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    created_by: str | None
    created_at: CreatedAt


class ReceiptList(OutputModel):
    """A page of receipts."""

    items: list[ReceiptOut]
    next_cursor: NextCursor


class ReceiptQuery(ListQuery):
    store_id: Ulid | None = None


class SuggestionOut(OutputModel):
    store_id: str
    product_id: str
    sku: str
    name: str
    available: int
    on_order: int = Field(description="Units still expected by SENT or PARTIALLY_RECEIVED orders.")
    min_qty: int
    reorder_qty: int
    suggested_qty: int = Field(
        description="reorder_qty when above 0, else 2 x min_qty - available - on_order."
    )
    sold_28d: int = Field(description="Units sold in the store in the last 28 days.")
    days_of_cover: int | None = Field(
        description="available x 28 / sold_28d, rounded down; null when nothing sold."
    )
    supplier_id: str | None = Field(description="The supplier of the last goods receipt.")
    last_unit_cost: int | None


class SuggestionList(OutputModel):
    """A page of suggestions."""

    items: list[SuggestionOut]
    next_cursor: NextCursor


class SuggestionQuery(ListQuery):
    store_id: Ulid | None = None


class ReorderIn(ApiModel):
    store_id: Ulid
    product_ids: Annotated[list[Ulid], Field(min_length=1, max_length=200)] | None = None


class ReorderOut(OutputModel):
    purchase_orders: list[OrderOut]
    skipped: list[str] = Field(description="Suggested products without a supplier.")
