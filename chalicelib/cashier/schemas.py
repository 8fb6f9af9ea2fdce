"""Request and response models of cash shifts, drawer movements and payments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from chalicelib import schema_docs as docs
from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, OutputModel, QueryModel
from chalicelib.periods import PeriodQuery
from chalicelib.sales import SaleOut
from chalicelib.schemas import DEFAULT_LIMIT, MAX_AMOUNT, Limit, Money, OneLine, PlainText, Ulid

Amount = Annotated[int, Field(gt=0, le=MAX_AMOUNT)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText]
PaymentMethod = Literal["CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER", "CREDIT", "LOYALTY"]
TILL_METHODS = ("CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER")
ShiftStatus = Literal["OPEN", "CLOSED"]


class ShiftIn(ApiModel):
    """Opens the caller's cash shift in a store (one open shift per cashier and store)."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    store_id: Ulid = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    opening_float: Money = Field(
        default=0, description="Cash in the drawer at opening.", examples=[20000]
    )


class ShiftCloseIn(ApiModel):
    """Closes a shift with the cash counted in the drawer."""

    counted_cash: Money = Field(
        description="Cash counted in the drawer at closing.", examples=[25500]
    )


class ShiftMovementIn(ApiModel):
    """Cash put in or taken out of the drawer during a shift."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    type: Literal["PAY_IN", "PAY_OUT"] = Field(
        description=(
            "PAY_IN puts cash in; PAY_OUT takes it out (never more than the expected cash: 422)."
        ),
        examples=["PAY_OUT"],
    )
    amount: Amount = Field(description="Cash moved.", examples=[1000])
    reason: Reason | None = Field(default=None, description="Why.", examples=["Transport"])


class MethodTotals(OutputModel):
    CASH: int
    MOBILE_MONEY: int
    CARD: int
    BANK_TRANSFER: int
    CREDIT: int = Field(description="Charged to customers' credit accounts (no cash).")
    LOYALTY: int = Field(default=0, description="Paid with customers' loyalty points (no cash).")


class ShiftOut(OutputModel):
    """A cash shift with its running totals."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    store_id: str = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    cashier_id: str = Field(
        description="The cashier (or courier) whose drawer it is.", examples=[docs.ULID_EXAMPLE]
    )
    status: ShiftStatus = Field(description="OPEN or CLOSED.", examples=["OPEN"])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    opening_float: int = Field(description="Cash in the drawer at opening.", examples=[20000])
    opened_at: str = Field(description="When it opened.", examples=[docs.TIME_EXAMPLE])
    closed_at: str | None = Field(description="When it closed.")
    closed_by: str | None = Field(description="Who closed it.")
    totals: MethodTotals = Field(description="Payments taken per method.")
    payments_count: int = Field(description="Payments taken.", examples=[3])
    change_given: int = Field(description="Change handed back on cash payments.", examples=[1000])
    cash_refunds: int = Field(
        description="Cash paid back for refunds and cancellations.", examples=[0]
    )
    pay_ins: int = Field(description="Cash put in (PAY_IN).", examples=[3000])
    pay_outs: int = Field(description="Cash taken out (PAY_OUT).", examples=[1000])
    credit_repayments: int = Field(
        description="Cash taken for credit accounts (repayments), apart from sales.", examples=[0]
    )
    expected_cash: int = Field(
        description=(
            "What the drawer should hold: float + cash taken - cash refunded + pay-ins - pay-outs"
            " + cash credit repayments."
        ),
        examples=[26000],
    )
    counted_cash: int | None = Field(description="Cash counted at closing.")
    variance: int | None = Field(description="counted_cash - expected_cash, once closed.")
    version: int = Field(description=docs.VERSION, examples=[1])


class ShiftList(OutputModel):
    items: list[ShiftOut]
    next_cursor: str | None


class ShiftMovementOut(OutputModel):
    id: str
    shift_id: str
    type: str
    amount: int
    reason: str | None
    created_at: str
    created_by: str | None


class ShiftQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    store_id: Ulid | None = None
    status: ShiftStatus | None = None


class PaymentIn(ApiModel):
    """A payment toward a submitted sale, taken in the cashier's open shift."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    sale_id: Ulid = Field(description="The sale (ULID).", examples=[docs.ULID_EXAMPLE])
    method: PaymentMethod = Field(description="How the customer pays.", examples=["CASH"])
    amount: Amount = Field(
        description="What is paid toward the balance due (at most the balance: 422).",
        examples=[85000],
    )
    tendered: Money | None = Field(
        default=None,
        description="CASH only: what the customer handed over; change is computed.",
        examples=[90000],
    )
    reference: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
        ]
        | None
    ) = Field(
        default=None, description="The operator's transaction id (required for MOBILE_MONEY)."
    )

    @model_validator(mode="after")
    def _method_fields(self) -> PaymentIn:
        if self.tendered is not None and self.method != "CASH":
            raise FieldValueError("tendered", "for CASH payments only")
        if self.tendered is not None and self.tendered < self.amount:
            raise FieldValueError("tendered", "must cover the amount")
        if self.method == "MOBILE_MONEY" and self.reference is None:
            raise FieldValueError("reference", "MOBILE_MONEY payments need the operator's one")
        return self


class PaymentOut(OutputModel):
    """A payment taken for a sale."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    sale_id: str = Field(description="The sale (ULID).", examples=[docs.ULID_EXAMPLE])
    store_id: str = Field(description="The store (ULID).", examples=[docs.ULID_EXAMPLE])
    shift_id: str = Field(description="The cash shift (ULID).", examples=[docs.ULID_EXAMPLE])
    method: str = Field(description="How the customer paid.", examples=["CASH"])
    amount: int = Field(description="What was paid toward the sale.", examples=[85000])
    tendered: int | None = Field(description="Cash handed over (CASH).", examples=[90000])
    change: int = Field(description="Change given back.", examples=[5000])
    reference: str | None = Field(description="The operator's transaction id.")
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    created_by: str | None = Field(
        description="The cashier who took it.", examples=[docs.ULID_EXAMPLE]
    )


class PaymentCreated(OutputModel):
    payment: PaymentOut
    sale: SaleOut


class PaymentList(OutputModel):
    items: list[PaymentOut]
    next_cursor: str | None


class PaymentQuery(PeriodQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    sale_id: Ulid | None = None
    shift_id: Ulid | None = None
    store_id: Ulid | None = None
    method: PaymentMethod | None = None
