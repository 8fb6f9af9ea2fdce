"""Rate limits of login, refresh and sign-up (API.md): 429 RATE_LIMITED with Retry-After,
counted in the table per e-mail, client IP and session, with small limits set per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.db import keys
from chalicelib.identity import rate_limits
from tests.support import PASSWORD, Api, Tenant, changed_settings, sign_up, unique

_windows = itertools.count(1)


class Clock:
    """The rate limits' clock, in a window of its own (other tests share the client IP)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 4_000_000_000 + next(_windows) * 2 * rate_limits.HOUR + 10
        monkeypatch.setattr(rate_limits, "epoch", lambda: self.now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def limits(request: pytest.FixtureRequest) -> Iterator[None]:
    with changed_settings(**request.param):
        yield


def _login(api: Api, email: str, password: str = PASSWORD) -> Any:
    return api.post("/v1/auth/token", {"email": email, "password": password})


def _assert_limited(reply: Any, longest: int) -> None:
    assert reply.status == 429, reply
    assert reply.json["code"] == "RATE_LIMITED"
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert 1 <= int(reply.headers["Retry-After"]) <= longest


@pytest.mark.parametrize("limits", [{"RATE_LIMIT_LOGIN_PER_EMAIL": "2"}], indirect=True)
def test_logins_per_email_are_limited_and_not_counted_as_failures(
    tenant: Tenant, clock: Clock, limits: None
) -> None:
    assert [_login(tenant.api, tenant.email, "wrong-password").status for _ in range(2)] == [
        401,
        401,
    ]
    for _ in range(5):
        _assert_limited(_login(tenant.api, tenant.email, "wrong-password"), 60)
    _assert_limited(_login(tenant.api, tenant.email), 60)
    neighbour = sign_up(tenant.api)
    assert _login(tenant.api, neighbour.email).status == 200
    clock.now += 60
    assert _login(tenant.api, tenant.email).status == 200


@pytest.mark.parametrize("limits", [{"RATE_LIMIT_LOGIN_PER_EMAIL": "2"}], indirect=True)
def test_the_count_lives_in_the_table(stack: Any, tenant: Tenant, clock: Clock, limits: None):
    _login(tenant.api, tenant.email)
    _login(tenant.api, tenant.email.upper())
    window = clock.now - clock.now % 60
    item = stack.dynamodb.get_item(
        TableName=stack.app_module.settings.table_name,
        Key={
            "pk": {"S": keys.rate_limit_pk("LOGIN_PER_EMAIL", tenant.email)},
            "sk": {"S": keys.rate_window_sk(window)},
        },
        ConsistentRead=True,
    )["Item"]
    assert item["hits"] == {"N": "2"} and item["expires_at"] == {"N": str(window + 60)}


@pytest.mark.parametrize(
    "limits", [{"RATE_LIMIT_LOGIN_PER_IP": "3", "RATE_LIMIT_LOGIN_PER_EMAIL": "0"}], indirect=True
)
def test_logins_per_client_ip_are_limited(api: Api, clock: Clock, limits: None) -> None:
    tenants = [sign_up(api) for _ in range(4)]
    assert [_login(api, t.email).status for t in tenants[:3]] == [200, 200, 200]
    _assert_limited(_login(api, tenants[3].email), 60)
    clock.now += 60
    assert _login(api, tenants[3].email).status == 200


@pytest.mark.parametrize("limits", [{"RATE_LIMIT_REFRESH_PER_SESSION": "2"}], indirect=True)
def test_refreshes_per_session_are_limited(tenant: Tenant, clock: Clock, limits: None) -> None:
    token = tenant.refresh_token
    for _ in range(2):
        reply = tenant.api.post("/v1/auth/token/refresh", {"refresh_token": token})
        assert reply.status == 200, reply
        token = reply.json["refresh_token"]
    _assert_limited(tenant.api.post("/v1/auth/token/refresh", {"refresh_token": token}), 60)
    other = _login(tenant.api, tenant.email).json["refresh_token"]
    assert tenant.api.post("/v1/auth/token/refresh", {"refresh_token": other}).status == 200
    clock.now += 60
    assert tenant.api.post("/v1/auth/token/refresh", {"refresh_token": token}).status == 200


@pytest.mark.parametrize("limits", [{"RATE_LIMIT_SIGNUP_PER_IP": "2"}], indirect=True)
def test_sign_ups_per_client_ip_are_limited_by_the_hour(
    api: Api, clock: Clock, limits: None
) -> None:
    sign_up(api)
    sign_up(api)
    email = f"{unique('late')}@example.cm"
    refused = api.post(
        "/v1/tenants",
        {"name": "Late", "admin": {"email": email, "password": PASSWORD, "full_name": "Awa"}},
    )
    _assert_limited(refused, 3600)
    assert _login(api, email).status == 401
    clock.now += 3600
    assert sign_up(api, email=email).email == email


@pytest.mark.parametrize(
    "limits", [{"RATE_LIMIT_LOGIN_PER_EMAIL": "0", "RATE_LIMIT_LOGIN_PER_IP": "0"}], indirect=True
)
def test_a_limit_of_zero_is_off(tenant: Tenant, clock: Clock, limits: None) -> None:
    assert {_login(tenant.api, tenant.email).status for _ in range(12)} == {200}
