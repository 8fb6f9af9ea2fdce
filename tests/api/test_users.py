"""Users CRUD (ADMIN): unique e-mails, stores of the tenant, last-ADMIN protection."""

from __future__ import annotations

from tests.support import PASSWORD, Tenant, add_store, add_user, unique


def _new_user(tenant: Tenant, role: str = "CASHIER", **extra: object) -> dict:
    body = {
        "email": f"{unique('u')}@example.cm",
        "password": PASSWORD,
        "full_name": "Ewane",
        "role": role,
        **extra,
    }
    reply = tenant.post("/v1/users", body)
    assert reply.status == 201, reply
    return reply.json


def test_add_user_helper_gives_a_working_login(tenant: Tenant) -> None:
    store = add_store(tenant, "Akwa", "AKW")
    cashier = add_user(tenant, "CASHIER", [store["id"]])
    me = tenant.get("/v1/auth/me", token=cashier.token)
    assert me.status == 200, me
    assert me.json["user"]["role"] == "CASHIER"
    assert me.json["user"]["store_ids"] == [store["id"]]
    assert me.json["user"]["email"] == cashier.email


def test_user_lifecycle_never_shows_password_material(tenant: Tenant) -> None:
    store = add_store(tenant, "Akwa", "AKW")
    created = _new_user(tenant, "SALES", store_ids=[store["id"]])
    assert created["store_ids"] == [store["id"]] and created["active"] is True
    changed = tenant.patch(
        f"/v1/users/{created['id']}", {"version": 1, "role": "MANAGER", "full_name": "Chantal"}
    )
    assert changed.status == 200, changed
    assert (changed.json["role"], changed.json["version"]) == ("MANAGER", 2)
    listed = tenant.get("/v1/users").json["items"]
    assert {u["id"] for u in listed} == {tenant.admin_id, created["id"]}
    for body in (created, changed.json, tenant.get(f"/v1/users/{created['id']}").json, *listed):
        assert not {key for key in body if "password" in key}
    assert tenant.delete(f"/v1/users/{created['id']}").status == 204
    assert tenant.get(f"/v1/users/{created['id']}").status == 404
    assert [u["id"] for u in tenant.get("/v1/users").json["items"]] == [tenant.admin_id]


def test_email_is_unique_across_tenants_and_moves_with_its_user(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    taken = tenant.post(
        "/v1/users",
        {"email": other_tenant.email, "password": PASSWORD, "full_name": "X", "role": "VIEWER"},
    )
    assert taken.status == 409 and taken.json["code"] == "CONFLICT"
    user = add_user(tenant, "VIEWER")
    new_email = f"{unique('moved')}@example.cm"
    clash = tenant.patch(f"/v1/users/{user.id}", {"version": 1, "email": other_tenant.email})
    assert clash.status == 409
    moved = tenant.patch(f"/v1/users/{user.id}", {"version": 1, "email": new_email})
    assert moved.status == 200 and moved.json["email"] == new_email
    api = tenant.api
    assert api.post("/v1/auth/token", {"email": new_email, "password": PASSWORD}).status == 200
    assert api.post("/v1/auth/token", {"email": user.email, "password": PASSWORD}).status == 401
    assert _new_user(tenant, email=user.email)["email"] == user.email


def test_deleted_user_frees_the_email(tenant: Tenant) -> None:
    user = add_user(tenant, "STOCKER")
    assert tenant.delete(f"/v1/users/{user.id}").status == 204
    assert _new_user(tenant, email=user.email)["id"] != user.id


def test_store_ids_must_be_stores_of_the_tenant(tenant: Tenant, other_tenant: Tenant) -> None:
    foreign = add_store(other_tenant, "Far", "FAR")
    body = {
        "email": f"{unique('u')}@example.cm",
        "password": PASSWORD,
        "full_name": "X",
        "role": "SALES",
        "store_ids": [foreign["id"]],
    }
    refused = tenant.post("/v1/users", body)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "store_ids"
    user = _new_user(tenant, "SALES")
    patched = tenant.patch(f"/v1/users/{user['id']}", {"version": 1, "store_ids": [foreign["id"]]})
    assert patched.status == 422
    assert tenant.get(f"/v1/users/{user['id']}").json["store_ids"] == []


def test_bad_user_bodies_are_422(tenant: Tenant) -> None:
    base = {
        "email": f"{unique('u')}@example.cm",
        "password": PASSWORD,
        "full_name": "X",
        "role": "SALES",
    }
    for change in (
        {"role": "OWNER"},
        {"password": "short"},
        {"email": "nope"},
        {"password_hash": "x"},
    ):
        reply = tenant.post("/v1/users", {**base, **change})
        assert reply.status == 422 and reply.json["code"] == "VALIDATION_ERROR", change
    user = _new_user(tenant)
    nulled = tenant.patch(f"/v1/users/{user['id']}", {"version": 1, "role": None})
    assert nulled.status == 422 and nulled.json["errors"][0]["field"] == "role"


def test_client_made_id_replays_and_conflicts(tenant: Tenant) -> None:
    body = {
        "id": "01JD0000000000000000000777",
        "email": f"{unique('u')}@example.cm",
        "password": PASSWORD,
        "full_name": "Offline",
        "role": "SALES",
    }
    assert tenant.post("/v1/users", body).status == 201
    replay = tenant.post("/v1/users", body)
    assert replay.status == 200 and replay.json["id"] == body["id"]
    assert tenant.post("/v1/users", {**body, "full_name": "Other"}).status == 409


def test_the_last_active_admin_stays(tenant: Tenant) -> None:
    me = f"/v1/users/{tenant.admin_id}"
    inactive_admin = _new_user(tenant, "ADMIN", active=False)
    for change in ({"role": "MANAGER"}, {"active": False}):
        refused = tenant.patch(me, {"version": 1, **change})
        assert refused.status == 409 and refused.json["code"] == "CONFLICT", change
    assert tenant.delete(me).status == 409
    second = add_user(tenant, "ADMIN")
    assert tenant.patch(me, {"version": 1, "role": "MANAGER"}).status == 200
    assert tenant.delete(f"/v1/users/{second.id}", token=second.token).status == 409
    assert (
        tenant.patch(
            f"/v1/users/{second.id}", {"version": 1, "active": False}, token=second.token
        ).status
        == 409
    )
    assert tenant.delete(f"/v1/users/{inactive_admin['id']}", token=second.token).status == 204
    assert tenant.get(f"/v1/users/{second.id}", token=second.token).json["active"] is True


def test_deactivated_user_can_neither_log_in_nor_refresh(tenant: Tenant) -> None:
    user = add_user(tenant, "CASHIER")
    off = tenant.patch(f"/v1/users/{user.id}", {"version": 1, "active": False})
    assert off.status == 200 and off.json["active"] is False
    login = tenant.api.post("/v1/auth/token", {"email": user.email, "password": PASSWORD})
    assert login.status == 401 and login.json["code"] == "INVALID_CREDENTIALS"
    refresh = tenant.api.post("/v1/auth/token/refresh", {"refresh_token": user.refresh_token})
    assert refresh.status == 401
    assert tenant.patch(f"/v1/users/{user.id}", {"version": 2, "active": True}).status == 200
    assert (
        tenant.api.post("/v1/auth/token/refresh", {"refresh_token": user.refresh_token}).status
        == 401
    )


def test_deleted_user_sessions_end(tenant: Tenant) -> None:
    user = add_user(tenant, "SALES")
    assert tenant.delete(f"/v1/users/{user.id}").status == 204
    refresh = tenant.api.post("/v1/auth/token/refresh", {"refresh_token": user.refresh_token})
    assert refresh.status == 401


def test_a_deleted_users_token_reading_me_is_401_not_404(tenant: Tenant) -> None:
    user = add_user(tenant, "SALES")
    assert tenant.get("/v1/auth/me", token=user.token).status == 200  # its verdict is cached
    assert tenant.delete(f"/v1/users/{user.id}").status == 204
    gone = tenant.get("/v1/auth/me", token=user.token)
    assert gone.status == 401 and gone.json["code"] == "UNAUTHENTICATED", gone


def test_role_change_reaches_the_token_on_refresh(tenant: Tenant) -> None:
    user = add_user(tenant, "VIEWER")
    assert tenant.get("/v1/users", token=user.token).status == 403
    assert tenant.patch(f"/v1/users/{user.id}", {"version": 1, "role": "ADMIN"}).status == 200
    pair = tenant.api.post("/v1/auth/token/refresh", {"refresh_token": user.refresh_token}).json
    assert tenant.get("/v1/users", token=pair["access_token"]).status == 200
