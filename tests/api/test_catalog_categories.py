"""Categories (tree, no cycles, sibling order) and brands."""

from __future__ import annotations

from tests.support import Tenant, add_category, add_user


def test_a_tree_is_built_and_children_listed_in_order(tenant: Tenant) -> None:
    network = add_category(tenant, "Réseau")
    routers = add_category(tenant, "Routeurs", parent_id=network["id"], position=1)
    switches = add_category(tenant, "Switchs", parent_id=network["id"], position=0)
    children = tenant.get(f"/v1/categories?parent_id={network['id']}").json["items"]
    assert [c["id"] for c in children] == [switches["id"], routers["id"]]
    roots = tenant.get("/v1/categories?parent_id=root").json["items"]
    assert [c["id"] for c in roots] == [network["id"]]
    orphan = tenant.post("/v1/categories", {"name": "X", "parent_id": "01JD0000000000000000000009"})
    assert orphan.status == 422 and orphan.json["errors"][0]["field"] == "parent_id"


def test_reorder_sets_sibling_positions(tenant: Tenant) -> None:
    parent = add_category(tenant, "Téléphones")
    a, b, c = (add_category(tenant, n, parent_id=parent["id"]) for n in ("A", "B", "C"))
    reply = tenant.post("/v1/categories/reorder", {"ids": [c["id"], a["id"], b["id"]]})
    assert reply.status == 200, reply
    assert [x["position"] for x in reply.json["items"]] == [0, 1, 2]
    listed = tenant.get(f"/v1/categories?parent_id={parent['id']}").json["items"]
    assert [x["name"] for x in listed] == ["C", "A", "B"]
    mixed = tenant.post("/v1/categories/reorder", {"ids": [parent["id"], a["id"]]})
    assert mixed.status == 422
    unknown = tenant.post("/v1/categories/reorder", {"ids": ["01JD0000000000000000000009"]})
    assert unknown.status == 404


def test_a_category_cannot_move_under_itself_or_its_descendants(tenant: Tenant) -> None:
    top = add_category(tenant, "Top")
    middle = add_category(tenant, "Middle", parent_id=top["id"])
    bottom = add_category(tenant, "Bottom", parent_id=middle["id"])
    for target in (top, bottom):
        reply = tenant.patch(
            f"/v1/categories/{top['id']}", {"version": 1, "parent_id": target["id"]}
        )
        assert reply.status == 422 and reply.json["errors"][0]["field"] == "parent_id"
    moved = tenant.patch(f"/v1/categories/{bottom['id']}", {"version": 1, "parent_id": top["id"]})
    assert moved.status == 200 and moved.json["parent_id"] == top["id"]
    to_root = tenant.patch(f"/v1/categories/{bottom['id']}", {"version": 2, "parent_id": None})
    assert to_root.status == 200 and to_root.json["parent_id"] is None


def test_a_category_with_children_is_not_deleted(tenant: Tenant) -> None:
    parent = add_category(tenant, "Parent")
    child = add_category(tenant, "Child", parent_id=parent["id"])
    refused = tenant.delete(f"/v1/categories/{parent['id']}")
    assert refused.status == 409 and refused.json["code"] == "INVALID_STATE"
    assert tenant.delete(f"/v1/categories/{child['id']}").status == 204
    assert tenant.delete(f"/v1/categories/{parent['id']}").status == 204
    assert tenant.get(f"/v1/categories/{parent['id']}").status == 404


def test_brands_crud_and_isolation(tenant: Tenant, other_tenant: Tenant) -> None:
    brand = tenant.post("/v1/brands", {"name": "Ubiquiti"}).json
    renamed = tenant.patch(f"/v1/brands/{brand['id']}", {"version": 1, "name": "Ubiquiti Inc"})
    assert renamed.status == 200 and renamed.json["name"] == "Ubiquiti Inc"
    assert other_tenant.get(f"/v1/brands/{brand['id']}").status == 404
    assert (
        other_tenant.post(
            "/v1/products", {"sku": "U", "name": "U", "price": 1, "brand_id": brand["id"]}
        ).status
        == 422
    )
    assert [b["name"] for b in tenant.get("/v1/brands").json["items"]] == ["Ubiquiti Inc"]
    assert tenant.delete(f"/v1/brands/{brand['id']}").status == 204
    assert tenant.get("/v1/brands").json["items"] == []


def test_only_managers_write_the_catalog_and_everyone_reads_it(tenant: Tenant) -> None:
    viewer, manager = add_user(tenant, "VIEWER"), add_user(tenant, "MANAGER")
    assert tenant.post("/v1/brands", {"name": "V"}, token=viewer.token).status == 403
    assert tenant.post("/v1/brands", {"name": "M"}, token=manager.token).status == 201
    assert tenant.get("/v1/brands", token=viewer.token).status == 200
    assert tenant.get("/v1/products", token=viewer.token).status == 200
    assert tenant.get("/v1/products/export", token=viewer.token).status == 403
