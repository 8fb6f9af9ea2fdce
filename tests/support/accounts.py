"""Tenants and their users, made through the API: sign-up, users per role and stores, logins."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.support.client import Api, Reply

if TYPE_CHECKING:
    from chalicelib.auth.principal import Principal

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    from chalicelib.clock import new_id

    return f"{prefix}-{next(_counter)}-{new_id()[-8:].lower()}"


@dataclass
class User:
    """A user of a tenant, created by its ADMIN through the API, and logged in."""

    id: str
    email: str
    token: str
    refresh_token: str = ""
    role: str = ""
    store_ids: tuple[str, ...] = ()


@dataclass
class Tenant:
    """A signed-up tenant: its id, admin credentials and token."""

    id: str
    admin_id: str
    email: str
    token: str
    refresh_token: str
    api: Api
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def admin(self) -> User:
        """The ADMIN who signed the tenant up, as one of its users."""
        return User(self.admin_id, self.email, self.token, self.refresh_token, "ADMIN")

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.api.get(path, token=kwargs.pop("token", self.token), **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.api.post(path, json_body, token=kwargs.pop("token", self.token), **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.api.patch(path, json_body, token=kwargs.pop("token", self.token), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.api.delete(path, token=kwargs.pop("token", self.token), **kwargs)


def sign_up(api: Api, name: str = "Boutique", **overrides: Any) -> Tenant:
    """POST /v1/tenants: a new tenant in XAF at Douala, its ADMIN logged in."""
    email = overrides.pop("email", None) or f"{unique('admin')}@example.cm"
    body = {
        "name": name,
        "currency": "XAF",
        "timezone": "Africa/Douala",
        "locale": "fr",
        "admin": {"email": email, "password": PASSWORD, "full_name": "Awa Admin"},
        **overrides,
    }
    reply = api.post("/v1/tenants", body)
    assert reply.status == 201, reply
    data = reply.json
    return Tenant(
        id=data["tenant"]["id"],
        admin_id=data["user"]["id"],
        email=email,
        token=data["access_token"],
        refresh_token=data["refresh_token"],
        api=api,
    )


def add_user(tenant: Tenant, role: str, store_ids: tuple[str, ...] | list[str] = ()) -> User:
    """Create a user of `role` in `tenant` (POST /v1/users) and log them in."""
    email = f"{unique(role.lower())}@example.cm"
    created = tenant.post(
        "/v1/users",
        {
            "email": email,
            "password": PASSWORD,
            "full_name": f"{role.title()} User",
            "role": role,
            "store_ids": list(store_ids),
        },
    )
    assert created.status == 201, created
    login = tenant.api.post("/v1/auth/token", {"email": email, "password": PASSWORD})
    assert login.status == 200, login
    return User(
        id=created.json["id"],
        email=email,
        token=login.json["access_token"],
        refresh_token=login.json["refresh_token"],
        role=role,
        store_ids=tuple(store_ids),
    )


def principal(tenant: Tenant, user: User | None = None, role: str | None = None) -> Principal:
    """Who a service call acts as: `user` (the ADMIN by default), in `role` if given."""
    from chalicelib.auth.principal import Principal

    acting = user or tenant.admin
    return Principal(tenant.id, acting.id, role or acting.role, acting.store_ids)
