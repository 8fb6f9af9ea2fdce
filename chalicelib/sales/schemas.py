"""Request and response models of sales, their submission, cancellation and refunds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, QueryModel
from chalicelib.periods import PeriodQuery
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import MAX_LINES
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    Clearable,
    Limit,
    Money,
    PatchModel,
    PlainText,
    Text,
    Ulid,
)

Quantity = Annotated[int, Field(gt=0, le=10**9)]
RefundMethod = Literal["CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER"]


class SaleLineIn(ApiModel):
    product_id: Ulid
    quantity: Quantity
    unit_price: Money | None = None
    discount: Money = 0


SaleLines = Annotated[list[SaleLineIn], Field(min_length=1, max_length=MAX_LINES)]


class SaleIn(ApiModel):
    id: Ulid | None = None
    store_id: Ulid
    customer_id: Ulid | None = None
    lines: SaleLines
    discount: Money = 0
    note: Text | None = None


class SalePatch(PatchModel):
    version: int
    lines: SaleLines | None = None
    customer_id: Clearable[Ulid] = None
    discount: Money | None = None
    note: Clearable[Text] = None


class CancelIn(ApiModel):
    reason: Annotated[str, Field(min_length=1, max_length=500), PlainText]


class RefundLineIn(ApiModel):
    product_id: Ulid
    quantity: Quantity


class RefundIn(ApiModel):
    id: Ulid | None = None
    lines: Annotated[list[RefundLineIn], Field(min_length=1, max_length=MAX_LINES)]
    restock: bool = True
    method: RefundMethod | None = None
    reason: Annotated[str, Field(max_length=500), PlainText] | None = None

    @model_validator(mode="after")
    def _one_entry_per_product(self) -> RefundIn:
        seen: set[str] = set()
        for index, line in enumerate(self.lines):
            if line.product_id in seen:
                raise FieldValueError(f"lines.{index}.product_id", "appears on another line")
            seen.add(line.product_id)
        return self


class SaleLineOut(BaseModel):
    product_id: str
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price: int
    discount: int
    sale_discount: int
    tax_rate_bps: int
    tax_included: bool
    tax: int
    total: int
    refunded_quantity: int


class SaleOut(BaseModel):
    id: str
    store_id: str
    customer_id: str | None
    seller_id: str
    status: SaleStatus
    number: str | None
    note: str | None
    lines: list[SaleLineOut]
    discount: int
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    paid_total: int
    change_total: int
    refunded_total: int
    balance_due: int
    currency: str
    approved_discount: int | None
    approved_by: str | None
    cashier_ids: list[str]
    submitted_at: str | None
    paid_at: str | None
    cancelled_at: str | None
    cancel_reason: str | None
    version: int
    created_at: str
    updated_at: str


class SaleList(BaseModel):
    items: list[SaleOut]
    next_cursor: str | None


class MethodAmount(BaseModel):
    method: str
    amount: int
    shift_id: str | None = None


class RefundLineOut(BaseModel):
    product_id: str
    quantity: int
    amount: int


class RefundOut(BaseModel):
    id: str
    sale_id: str
    kind: Literal["REFUND", "CANCELLATION"]
    amount: int
    currency: str
    methods: list[MethodAmount]
    lines: list[RefundLineOut]
    restock: bool
    reason: str | None
    created_at: str
    created_by: str | None


class SaleQuery(PeriodQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    store_id: Ulid | None = None
    status: SaleStatus | None = None
    seller_id: Ulid | None = None
    customer_id: Ulid | None = None


class ReceiptQuery(QueryModel):
    format: Literal["pdf", "html"] | None = None
