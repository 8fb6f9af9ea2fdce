"""Request and response models of sales, their submission, cancellation and refunds."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from chalicelib import schema_docs as docs
from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, OutputModel, QueryModel
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
from chalicelib.stock import StockLine

Quantity = Annotated[int, Field(gt=0, le=10**9)]
RefundMethod = Literal["CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER", "CREDIT", "LOYALTY"]


class SaleLineIn(ApiModel):
    """One product of a sale, priced from the catalog unless `unit_price` is sent."""

    product_id: Ulid = Field(description="The product (ULID).", examples=[docs.ULID_EXAMPLE])
    quantity: Quantity = Field(description="Units, in the product's unit.", examples=[1])
    unit_price: Money | None = Field(
        default=None,
        description=(
            "Price of one unit (default: the product's price); below it, "
            "the cut counts as a manual discount toward approval."
        ),
        examples=[85000],
    )
    discount: Money = Field(default=0, description="Amount off this line.", examples=[0])


SaleLines = Annotated[list[SaleLineIn], Field(min_length=1, max_length=MAX_LINES)]


class SaleIn(ApiModel):
    """A DRAFT sale; promotions and taxes are computed by the server."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    store_id: Ulid = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    customer_id: Ulid | None = Field(default=None, description="The customer (ULID), if known.")
    lines: SaleLines = Field(description="1 to 40 lines, one per product.")
    discount: Money = Field(
        default=0, description="Amount off the whole sale, spread over the lines.", examples=[0]
    )
    note: Text | None = Field(default=None, description="Free note.")


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
    method: RefundMethod | None = Field(
        default=None,
        description=(
            "How the amount goes back (422 beyond what that method may take). Omitted: the way "
            "the sale was paid: what it still owes on credit by CREDIT, what was paid with "
            "points by LOYALTY, then each other method at most what it took (the rest, such "
            "as credit the customer repaid, as CASH)."
        ),
    )
    reason: Annotated[str, Field(max_length=500), PlainText] | None = None

    @model_validator(mode="after")
    def _one_entry_per_product(self) -> RefundIn:
        seen: set[str] = set()
        for index, line in enumerate(self.lines):
            if line.product_id in seen:
                raise FieldValueError(f"lines.{index}.product_id", "appears on another line")
            seen.add(line.product_id)
        return self


class AppliedPromotionOut(OutputModel):
    """A promotion that took `amount` off a line."""

    id: str = Field(description="The promotion (ULID).", examples=[docs.ULID_EXAMPLE])
    name: str = Field(description="Its name.", examples=["Soldes -10 %"])
    amount: int = Field(description="What it took off the line.", examples=[8500])


class NotAppliedOut(OutputModel):
    """An eligible promotion that took nothing off a line, and why."""

    id: str = Field(description="The promotion (ULID).", examples=[docs.ULID_EXAMPLE])
    name: str = Field(description="Its name.", examples=["Soldes -10 %"])
    reason: Literal["LESS_GENEROUS", "NOT_STACKABLE", "NOTHING_OFF"] = Field(
        description="LESS_GENEROUS, NOT_STACKABLE or NOTHING_OFF.", examples=["LESS_GENEROUS"]
    )
    detail: str = Field(description="The reason in words, for the till.")


class LineLotOut(OutputModel):
    """Units of one lot a sale line left from."""

    lot: str = Field(description="The lot.", examples=["L2405A"])
    expiry_date: str = Field(description="Its expiry date.", examples=["2027-05-31"])
    quantity: int = Field(description="Units of it.", examples=[1])


class SaleLineOut(OutputModel):
    """A sale line as sold: the product's snapshot and the line's amounts."""

    product_id: str = Field(description="The product (ULID).", examples=[docs.ULID_EXAMPLE])
    sku: str = Field(description="The product's sku when sold.", examples=["TEC-SPARK20"])
    name: str = Field(description="The product's name when sold.", examples=["Tecno Spark 20"])
    unit: str = Field(description="The product's unit.", examples=["piece"])
    quantity: int = Field(description="Units sold.", examples=[1])
    unit_price: int = Field(description="Price of one unit on this sale.", examples=[85000])
    discount: int = Field(description="Amount off this line.", examples=[0])
    promotion_discount: int = Field(
        default=0,
        description="What the promotions take off this line (never more than the line).",
        examples=[0],
    )
    promotions: list[AppliedPromotionOut] = Field(
        default_factory=list, description="The promotions applied, in the order they applied."
    )
    sale_discount: int = Field(description="This line's share of the sale discount.", examples=[0])
    tax_rate_bps: int = Field(description="Tax rate in basis points.", examples=[1925])
    tax_included: bool = Field(description="Whether the price includes the tax.", examples=[True])
    tax: int = Field(
        description="Tax of the line after discounts, rounded half-up.", examples=[13725]
    )
    total: int = Field(description="What the line costs the customer.", examples=[85000])
    refunded_quantity: int = Field(description="Units refunded so far.", examples=[0])
    lots: list[LineLotOut] | None = Field(
        default=None,
        description="The lots the units left from, once paid (lot-tracked products).",
    )


class SaleDeliveryOut(OutputModel):
    """The sale's delivery: the open one, else the last one."""

    id: str = Field(description="The delivery (ULID).", examples=[docs.ULID_EXAMPLE])
    status: str = Field(description="Its status.", examples=["ASSIGNED"])


class SaleOut(OutputModel):
    """A sale with its lines and totals; money in the currency's minor unit."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    store_id: str = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    customer_id: str | None = Field(
        description="The customer (ULID), if any.", examples=[docs.ULID_EXAMPLE]
    )
    seller_id: str = Field(
        description="The user who created the sale.", examples=[docs.ULID_EXAMPLE]
    )
    status: SaleStatus = Field(
        description=(
            "DRAFT, PENDING_PAYMENT, PARTIALLY_PAID, PAID, CANCELLED, "
            "PARTIALLY_REFUNDED or REFUNDED."
        ),
        examples=["PENDING_PAYMENT"],
    )
    number: str | None = Field(
        description=(
            "Receipt number `<STORE CODE>-<YYYY>-<6 digits>`, gapless per "
            "store and year; null until submitted."
        ),
        examples=["AKW-2026-000042"],
    )
    note: str | None = Field(description="Free note.")
    lines: list[SaleLineOut] = Field(description="The lines, in the order they were sent.")
    discount: int = Field(description="Amount off the whole sale.", examples=[0])
    subtotal: int = Field(
        description="Sum of quantity x unit_price over the lines.", examples=[85000]
    )
    discount_total: int = Field(description="Every discount: lines and sale.", examples=[0])
    tax_total: int = Field(description="Tax of every line.", examples=[13725])
    total: int = Field(
        description="What the customer pays: subtotal - discount_total + tax added on top.",
        examples=[85000],
    )
    paid_total: int = Field(description="Payments taken so far.", examples=[0])
    change_total: int = Field(description="Change given back on cash payments.", examples=[0])
    refunded_total: int = Field(description="Refunded so far.", examples=[0])
    balance_due: int = Field(description="total - paid_total (0 once cancelled).", examples=[85000])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    approved_discount: int | None = Field(
        description="The manual discount a MANAGER approved, if any."
    )
    approved_by: str | None = Field(description="The MANAGER who approved it.")
    cashier_ids: list[str] = Field(description="The cashiers who took its payments.", examples=[[]])
    submitted_at: str | None = Field(
        description="When it was submitted to the till.", examples=[docs.TIME_EXAMPLE]
    )
    paid_at: str | None = Field(description="When it became PAID.")
    cancelled_at: str | None = Field(description="When it was cancelled.")
    cancel_reason: str | None = Field(description="Why it was cancelled.")
    delivery: SaleDeliveryOut | None = Field(
        default=None, description="Its delivery's id and status (null without one)."
    )
    version: int = Field(description=docs.VERSION, examples=[1])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    updated_at: str = Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])


class TillSale(SaleOut):
    """A sale as the till reads it to take a payment: with its payments so far and the stock
    its lines hold (never an answer of the API)."""

    payments_count: int
    stock: list[StockLine]
    stored_lines: list[dict[str, Any]] = Field(default_factory=list)
    delivery_courier_id: str | None = None
    loyalty_paid: int = 0
    credit_account_id: str | None = None


class PreviewLine(SaleLineOut):
    """A line as the sale would be priced now, with the eligible promotions that lost."""

    not_applied: list[NotAppliedOut] = Field(
        description="Eligible promotions that took nothing off this line, and why."
    )


class SalePreview(OutputModel):
    """What `POST /v1/sales` with this body would price now; nothing is saved."""

    lines: list[PreviewLine] = Field(description="The priced lines, in the order sent.")
    discount: int = Field(description="Amount off the whole sale.", examples=[0])
    subtotal: int = Field(description="Sum of quantity x unit_price.", examples=[85000])
    discount_total: int = Field(description="Every discount, promotions included.", examples=[0])
    tax_total: int = Field(description="Tax of every line.", examples=[13725])
    total: int = Field(description="What the customer would pay.", examples=[85000])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])


class SaleList(OutputModel):
    items: list[SaleOut]
    next_cursor: str | None


class MethodAmount(OutputModel):
    method: str
    amount: int
    shift_id: str | None = None


class RefundLineOut(OutputModel):
    product_id: str
    quantity: int
    amount: int


class RefundOut(OutputModel):
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
