"""Request and response models of sign-up, login, the tenant and its stores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, QueryModel
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    MAX_AMOUNT,
    Bps,
    Clearable,
    Country,
    Currency,
    Email,
    Limit,
    Locale,
    Money,
    Name,
    OneLine,
    Password,
    PatchModel,
    Text,
    Timezone,
    Ulid,
)

StoreCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,10}$")]
StorePhone = Annotated[str, StringConstraints(max_length=32), OneLine]


class AdminIn(ApiModel):
    """The tenant's first ADMIN user."""

    email: Email = Field(
        description="Login e-mail, unique across the platform.", examples=["awa@akwa.cm"]
    )
    password: Password = Field(
        description="At least 10 characters.", examples=["correct-horse-battery"]
    )
    full_name: Name = Field(description="The person's name.", examples=["Awa Ndiaye"])


class SignUpIn(ApiModel):
    """A new tenant (the shop) and its first ADMIN."""

    name: Name = Field(description="The shop's name.", examples=["Électronique Akwa"])
    currency: Currency = Field(
        default="XAF",
        description=(
            "ISO 4217 currency of every amount; its minor unit comes from "
            "it (XAF 0 decimals, EUR 2)."
        ),
        examples=["XAF"],
    )
    timezone: Timezone = Field(
        default="Africa/Douala",
        description="IANA time zone: dates in filters and reports are local to it.",
        examples=["Africa/Douala"],
    )
    locale: Locale = Field(
        default="fr",
        description="Language of receipts, statements and dashboards.",
        examples=["fr"],
    )
    country: Country = Field(
        default="CM",
        description="ISO 3166 country: phone and VAT numbers are read for it.",
        examples=["CM"],
    )
    admin: AdminIn = Field(description="The tenant's first ADMIN.")


class LoginIn(ApiModel):
    """E-mail and password of a user."""

    email: Email = Field(description="The user's login e-mail.", examples=["awa@akwa.cm"])
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)] = Field(
        description="The user's password (5 failures in a row lock the account 15 minutes).",
        examples=["correct-horse-battery"],
    )


class TenantOut(BaseModel):
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
    loyalty: dict[str, Any] = Field(
        description="Loyalty settings (`enabled`, `earn_per_amount`, `point_value`, ...).",
        examples=[{"enabled": False}],
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
PositiveAmount = Annotated[int, Field(ge=1, le=MAX_AMOUNT)]


class LoyaltyPatch(PatchModel):
    """Merged into the tenant's loyalty settings field by field (API.md, Loyalty)."""

    enabled: bool | None = None
    earn_per_amount: PositiveAmount | None = None
    point_value: PositiveAmount | None = None
    min_redeem_points: Money | None = None
    expiry_days: Annotated[int, Field(ge=0, le=10 * 366)] | None = None


class TenantPatch(PatchModel):
    version: int
    name: Name | None = None
    timezone: Timezone | None = None
    locale: Locale | None = None
    discount_approval_bps: Bps | None = None
    pending_payment_alert_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] | None = None
    cash_variance_alert: Money | None = None
    loyalty: LoyaltyPatch | None = None


class UserOut(BaseModel):
    """A user of the tenant; never shows password material."""

    id: str = Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])
    email: str = Field(description="Login e-mail.", examples=["awa@akwa.cm"])
    full_name: str = Field(description="The person's name.", examples=["Awa Ndiaye"])
    role: str = Field(
        description="ADMIN, MANAGER, SALES, CASHIER, STOCKER, COURIER or VIEWER.",
        examples=["CASHIER"],
    )
    store_ids: list[str] = Field(
        description="The stores the user works in (an ADMIN works in every store).",
        examples=[[docs.ULID_EXAMPLE]],
    )
    active: bool = Field(
        description="An inactive user can no longer log in or call the API.", examples=[True]
    )
    version: int = Field(description=docs.VERSION, examples=[1])
    created_at: str = Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])
    updated_at: str = Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])


class TokenPair(BaseModel):
    """An access token (15 minutes) and the refresh token that renews it (30 days)."""

    access_token: str = Field(description="Bearer token for `Authorization` (15 minutes).")
    refresh_token: str = Field(
        description=(
            "Exchanged for a new pair at `POST /v1/auth/token/refresh` (30 days, single use)."
        )
    )
    token_type: str = Field(default="Bearer", description="Always `Bearer`.", examples=["Bearer"])
    expires_in: int = Field(description="Seconds the access token lives.", examples=[900])


class SignUpOut(TokenPair):
    tenant: TenantOut
    user: UserOut


class MeOut(BaseModel):
    user: UserOut
    tenant: TenantOut


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


class StoreOut(BaseModel):
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


class StoreList(BaseModel):
    items: list[StoreOut]
    next_cursor: str | None


class AssignUsersIn(ApiModel):
    user_ids: Annotated[list[Ulid], Field(min_length=1, max_length=90)]


class AssignUsersOut(BaseModel):
    store_id: str
    user_ids: list[str]


class ListQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
