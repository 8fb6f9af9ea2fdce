"""Stores CRUD through the API, and the audit trail the stream derives from them."""

from __future__ import annotations

from tests.support import Api, Tenant, add_store, add_user


def test_store_lifecycle_is_audited_once_per_change(tenant: Tenant, drain) -> None:
    created = tenant.post("/v1/stores", {"name": "Akwa", "code": "AKW", "phone": "+237650000000"})
    assert created.status == 201, created
    store = created.json
    changed = tenant.patch(f"/v1/stores/{store['id']}", {"version": 1, "name": "Akwa Nord"})
    assert changed.status == 200 and changed.json["version"] == 2
    assert tenant.delete(f"/v1/stores/{store['id']}").status == 204
    assert tenant.get(f"/v1/stores/{store['id']}").status == 404

    drain()
    log = tenant.get(f"/v1/audit-log?entity_id={store['id']}").json["items"]
    assert [entry["action"] for entry in log] == ["DELETE", "UPDATE", "CREATE"]
    assert log[1]["changes"] == {"name": ["Akwa", "Akwa Nord"]}
    assert log[2]["changes"]["code"] == [None, "AKW"]
    assert {entry["user_id"] for entry in log} == {tenant.admin_id}
    assert {entry["entity_type"] for entry in log} == {"store"}


def test_replaying_the_stream_adds_no_audit_entries(tenant: Tenant, drain, stack) -> None:
    replay = stack.replay_from_now()
    add_store(tenant, "Bonanjo", "BNJ")
    drain()
    before = tenant.get("/v1/audit-log?entity_type=store").json["items"]
    assert replay.drain() > 0
    after = tenant.get("/v1/audit-log?entity_type=store").json["items"]
    assert after == before and len(after) == 1


def test_store_code_is_unique_and_moves_with_its_store(tenant: Tenant) -> None:
    first = add_store(tenant, "A", "AAA")
    duplicate = tenant.post("/v1/stores", {"name": "B", "code": "AAA"})
    assert duplicate.status == 409 and duplicate.json["code"] == "CONFLICT"
    moved = tenant.patch(f"/v1/stores/{first['id']}", {"version": 1, "code": "AAB"})
    assert moved.status == 200
    assert tenant.post("/v1/stores", {"name": "B", "code": "AAA"}).status == 201
    assert tenant.post("/v1/stores", {"name": "C", "code": "AAB"}).status == 409


def test_stale_version_is_refused(tenant: Tenant) -> None:
    store = add_store(tenant, "A", "STL")
    assert tenant.patch(f"/v1/stores/{store['id']}", {"version": 1, "name": "B"}).status == 200
    stale = tenant.patch(f"/v1/stores/{store['id']}", {"version": 1, "name": "C"})
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"


def test_client_made_id_is_idempotent_and_conflicts_on_other_content(tenant: Tenant) -> None:
    body = {"id": "01JD0000000000000000000001", "name": "Offline", "code": "OFF"}
    assert tenant.post("/v1/stores", body).status == 201
    again = tenant.post("/v1/stores", body)
    assert again.status == 200 and again.json["name"] == "Offline"
    other = tenant.post("/v1/stores", {**body, "name": "Other"})
    assert other.status == 409


def test_stores_paginate_with_cursors_bound_to_the_query(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    for number in range(5):
        add_store(tenant, f"S{number}", f"PG{number}")
    first = tenant.get("/v1/stores?limit=2").json
    assert len(first["items"]) == 2 and first["next_cursor"]
    seen = [s["id"] for s in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = tenant.get(f"/v1/stores?limit=2&cursor={cursor}").json
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    stolen = other_tenant.get(f"/v1/stores?limit=2&cursor={first['next_cursor']}")
    assert stolen.status == 422 and stolen.json["errors"][0]["field"] == "cursor"
    tampered = tenant.get(f"/v1/stores?limit=2&cursor={first['next_cursor'][:-2]}xx")
    assert tampered.status == 422


def test_other_tenants_store_is_not_found(tenant: Tenant, other_tenant: Tenant) -> None:
    store = add_store(tenant, "Mine", "MIN")
    assert other_tenant.get(f"/v1/stores/{store['id']}").status == 404
    assert (
        other_tenant.patch(f"/v1/stores/{store['id']}", {"version": 1, "name": "x"}).status == 404
    )
    assert other_tenant.delete(f"/v1/stores/{store['id']}").status == 404
    assert tenant.get(f"/v1/stores/{store['id']}").json["name"] == "Mine"


def test_assign_users_adds_the_store_to_each_user(tenant: Tenant, api: Api) -> None:
    store = add_store(tenant, "A", "ASG")
    assigned = tenant.post(
        f"/v1/stores/{store['id']}/assign-users", {"user_ids": [tenant.admin_id]}
    )
    assert assigned.status == 200, assigned
    me = tenant.get("/v1/auth/me").json
    assert store["id"] in me["user"]["store_ids"]
    missing = tenant.post(
        f"/v1/stores/{store['id']}/assign-users", {"user_ids": ["01JD0000000000000000000009"]}
    )
    assert missing.status == 404


def test_audit_log_filters_by_user_type_and_dates(tenant: Tenant, drain) -> None:
    manager = add_user(tenant, "MANAGER")
    store = add_store(tenant, "Filtered", "FLT")
    drain()
    mine = tenant.get(f"/v1/audit-log?user_id={tenant.admin_id}&entity_type=store").json["items"]
    assert [(e["entity_id"], e["action"]) for e in mine] == [(store["id"], "CREATE")]
    users = tenant.get("/v1/audit-log?entity_type=user").json["items"]
    assert manager.id in {e["entity_id"] for e in users}
    assert not tenant.get(f"/v1/audit-log?user_id={manager.id}").json["items"]
    from chalicelib.clock import local_date, parse_iso

    today = local_date(parse_iso(store["created_at"]), "Africa/Douala").isoformat()
    assert tenant.get(f"/v1/audit-log?from={today}&to={today}&entity_type=store").json["items"]
    assert not tenant.get("/v1/audit-log?from=2020-01-01&to=2020-01-31").json["items"]
    assert tenant.get("/v1/audit-log?from=yesterday").status == 422
    viewer = add_user(tenant, "VIEWER")
    assert tenant.get("/v1/audit-log", token=viewer.token).status == 403
