"""Request and response models of stock levels, movements, transfers and counts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from chalicelib import schema_docs as docs
from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, OutputModel, QueryModel
from chalicelib.periods import FilterDate, PeriodQuery
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    Limit,
    Money,
    OneLine,
    PatchModel,
    PlainText,
    Text,
    Ulid,
)

# API.md's cap for transfers and counts, as for orders and receipts. One transaction holds at
# most 100 actions: the state change plus a level update and a movement per line
# (ledger.ACTIONS_PER_LINE) fit with room to spare.
MAX_OPERATION_LINES = 40

Quantity = Annotated[int, Field(ge=1, le=10**9)]
Stock = Annotated[int, Field(ge=0, le=10**9)]
Lot = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), OneLine]
Reason = Annotated[str, StringConstraints(max_length=500), PlainText]
ManualType = Literal["RECEIPT", "ADJUSTMENT", "LOSS", "RETURN"]
MovementType = Literal[
    "RECEIPT",
    "ADJUSTMENT",
    "LOSS",
    "RETURN",
    "TRANSFER_OUT",
    "TRANSFER_IN",
    "COUNT",
    "SALE",
    "SALE_RETURN",
    "PURCHASE_RECEIPT",
]


class LevelOut(OutputModel):
    """A product's stock in one store, in the product's unit."""

    store_id: str = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    product_id: str = Field(description="The product (ULID).", examples=[docs.ULID_EXAMPLE])
    on_hand: int = Field(description="Units in the store.", examples=[12])
    reserved: int = Field(description="Units held by submitted, unpaid sales.", examples=[2])
    available: int = Field(
        description="on_hand - reserved (unexpired lots only): what can still be sold.",
        examples=[10],
    )
    min_qty: int = Field(description="At or below this, LOW_STOCK (0: no threshold).", examples=[3])
    reorder_qty: int = Field(
        description="What a reorder suggests buying (0: up to twice min_qty).", examples=[20]
    )
    average_cost: int = Field(
        description="Moving weighted average cost of one unit received (half-up, minor "
        "units); the product's cost while nothing was received.",
        examples=[61250],
    )
    expired: int = Field(
        default=0,
        description="Units of lots past their expiry date, still on hand and never sold "
        "(lot-tracked products; 0 otherwise).",
        examples=[0],
    )
    updated_at: str = Field(
        description="When the level last changed (RFC 3339, UTC).", examples=[docs.TIME_EXAMPLE]
    )


class LotPartOut(OutputModel):
    """Units of one lot that a movement or a sale line moved."""

    lot: str = Field(description="The lot.", examples=["L2405A"])
    expiry_date: str = Field(description="Its expiry date (its last day on sale).")
    quantity: int = Field(description="Units of it moved (signed on movements).", examples=[2])


class LotOut(OutputModel):
    """A lot with stock in one store."""

    store_id: str = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    product_id: str = Field(description="The product (ULID).", examples=[docs.ULID_EXAMPLE])
    lot: str = Field(description="The lot.", examples=["L2405A"])
    expiry_date: str = Field(description="Its last day on sale (tenant local).")
    on_hand: int = Field(description="Its units in the store.", examples=[24])
    expired: bool = Field(description="Past its date: never sold.", examples=[False])


class LotList(OutputModel):
    items: list[LotOut]
    next_cursor: str | None


class LevelList(OutputModel):
    items: list[LevelOut]
    next_cursor: str | None


class LevelQuery(QueryModel):
    store_id: Ulid | None = None
    product_id: Ulid | None = None
    below_min: bool | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class LotQuery(QueryModel):
    store_id: Ulid | None = None
    product_id: Ulid | None = None
    expiring_before: FilterDate | None = Field(
        default=None, description="Only lots whose expiry date is before this date."
    )
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class ThresholdsPatch(PatchModel):
    min_qty: Stock | None = None
    reorder_qty: Stock | None = None

    @model_validator(mode="after")
    def _something(self) -> ThresholdsPatch:
        if self.min_qty is None and self.reorder_qty is None:
            raise FieldValueError("min_qty", "send min_qty, reorder_qty or both")
        return self


class MovementIn(ApiModel):
    store_id: Ulid
    product_id: Ulid
    type: ManualType
    quantity: Annotated[int, Field(ge=-(10**9), le=10**9)]
    unit_cost: Money | None = None
    lot: Lot | None = None
    expiry_date: FilterDate | None = None
    reason: Reason | None = None

    @model_validator(mode="after")
    def _signed_only_for_adjustments(self) -> MovementIn:
        if self.quantity == 0:
            raise FieldValueError("quantity", "must not be 0")
        if self.type != "ADJUSTMENT" and self.quantity < 0:
            raise FieldValueError(
                "quantity", f"{self.type} takes a positive quantity; use ADJUSTMENT to sign it"
            )
        return self

    @property
    def signed_quantity(self) -> int:
        return -self.quantity if self.type == "LOSS" else self.quantity


class MovementOut(OutputModel):
    id: str
    store_id: str
    product_id: str
    type: str
    quantity: int
    unit_cost: int | None
    lot: str | None
    expiry_date: str | None
    lots: list[LotPartOut] | None = Field(
        default=None, description="The lots it moved (lot-tracked products)."
    )
    reason: str | None
    reference: str | None
    created_by: str | None
    created_at: str


class MovementList(OutputModel):
    items: list[MovementOut]
    next_cursor: str | None


class MovementQuery(PeriodQuery):
    store_id: Ulid | None = None
    product_id: Ulid | None = None
    type: MovementType | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class TransferLineIn(ApiModel):
    product_id: Ulid
    quantity: Quantity
    lot: Lot | None = Field(
        default=None,
        description="Lot-tracked products: the lot to send (none: unexpired lots, "
        "first-expiring-first).",
    )


def _distinct(lines: list[Any], by_lot: bool = False) -> None:
    """A product once per operation (a count: once per lot)."""
    seen: set[tuple[str, str | None]] = set()
    for index, line in enumerate(lines):
        key = (line.product_id, line.lot if by_lot else None)
        if key in seen:
            raise FieldValueError(f"lines.{index}.product_id", "appears on another line")
        seen.add(key)


Lines = Field(min_length=1, max_length=MAX_OPERATION_LINES)


class TransferIn(ApiModel):
    id: Ulid | None = None
    from_store_id: Ulid
    to_store_id: Ulid
    lines: Annotated[list[TransferLineIn], Lines]
    note: Text | None = None

    @model_validator(mode="after")
    def _valid(self) -> TransferIn:
        if self.from_store_id == self.to_store_id:
            raise FieldValueError("to_store_id", "must differ from from_store_id")
        _distinct(list(self.lines))
        return self


class ReceivedLineIn(ApiModel):
    product_id: Ulid
    quantity_received: Annotated[int, Field(ge=0, le=10**9)]


class ReceiveIn(ApiModel):
    lines: Annotated[list[ReceivedLineIn], Lines]

    @model_validator(mode="after")
    def _valid(self) -> ReceiveIn:
        _distinct(list(self.lines))
        return self


class TransferLineOut(OutputModel):
    product_id: str
    quantity: int
    quantity_received: int | None
    discrepancy: int | None
    unit_cost: int | None = Field(
        default=None, description="The source's average cost when shipped (carried along)."
    )
    lot: str | None = Field(default=None, description="The lot asked for, if any.")
    lots: list[LotPartOut] | None = Field(
        default=None, description="The lots shipped, received with their dates."
    )


class TransferOut(OutputModel):
    id: str
    from_store_id: str
    to_store_id: str
    status: str
    lines: list[TransferLineOut]
    note: str | None
    shipped_at: str | None
    received_at: str | None
    cancelled_at: str | None
    version: int
    created_by: str | None
    created_at: str
    updated_at: str


class TransferList(OutputModel):
    items: list[TransferOut]
    next_cursor: str | None


class OperationQuery(QueryModel):
    status: str | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class CountLineIn(ApiModel):
    product_id: Ulid
    counted_qty: Stock
    lot: Lot | None = Field(
        default=None, description="Lot-tracked products: the lot counted (none: all of them)."
    )
    expiry_date: FilterDate | None = Field(
        default=None, description="A lot found that the store did not hold: its expiry date."
    )


class CountIn(ApiModel):
    id: Ulid | None = None
    store_id: Ulid
    lines: Annotated[list[CountLineIn], Lines]
    note: Text | None = None

    @model_validator(mode="after")
    def _valid(self) -> CountIn:
        _distinct(list(self.lines), by_lot=True)
        return self


class CountLineOut(OutputModel):
    product_id: str
    counted_qty: int
    expected_qty: int
    difference: int
    lot: str | None = None
    expiry_date: str | None = None


class CountOut(OutputModel):
    id: str
    store_id: str
    status: str
    lines: list[CountLineOut]
    note: str | None
    applied_at: str | None
    version: int
    created_by: str | None
    created_at: str
    updated_at: str


class CountList(OutputModel):
    items: list[CountOut]
    next_cursor: str | None
