"""Test helpers: a JSON client over chalice.test.Client and tenant factories."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    from chalicelib.clock import new_id

    return f"{prefix}-{next(_counter)}-{new_id()[-8:].lower()}"


@contextmanager
def changed_settings(**values: str) -> Iterator[None]:
    """Run with these settings (environment names, e.g. ACCESS_CHECK_SECONDS="0"), then restore.

    The settings are read again at once: chalice.test.Client runs each request with the
    environment of .chalice/config.json's stage, which must not become the settings.
    """
    from chalicelib.config import get_settings

    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    get_settings.cache_clear()
    get_settings()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        get_settings()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.body[:300]!r})"


def outgoing(
    json_body: Any, token: str | None, headers: dict[str, str] | None, body: bytes | str | None
) -> tuple[dict[str, str], bytes | str | None]:
    """The headers and body a JSON client sends: `body` as given, else `json_body` encoded."""
    sent = {"content-type": "application/json", **(headers or {})}
    if token:
        sent["authorization"] = f"Bearer {token}"
    if body is not None:
        return sent, body
    return sent, json.dumps(json_body) if json_body is not None else None


class Api:
    """Calls the app in-process the way API Gateway would, with JSON bodies."""

    def __init__(self, chalice_client: Any) -> None:
        self._http = chalice_client.http

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> Reply:
        sent, payload = outgoing(json_body, token, headers, body)
        response = getattr(self._http, method.lower())(path, headers=sent, body=payload or b"")
        return Reply(response.status_code, dict(response.headers), response.body)

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, json_body=json_body, **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("PATCH", path, json_body=json_body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.request("DELETE", path, **kwargs)


class HttpApi(Api):
    """The same JSON client over real HTTP (urllib), safe to share between threads."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> Reply:
        import urllib.error
        import urllib.request

        sent, payload = outgoing(json_body, token, headers, body)
        data = payload.encode() if isinstance(payload, str) else payload
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=sent, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())


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

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.api.get(path, token=kwargs.pop("token", self.token), **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.api.post(path, json_body, token=kwargs.pop("token", self.token), **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.api.patch(path, json_body, token=kwargs.pop("token", self.token), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.api.delete(path, token=kwargs.pop("token", self.token), **kwargs)


def import_csv(tenant: Tenant, text: str) -> Reply:
    """POST a CSV file to the product import as the tenant's ADMIN."""
    return tenant.api.request(
        "POST",
        "/v1/products/import",
        body=text.encode(),
        token=tenant.token,
        headers={"content-type": "text/csv"},
    )


def sign_up(api: Api, name: str = "Boutique", **overrides: Any) -> Tenant:
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


@dataclass
class User:
    """A user of a tenant, created by its ADMIN through the API, and logged in."""

    id: str
    email: str
    token: str
    refresh_token: str = ""
    role: str = ""
    store_ids: tuple[str, ...] = ()


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
