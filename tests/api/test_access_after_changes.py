"""Access tokens already issued follow the table within 60 s (API.md, public routes): a deleted,
deactivated, demoted or moved user and an ended session lose access on every route."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from chalicelib.auth import keys
from chalicelib.identity.access import CACHE
from tests.support import PASSWORD, Tenant, User, add_store, add_user, changed_settings


@pytest.fixture
def fresh_checks() -> Iterator[None]:
    """Every request reads its session and user again (the cache period set to 0)."""
    CACHE.clear()
    with changed_settings(ACCESS_CHECK_SECONDS="0"):
        yield
    CACHE.clear()


def _manager(tenant: Tenant) -> User:
    return add_user(tenant, "MANAGER", [add_store(tenant, "Store MGR", "MGR")["id"]])


def _create_brand(tenant: Tenant, token: str, name: str) -> Any:
    return tenant.post("/v1/brands", {"name": name}, token=token)


def _version(tenant: Tenant, user_id: str) -> int:
    return int(tenant.get(f"/v1/users/{user_id}").json["version"])


def test_a_deleted_manager_loses_access_at_once(tenant: Tenant, fresh_checks: None) -> None:
    manager = _manager(tenant)
    assert _create_brand(tenant, manager.token, "Tecno").status == 201
    assert tenant.delete(f"/v1/users/{manager.id}").status == 204
    refused = _create_brand(tenant, manager.token, "Itel")
    assert refused.status == 401 and refused.json["code"] == "UNAUTHENTICATED"
    assert tenant.get("/v1/brands", token=manager.token).status == 401
    assert [b["name"] for b in tenant.get("/v1/brands").json["items"]] == ["Tecno"]


def test_a_manager_demoted_to_viewer_reads_but_no_longer_writes(
    tenant: Tenant, fresh_checks: None
) -> None:
    manager = _manager(tenant)
    demoted = tenant.patch(
        f"/v1/users/{manager.id}", {"version": _version(tenant, manager.id), "role": "VIEWER"}
    )
    assert demoted.status == 200, demoted
    refused = _create_brand(tenant, manager.token, "Itel")
    assert refused.status == 403 and refused.json["code"] == "FORBIDDEN"
    assert tenant.get("/v1/brands", token=manager.token).status == 200
    assert tenant.get("/v1/brands").json["items"] == []


def test_a_deactivated_user_loses_access(tenant: Tenant, fresh_checks: None) -> None:
    seller = add_user(tenant, "SALES")
    assert tenant.get("/v1/auth/me", token=seller.token).status == 200
    tenant.patch(
        f"/v1/users/{seller.id}", {"version": _version(tenant, seller.id), "active": False}
    )
    assert tenant.get("/v1/auth/me", token=seller.token).status == 401


def test_a_user_moved_to_another_store_leaves_the_first(tenant: Tenant, fresh_checks: None) -> None:
    first = add_store(tenant, "Store ONE", "ONE")["id"]
    second = add_store(tenant, "Store TWO", "TWO")["id"]
    stocker = add_user(tenant, "STOCKER", [first])
    assert tenant.get(f"/v1/stock?store_id={first}", token=stocker.token).status == 200
    assert tenant.get(f"/v1/stock?store_id={second}", token=stocker.token).status == 403
    moved = tenant.patch(
        f"/v1/users/{stocker.id}", {"version": _version(tenant, stocker.id), "store_ids": [second]}
    )
    assert moved.status == 200, moved
    assert tenant.get(f"/v1/stock?store_id={first}", token=stocker.token).status == 403
    assert tenant.get(f"/v1/stock?store_id={second}", token=stocker.token).status == 200


def test_logout_ends_the_access_token_too(tenant: Tenant, fresh_checks: None) -> None:
    assert tenant.api.post("/v1/auth/logout", {"refresh_token": tenant.refresh_token}).status == 204
    assert tenant.get("/v1/auth/me").status == 401


def test_an_ended_session_ends_its_access_token(tenant: Tenant, fresh_checks: None) -> None:
    login = tenant.api.post("/v1/auth/token", {"email": tenant.email, "password": PASSWORD})
    phone = login.json["access_token"]
    sessions = tenant.get("/v1/auth/sessions", token=phone).json["items"]
    laptop = next(s["id"] for s in sessions if not s["current"])
    assert tenant.delete(f"/v1/auth/sessions/{laptop}", token=phone).status == 204
    assert tenant.get("/v1/auth/me").status == 401
    assert tenant.get("/v1/auth/me", token=phone).status == 200


def test_changing_the_password_ends_the_other_sessions_access(
    tenant: Tenant, fresh_checks: None
) -> None:
    login = tenant.api.post("/v1/auth/token", {"email": tenant.email, "password": PASSWORD})
    other = login.json["access_token"]
    changed = tenant.post(
        "/v1/auth/change-password",
        {"current_password": PASSWORD, "new_password": "another-long-password"},
    )
    assert changed.status == 204, changed
    assert tenant.get("/v1/auth/me", token=other).status == 401
    assert tenant.get("/v1/auth/me").status == 200


def test_the_role_in_the_token_is_not_trusted(tenant: Tenant, fresh_checks: None) -> None:
    viewer = add_user(tenant, "VIEWER")
    claims = jwt.decode(viewer.token, options={"verify_signature": False})
    ring = keys.key_ring()
    promoted = jwt.encode(
        {**claims, "role": "ADMIN"},
        ring.signing_key,
        algorithm="ES256",
        headers={"kid": ring.active_kid},
    )
    assert tenant.get("/v1/users", token=promoted).status == 403


def test_a_container_reads_a_session_once_per_period(tenant: Tenant) -> None:
    CACHE.clear()
    manager = _manager(tenant)
    with changed_settings(ACCESS_CHECK_SECONDS="60"):
        before = CACHE.reads
        for _ in range(3):
            assert tenant.get("/v1/brands", token=manager.token).status == 200
        assert CACHE.reads == before + 1
        tenant.patch(
            f"/v1/users/{manager.id}", {"version": _version(tenant, manager.id), "role": "VIEWER"}
        )
        CACHE.clear()
        assert _create_brand(tenant, manager.token, "Itel").status == 403
