"""Request and response models of refresh, logout, sessions, password change and users."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

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
    id: Ulid | None = None
    email: Email
    password: Password
    full_name: Name
    role: Role
    store_ids: StoreIds = []
    active: bool = True


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
