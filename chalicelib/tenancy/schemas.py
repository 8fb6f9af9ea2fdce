"""Request and response models of sign-up, login, the tenant and its stores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

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
    email: Email
    password: Password
    full_name: Name


class SignUpIn(ApiModel):
    name: Name
    currency: Currency = "XAF"
    timezone: Timezone = "Africa/Douala"
    locale: Locale = "fr"
    country: Country = "CM"
    admin: AdminIn


class LoginIn(ApiModel):
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TenantOut(BaseModel):
    id: str
    name: str
    currency: str
    timezone: str
    locale: str
    country: str | None
    discount_approval_bps: int
    pending_payment_alert_minutes: int
    cash_variance_alert: int
    loyalty: dict[str, Any]
    version: int
    created_at: str
    updated_at: str


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
    id: str
    email: str
    full_name: str
    role: str
    store_ids: list[str]
    active: bool
    version: int
    created_at: str
    updated_at: str


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int


class SignUpOut(TokenPair):
    tenant: TenantOut
    user: UserOut


class MeOut(BaseModel):
    user: UserOut
    tenant: TenantOut


class StoreIn(ApiModel):
    id: Ulid | None = None
    name: Name
    code: StoreCode
    address: Text | None = None
    phone: StorePhone | None = None


class StorePatch(PatchModel):
    version: int
    name: Name | None = None
    code: StoreCode | None = None
    address: Clearable[Text] = None
    phone: Clearable[StorePhone] = None


class StoreOut(BaseModel):
    id: str
    name: str
    code: str
    address: str | None
    phone: str | None
    version: int
    created_at: str
    updated_at: str


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
