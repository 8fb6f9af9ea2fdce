"""Request and response models of sign-up, login, refresh, logout, sessions, password change,
the tenant's users and their stores."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.auth.permissions import Role
from chalicelib.http import ApiModel, OutputModel
from chalicelib.schemas import (
    Country,
    CreatedAt,
    Currency,
    Email,
    Locale,
    Name,
    NextCursor,
    ObjectId,
    Password,
    PatchModel,
    Timezone,
    Ulid,
    UpdatedAt,
    Version,
)
from chalicelib.tenancy import TenantOut


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


class UserOut(OutputModel):
    """A user of the tenant; never shows password material."""

    id: ObjectId
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
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class TokenPair(OutputModel):
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


class MeOut(OutputModel):
    user: UserOut
    tenant: TenantOut


class AssignUsersIn(ApiModel):
    user_ids: Annotated[list[Ulid], Field(min_length=1, max_length=90)]


class AssignUsersOut(OutputModel):
    store_id: str
    user_ids: list[str]


RefreshToken = Annotated[str, StringConstraints(min_length=1, max_length=512)]
StoreIds = Annotated[list[Ulid], Field(max_length=50)]


class RefreshIn(ApiModel):
    refresh_token: RefreshToken


class ChangePasswordIn(ApiModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Password


class SessionOut(OutputModel):
    id: str
    created_at: str
    last_used_at: str
    ip: str | None
    user_agent: str | None
    current: bool


class SessionList(OutputModel):
    """A page of sessions."""

    items: list[SessionOut]
    next_cursor: NextCursor


class UserIn(ApiModel):
    """A new user; ADMIN only."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    email: Email = Field(
        description="Login e-mail, unique across the platform.", examples=["paul@akwa.cm"]
    )
    password: Password = Field(
        description="At least 10 characters.", examples=["correct-horse-battery"]
    )
    full_name: Name = Field(description="The person's name.", examples=["Paul Ekambi"])
    role: Role = Field(
        description="What the user may do (see Roles in the API contract).", examples=["CASHIER"]
    )
    store_ids: StoreIds = Field(
        default=[],
        description="The stores the user works in (an ADMIN works in every store).",
        examples=[[docs.ULID_EXAMPLE]],
    )
    active: bool = Field(
        default=True, description="An inactive user cannot log in.", examples=[True]
    )


class UserPatch(PatchModel):
    version: int
    email: Email | None = None
    full_name: Name | None = None
    role: Role | None = None
    store_ids: StoreIds | None = None
    active: bool | None = None


class UserList(OutputModel):
    """A page of users."""

    items: list[UserOut]
    next_cursor: NextCursor
