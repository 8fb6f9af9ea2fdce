"""Request and response models of refresh, logout, sessions, password change and users."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.auth.permissions import Role
from chalicelib.http import ApiModel
from chalicelib.schemas import Email, Name, Password, PatchModel, Ulid
from chalicelib.tenancy.schemas import UserOut

RefreshToken = Annotated[str, StringConstraints(min_length=1, max_length=512)]
StoreIds = Annotated[list[Ulid], Field(max_length=50)]


class RefreshIn(ApiModel):
    refresh_token: RefreshToken


class ChangePasswordIn(ApiModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Password


class SessionOut(BaseModel):
    id: str
    created_at: str
    last_used_at: str
    ip: str | None
    user_agent: str | None
    current: bool


class SessionList(BaseModel):
    items: list[SessionOut]
    next_cursor: str | None


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


class UserList(BaseModel):
    items: list[UserOut]
    next_cursor: str | None
