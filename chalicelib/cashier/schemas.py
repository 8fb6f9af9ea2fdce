"""Request and response models of cash shifts, drawer movements and payments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, QueryModel
from chalicelib.periods import PeriodQuery
from chalicelib.sales.schemas import SaleOut
from chalicelib.schemas import DEFAULT_LIMIT, MAX_AMOUNT, Limit, Money, OneLine, PlainText, Ulid

Amount = Annotated[int, Field(gt=0, le=MAX_AMOUNT)]
PaymentMethod = Literal["CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER", "CREDIT", "LOYALTY"]
TILL_METHODS = ("CASH", "MOBILE_MONEY", "CARD", "BANK_TRANSFER")
ShiftStatus = Literal["OPEN", "CLOSED"]


class ShiftIn(ApiModel):
    id: Ulid | None = None
    store_id: Ulid
    opening_float: Money = 0


class ShiftCloseIn(ApiModel):
    counted_cash: Money


class ShiftMovementIn(ApiModel):
    id: Ulid | None = None
    type: Literal["PAY_IN", "PAY_OUT"]
    amount: Amount
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500), PlainText] | None = None


class MethodTotals(BaseModel):
    CASH: int
    MOBILE_MONEY: int
    CARD: int
    BANK_TRANSFER: int


class ShiftOut(BaseModel):
    id: str
    store_id: str
    cashier_id: str
    status: ShiftStatus
    currency: str
    opening_float: int
    opened_at: str
    closed_at: str | None
    closed_by: str | None
    totals: MethodTotals
    payments_count: int
    change_given: int
    cash_refunds: int
    pay_ins: int
    pay_outs: int
    expected_cash: int
    counted_cash: int | None
    variance: int | None
    version: int


class ShiftList(BaseModel):
    items: list[ShiftOut]
    next_cursor: str | None


class ShiftMovementOut(BaseModel):
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
    id: Ulid | None = None
    sale_id: Ulid
    method: PaymentMethod
    amount: Amount
    tendered: Money | None = None
    reference: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _method_fields(self) -> PaymentIn:
        if self.tendered is not None and self.method != "CASH":
            raise FieldValueError("tendered", "for CASH payments only")
        if self.tendered is not None and self.tendered < self.amount:
            raise FieldValueError("tendered", "must cover the amount")
        if self.method == "MOBILE_MONEY" and self.reference is None:
            raise FieldValueError("reference", "MOBILE_MONEY payments need the operator's one")
        return self


class PaymentOut(BaseModel):
    id: str
    sale_id: str
    store_id: str
    shift_id: str
    method: str
    amount: int
    tendered: int | None
    change: int
    reference: str | None
    currency: str
    created_at: str
    created_by: str | None


class PaymentCreated(BaseModel):
    payment: PaymentOut
    sale: SaleOut


class PaymentList(BaseModel):
    items: list[PaymentOut]
    next_cursor: str | None


class PaymentQuery(PeriodQuery):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    sale_id: Ulid | None = None
    shift_id: Ulid | None = None
    store_id: Ulid | None = None
    method: PaymentMethod | None = None
