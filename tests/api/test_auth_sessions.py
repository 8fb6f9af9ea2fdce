"""Refresh rotation and reuse, logout, the caller's sessions, password change and lockout."""

from __future__ import annotations

import pytest

from tests.support import PASSWORD, Api, Tenant, add_user

NEW_PASSWORD = "another-long-password"


def _refresh(api: Api, token: str):
    return api.post("/v1/auth/token/refresh", {"refresh_token": token})


def _login(api: Api, email: str, password: str = PASSWORD, agent: str = "pytest"):
    return api.post(
        "/v1/auth/token", {"email": email, "password": password}, headers={"user-agent": agent}
    )


def test_refresh_rotates_the_token(tenant: Tenant) -> None:
    first = _refresh(tenant.api, tenant.refresh_token)
    assert first.status == 200, first
    pair = first.json
    assert pair["refresh_token"] != tenant.refresh_token and pair["token_type"] == "Bearer"
    assert tenant.get("/v1/auth/me", token=pair["access_token"]).status == 200
    assert _refresh(tenant.api, pair["refresh_token"]).status == 200


def test_reusing_a_rotated_token_revokes_the_whole_session(tenant: Tenant) -> None:
    newest = _refresh(tenant.api, tenant.refresh_token).json["refresh_token"]
    reused = _refresh(tenant.api, tenant.refresh_token)
    assert reused.status == 401 and reused.json["code"] == "UNAUTHENTICATED"
    assert reused.headers["Content-Type"] == "application/problem+json"
    assert _refresh(tenant.api, newest).status == 401


def test_garbage_refresh_tokens_are_401(tenant: Tenant) -> None:
    for token in ("x", "nosuchsession.secret", tenant.refresh_token + "x"):
        assert _refresh(tenant.api, token).status == 401, token
    assert tenant.api.post("/v1/auth/token/refresh", {}).status == 422


def test_logout_ends_the_session(tenant: Tenant) -> None:
    assert tenant.api.post("/v1/auth/logout", {"refresh_token": tenant.refresh_token}).status == 204
    assert _refresh(tenant.api, tenant.refresh_token).status == 401
    again = tenant.api.post("/v1/auth/logout", {"refresh_token": tenant.refresh_token})
    assert again.status == 401


def test_sessions_lists_own_live_sessions_and_ends_one(tenant: Tenant) -> None:
    phone = _login(tenant.api, tenant.email, agent="Tecno Spark").json
    listed = tenant.get("/v1/auth/sessions", token=phone["access_token"])
    assert listed.status == 200
    sessions = listed.json["items"]
    assert len(sessions) == 2
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1 and current[0]["user_agent"] == "Tecno Spark"
    assert set(current[0]) == {"id", "created_at", "last_used_at", "ip", "user_agent", "current"}
    other = next(s for s in sessions if not s["current"])
    assert (
        tenant.delete(f"/v1/auth/sessions/{other['id']}", token=phone["access_token"]).status == 204
    )
    assert _refresh(tenant.api, tenant.refresh_token).status == 401
    listed_again = tenant.get("/v1/auth/sessions", token=phone["access_token"]).json["items"]
    assert [s["id"] for s in listed_again] == [current[0]["id"]]
    ended = tenant.delete(f"/v1/auth/sessions/{other['id']}", token=phone["access_token"])
    assert ended.status == 404
    assert tenant.get("/v1/auth/sessions").status == 401


def test_sessions_of_someone_else_are_not_found(tenant: Tenant) -> None:
    colleague = add_user(tenant, "SALES")
    theirs = tenant.get("/v1/auth/sessions", token=colleague.token).json["items"]
    assert tenant.delete(f"/v1/auth/sessions/{theirs[0]['id']}").status == 404
    assert _refresh(tenant.api, colleague.refresh_token).status == 200


def test_change_password_keeps_this_session_and_ends_the_others(tenant: Tenant) -> None:
    other = _login(tenant.api, tenant.email).json
    wrong = tenant.post(
        "/v1/auth/change-password",
        {"current_password": "not-my-password", "new_password": NEW_PASSWORD},
    )
    assert wrong.status == 422 and wrong.json["errors"][0]["field"] == "current_password"
    short = tenant.post(
        "/v1/auth/change-password", {"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status == 422
    changed = tenant.post(
        "/v1/auth/change-password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status == 204, changed
    assert _refresh(tenant.api, other["refresh_token"]).status == 401
    assert _refresh(tenant.api, tenant.refresh_token).status == 200
    assert _login(tenant.api, tenant.email).status == 401
    assert _login(tenant.api, tenant.email, NEW_PASSWORD).status == 200


def test_password_change_is_audited_redacted(tenant: Tenant, drain) -> None:
    tenant.post(
        "/v1/auth/change-password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    _login(tenant.api, tenant.email, "wrong-password-1")
    _login(tenant.api, tenant.email, NEW_PASSWORD)
    drain()
    log = tenant.get(f"/v1/audit-log?entity_id={tenant.admin_id}").json["items"]
    updates = [entry for entry in log if entry["action"] == "UPDATE"]
    assert [entry["changes"] for entry in updates] == [{"password_hash": ["***", "***"]}]


class FrozenClock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import chalicelib.clock
        import chalicelib.identity.lockout

        self.now = chalicelib.clock.epoch()
        for module in (chalicelib.clock, chalicelib.identity.lockout):
            monkeypatch.setattr(module, "epoch", lambda: self.now)


def test_five_failures_lock_the_account_for_15_minutes(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenClock(monkeypatch)
    for _ in range(5):
        failed = _login(tenant.api, tenant.email, "wrong-password")
        assert failed.status == 401 and failed.json["code"] == "INVALID_CREDENTIALS"
    locked = _login(tenant.api, tenant.email)
    assert locked.status == 423 and locked.json["code"] == "ACCOUNT_LOCKED"
    assert locked.headers["Content-Type"] == "application/problem+json"
    clock.now += 14 * 60
    assert _login(tenant.api, tenant.email).status == 423
    clock.now += 61
    assert _login(tenant.api, tenant.email).status == 200
    for _ in range(4):
        assert _login(tenant.api, tenant.email, "wrong-password").status == 401
    assert _login(tenant.api, tenant.email).status == 200
    assert _login(tenant.api, tenant.email, "wrong-password").status == 401
    assert _login(tenant.api, tenant.email).status == 200


def test_unknown_email_and_wrong_password_answer_alike(tenant: Tenant) -> None:
    unknown = _login(tenant.api, "nobody-here@example.cm")
    wrong = _login(tenant.api, tenant.email, "wrong-password")
    assert (unknown.status, unknown.json["code"], unknown.json["detail"]) == (
        wrong.status,
        wrong.json["code"],
        wrong.json["detail"],
    )
