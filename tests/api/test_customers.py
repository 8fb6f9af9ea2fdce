"""Customers: E.164 phones from the tenant's country, lookup by phone, name search, VAT."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Tenant, add_customer, add_user


def names(reply: Any) -> list[str]:
    assert reply.status == 200, reply
    return [item["name"] for item in reply.json["items"]]


def test_a_local_phone_is_stored_in_e164(tenant: Tenant) -> None:
    customer = add_customer(tenant, "Jean Kamga", phone="6 99 00 00 00")
    assert customer["phone"] == "+237699000000"
    assert customer["type"] == "INDIVIDUAL" and customer["loyalty_points"] == 0
    assert tenant.get(f"/v1/customers/{customer['id']}").json == customer


def test_customers_are_found_by_phone_in_any_writing(tenant: Tenant) -> None:
    add_customer(tenant, "Marie Ngono", phone="+237 677 11 22 33")
    add_customer(tenant, "Paul Ngono", phone="677112233")
    assert names(tenant.get("/v1/customers?phone=677%2011%2022%2033")) == [
        "Marie Ngono",
        "Paul Ngono",
    ]
    assert names(tenant.get("/v1/customers?phone=%2B237677112234")) == []
    bad = tenant.get("/v1/customers?phone=12")
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "phone"


@pytest.mark.parametrize("phone", ["12", "6 99 00", "not a phone"])
def test_an_impossible_phone_is_refused(tenant: Tenant, phone: str) -> None:
    reply = tenant.post("/v1/customers", {"name": "X", "phone": phone})
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "phone"


def test_customers_are_searched_by_name_prefix_ignoring_case_and_accents(tenant: Tenant) -> None:
    add_customer(tenant, "Éléonore Mbarga")
    add_customer(tenant, "Eleazar Fotso")
    add_customer(tenant, "Ets Tchoupo & Fils", type="BUSINESS")
    assert names(tenant.get("/v1/customers?search=ele")) == ["Eleazar Fotso", "Éléonore Mbarga"]
    assert names(tenant.get("/v1/customers?search=%C3%89L%C3%89O")) == ["Éléonore Mbarga"]
    assert names(tenant.get("/v1/customers?search=ets%20tch")) == ["Ets Tchoupo & Fils"]


@pytest.mark.parametrize(
    "vat, stored",
    [
        ("FR 40 303 265 045", "FR40303265045"),
        ("BE0403019261", "BE0403019261"),
        ("DE136695976", "DE136695976"),
        ("M051200012345X", "M051200012345X"),
    ],
)
def test_valid_vat_numbers_are_kept_compact(tenant: Tenant, vat: str, stored: str) -> None:
    customer = add_customer(tenant, "Société", type="BUSINESS", vat_number=vat)
    assert customer["vat_number"] == stored


@pytest.mark.parametrize("vat", ["FR00303265045", "DE123", "BE0403019262"])
def test_invalid_vat_numbers_are_refused(tenant: Tenant, vat: str) -> None:
    reply = tenant.post("/v1/customers", {"name": "S", "type": "BUSINESS", "vat_number": vat})
    assert reply.status == 422 and reply.json["errors"][0]["field"] == "vat_number"


def test_update_renormalises_and_moves_the_lookups(tenant: Tenant) -> None:
    customer = add_customer(tenant, "Alain Essomba", phone="699000001")
    changed = tenant.patch(
        f"/v1/customers/{customer['id']}",
        {"version": 1, "name": "Zacharie Essomba", "phone": "699 00 00 02"},
    )
    assert changed.status == 200 and changed.json["phone"] == "+237699000002"
    assert names(tenant.get("/v1/customers?phone=699000001")) == []
    assert names(tenant.get("/v1/customers?phone=699000002")) == ["Zacharie Essomba"]
    assert names(tenant.get("/v1/customers?search=alain")) == []
    stale = tenant.patch(f"/v1/customers/{customer['id']}", {"version": 1, "notes": "x"})
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"
    read_only = tenant.patch(
        f"/v1/customers/{customer['id']}", {"version": 2, "loyalty_points": 100}
    )
    assert read_only.status == 422


def test_a_deleted_customer_leaves_every_lookup(tenant: Tenant) -> None:
    customer = add_customer(tenant, "Brice Owona", phone="699000003")
    assert tenant.delete(f"/v1/customers/{customer['id']}").status == 204
    assert tenant.get(f"/v1/customers/{customer['id']}").status == 404
    assert names(tenant.get("/v1/customers?phone=699000003")) == []
    assert names(tenant.get("/v1/customers?search=brice")) == []


def test_customers_are_paged(tenant: Tenant) -> None:
    for n in range(3):
        add_customer(tenant, f"Client {n}")
    first = tenant.get("/v1/customers?limit=2")
    assert names(first) == ["Client 0", "Client 1"] and first.json["next_cursor"]
    second = tenant.get(f"/v1/customers?limit=2&cursor={first.json['next_cursor']}")
    assert names(second) == ["Client 2"] and second.json["next_cursor"] is None


def test_another_tenants_customers_are_not_found(tenant: Tenant, other_tenant: Tenant) -> None:
    customer = add_customer(tenant, "Privé", phone="699000004")
    assert other_tenant.get(f"/v1/customers/{customer['id']}").status == 404
    assert (
        other_tenant.patch(f"/v1/customers/{customer['id']}", {"version": 1, "name": "Volé"}).status
        == 404
    )
    assert other_tenant.delete(f"/v1/customers/{customer['id']}").status == 404
    assert names(other_tenant.get("/v1/customers?phone=699000004")) == []
    assert tenant.get(f"/v1/customers/{customer['id']}").json["name"] == "Privé"


def test_stockers_cannot_read_customers_and_cashiers_can_write(tenant: Tenant) -> None:
    stocker, cashier = add_user(tenant, "STOCKER"), add_user(tenant, "CASHIER")
    assert tenant.get("/v1/customers", token=stocker.token).status == 403
    assert tenant.post("/v1/customers", {"name": "Caisse"}, token=cashier.token).status == 201


def test_interface_for_sales_reads_one_customer(tenant: Tenant) -> None:
    from chalicelib.customers.service import get_customer
    from chalicelib.errors import NotFoundError

    customer = add_customer(tenant, "Interface")
    assert get_customer(tenant.id, customer["id"]).name == "Interface"
    with pytest.raises(NotFoundError):
        get_customer(tenant.id, "01JD0000000000000000000009")
