"""Request and response models of the tenant's settings and its stores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, OutputModel
from chalicelib.schemas import (
    MAX_AMOUNT,
    Bps,
    Clearable,
    Locale,
    Money,
    Name,
    OneLine,
    PatchModel,
    Text,
    Timezone,
    Ulid,
)

StoreCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,10}$")]
StorePhone = Annotated[str, StringConstraints(max_length=32), OneLine]


class TenantOut(OutputModel):
    """The tenant's settings."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    name: str = Field(description="The shop's name.", examples=["Électronique Akwa"])
    currency: str = Field(description=docs.CURRENCY, examples=["XAF"])
    timezone: str = Field(
        description="IANA time zone of the tenant's local dates.", examples=["Africa/Douala"]
    )
    locale: str = Field(description="Language of documents.", examples=["fr"])
    country: str | None = Field(
        description="ISO 3166 country of phone and VAT numbers.", examples=["CM"]
    )
    discount_approval_bps: int = Field(
        description=(
            "Manual discounts above this share of the lines at list price "
            "need a MANAGER's approval (basis points)."
        ),
        examples=[1000],
    )
    pending_payment_alert_minutes: int = Field(
        description="A submitted sale unpaid for longer raises PENDING_PAYMENT_TOO_LONG.",
        examples=[60],
    )
    cash_variance_alert: int = Field(
        description="A shift variance at least this large counts toward CASH_VARIANCE (0: off).",
        examples=[0],
    )
    cash_variance_repeat: int = Field(
        default=2,
        description="CASH_VARIANCE needs that many such shifts among a cashier's last 7 closed.",
        examples=[2],
    )
    abnormal_discount_bps: int = Field(
        default=1500,
        description=(
            "A seller whose manual discounts of the last 24 hours exceed this share of their "
            "subtotal raises ABNORMAL_DISCOUNT (basis points)."
        ),
        examples=[1500],
    )
    expiry_alert_days: int = Field(
        default=30,
        description="Lots expiring within this many days raise EXPIRING_LOT.",
        examples=[30],
    )
    delivery_code_required: bool = Field(
        default=False,
        description="A courier must give the customer's 4-digit code to deliver.",
        examples=[False],
    )
    loyalty: dict[str, Any] = Field(
        description="Loyalty settings (`enabled`, `earn_per_amount`, `point_value`, ...).",
        examples=[{"enabled": False}],
    )
    credit: dict[str, Any] = Field(
        description=(
            "Credit settings: `block_when_overdue` refuses new CREDIT payments while an "
            "instalment of the account is past due."
        ),
        examples=[{"block_when_overdue": True}],
    )
    version: int = Field(description=docs.VERSION, examples=[1])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    updated_at: str = Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])


LOYALTY_DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "earn_per_amount": 1000,
    "point_value": 10,
    "min_redeem_points": 0,
    "expiry_days": 365,
}
CREDIT_DEFAULTS: dict[str, Any] = {"block_when_overdue": True}
PositiveAmount = Annotated[int, Field(ge=1, le=MAX_AMOUNT)]


class LoyaltyPatch(PatchModel):
    """Merged into the tenant's loyalty settings field by field (API.md, Loyalty)."""

    enabled: bool | None = None
    earn_per_amount: PositiveAmount | None = None
    point_value: PositiveAmount | None = None
    min_redeem_points: Money | None = None
    expiry_days: Annotated[int, Field(ge=0, le=10 * 366)] | None = None


class CreditSettingsPatch(PatchModel):
    """Merged into the tenant's credit settings field by field."""

    block_when_overdue: bool | None = None


class TenantPatch(PatchModel):
    version: int
    name: Name | None = None
    timezone: Timezone | None = None
    locale: Locale | None = None
    discount_approval_bps: Bps | None = None
    pending_payment_alert_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] | None = None
    cash_variance_alert: Money | None = None
    cash_variance_repeat: Annotated[int, Field(ge=1, le=7)] | None = None
    abnormal_discount_bps: Bps | None = None
    expiry_alert_days: Annotated[int, Field(ge=0, le=366)] | None = None
    delivery_code_required: bool | None = None
    loyalty: LoyaltyPatch | None = None
    credit: CreditSettingsPatch | None = None


class StoreIn(ApiModel):
    """A store (shop, branch or warehouse) of the tenant."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    name: Name = Field(description="The store's name.", examples=["Akwa"])
    code: StoreCode = Field(
        description="Unique code, 2-10 characters A-Z 0-9; starts every receipt number.",
        examples=["AKW"],
    )
    address: Text | None = Field(
        default=None, description="Postal address.", examples=["Rue Joss, Douala"]
    )
    phone: StorePhone | None = Field(
        default=None, description="Phone number.", examples=["+237699000000"]
    )


class StorePatch(PatchModel):
    version: int
    name: Name | None = None
    code: StoreCode | None = None
    address: Clearable[Text] = None
    phone: Clearable[StorePhone] = None


class StoreOut(OutputModel):
    """A store of the tenant."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    name: str = Field(description="The store's name.", examples=["Akwa"])
    code: str = Field(
        description="Unique code; starts every receipt number of the store.", examples=["AKW"]
    )
    address: str | None = Field(description="Postal address.", examples=["Rue Joss, Douala"])
    phone: str | None = Field(description="Phone number.", examples=["+237699000000"])
    version: int = Field(description=docs.VERSION, examples=[1])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    updated_at: str = Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])


class StoreList(OutputModel):
    items: list[StoreOut]
    next_cursor: str | None
