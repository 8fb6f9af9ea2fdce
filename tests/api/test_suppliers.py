"""Suppliers: created, read, changed under their version, soft-deleted, listed by name."""

from __future__ import annotations

from tests.support import Tenant, add_supplier, add_user


def test_a_supplier_is_created_read_and_listed_by_name(tenant: Tenant) -> None:
    zed = add_supplier(tenant, "Zénith Import", phone="+237699000000", payment_terms_days=30)
    add_supplier(tenant, "écran Plus")
    assert zed["version"] == 1 and zed["payment_terms_days"] == 30
    assert tenant.get(f"/v1/suppliers/{zed['id']}").json == zed
    names = [item["name"] for item in tenant.get("/v1/suppliers").json["items"]]
    assert names == ["écran Plus", "Zénith Import"]


def test_a_change_needs_the_version_read(tenant: Tenant) -> None:
    supplier = add_supplier(tenant, notes="calls on Mondays")
    path = f"/v1/suppliers/{supplier['id']}"
    changed = tenant.patch(path, {"version": 1, "name": "Tecno CM", "notes": None})
    assert changed.status == 200, changed
    assert changed.json["version"] == 2 and changed.json["notes"] is None
    stale = tenant.patch(path, {"version": 1, "name": "Again"})
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"
    cleared = tenant.patch(path, {"version": 2, "name": None})
    assert cleared.status == 422


def test_a_deleted_supplier_is_gone_from_reads_and_lists(tenant: Tenant) -> None:
    supplier = add_supplier(tenant, "Itel Afrique")
    assert tenant.delete(f"/v1/suppliers/{supplier['id']}").status == 204
    assert tenant.get(f"/v1/suppliers/{supplier['id']}").status == 404
    assert supplier["id"] not in tenant.get("/v1/suppliers").body.decode()
    assert tenant.delete(f"/v1/suppliers/{supplier['id']}").status == 404


def test_the_same_client_id_answers_the_stored_supplier(tenant: Tenant) -> None:
    body = {"id": "01JD3Q5X8M2N4P6R8T0V2W4Y6Z", "name": "Orca"}
    first = tenant.post("/v1/suppliers", body)
    again = tenant.post("/v1/suppliers", body)
    other = tenant.post("/v1/suppliers", {**body, "name": "Orca Deco"})
    assert (first.status, again.status, other.status) == (201, 200, 409)


def test_a_stocker_reads_suppliers_and_may_not_write_them(tenant: Tenant) -> None:
    stocker = add_user(tenant, "STOCKER")
    supplier = add_supplier(tenant)
    assert tenant.get(f"/v1/suppliers/{supplier['id']}", token=stocker.token).status == 200
    reply = tenant.post("/v1/suppliers", {"name": "X"}, token=stocker.token)
    assert reply.status == 403 and reply.json["code"] == "FORBIDDEN"
