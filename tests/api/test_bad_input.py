"""Bad input is answered as API.md says, never with a 500: numbers beyond what JSON clients
hold, text that is not Unicode, ids out of the ULID range, hidden characters in names, money
beyond the ceiling, unknown currencies; every field error names its field."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.clock import new_id
from chalicelib.money import MAX_AMOUNT
from tests.support import (
    PASSWORD,
    Api,
    Tenant,
    add_product,
    add_store,
    add_supplier,
    add_user,
    draft_sale,
    open_shift,
    pay_sale,
    sign_up,
    submitted_sale,
    unique,
)

HUGE = "9" * 5000


def _problem(reply: Any, status: int, code: str) -> dict[str, Any]:
    assert reply.status == status, reply
    assert reply.headers["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = reply.json
    assert body["code"] == code, body
    return body


def _fields(body: dict[str, Any]) -> list[str]:
    return [error["field"] for error in body["errors"]]


def _sign_up_body(email: str, **overrides: Any) -> dict[str, Any]:
    admin = {"email": email, "password": PASSWORD, "full_name": "Awa Admin"}
    return {"name": "Boutique", "admin": admin, **overrides}


def test_an_integer_of_5000_digits_in_a_sign_up_is_422_and_creates_nothing(api: Api) -> None:
    email = f"{unique('admin')}@example.cm"
    body = f'{{"name": "Boutique", "currency": {HUGE}, "admin": {{"email": "{email}", '
    body += f'"password": "{PASSWORD}", "full_name": "Awa"}}}}'
    refused = _problem(api.post("/v1/tenants", body=body), 422, "VALIDATION_ERROR")
    assert _fields(refused) == ["currency"]
    assert api.post("/v1/tenants", _sign_up_body(email)).status == 201


def test_an_integer_of_5000_digits_in_a_login_is_422(api: Api) -> None:
    body = f'{{"email": "a@example.cm", "password": {HUGE}}}'
    assert _fields(_problem(api.post("/v1/auth/token", body=body), 422, "VALIDATION_ERROR")) == [
        "password"
    ]


def test_huge_and_negative_huge_integers_are_named_by_their_path(tenant: Tenant) -> None:
    body = f'{{"name": "Akwa", "code": "AK", "address": [1, {{"x": -{HUGE}}}], "phone": {HUGE}}}'
    refused = _problem(tenant.post("/v1/stores", body=body), 422, "VALIDATION_ERROR")
    assert sorted(_fields(refused)) == ["address.1.x", "phone"]
    assert tenant.get("/v1/stores").json["items"] == []


@pytest.mark.parametrize("route", ["/v1/tenants", "/v1/auth/token", "/v1/stores"])
@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\udfffb"', '"\\ude00\\ud83d"'])
def test_a_lone_surrogate_is_malformed_json(tenant: Tenant, route: str, text: str) -> None:
    body = f'{{"name": {text}, "email": "a@example.cm", "password": "x", "code": "AB"}}'
    _problem(tenant.post(route, body=body), 400, "MALFORMED_JSON")


def test_a_lone_surrogate_in_a_key_is_malformed_json(tenant: Tenant) -> None:
    _problem(tenant.post("/v1/brands", body='{"\\ud800": 1}'), 400, "MALFORMED_JSON")


def test_a_surrogate_pair_is_the_character_it_encodes(tenant: Tenant) -> None:
    created = tenant.post("/v1/brands", body='{"name": "Chez \\ud83d\\ude00"}')
    assert created.status == 201 and created.json["name"] == "Chez \U0001f600", created


def test_amounts_stop_at_2_to_the_53_minus_1(tenant: Tenant) -> None:
    def product(price: int) -> Any:
        return tenant.post(
            "/v1/products", {"sku": unique("SKU").upper(), "name": "Or", "price": price}
        )

    assert product(MAX_AMOUNT).status == 201
    assert _fields(_problem(product(MAX_AMOUNT + 1), 422, "VALIDATION_ERROR")) == ["price"]


def _store_and_product(tenant: Tenant, price: int) -> tuple[str, str]:
    store = add_store(tenant)
    product = add_product(tenant, name="Phone", price=price, track_stock=False)
    return store["id"], product["id"]


def test_a_sale_whose_line_total_passes_the_ceiling_is_422_and_not_saved(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    line = {"product_id": product, "quantity": 10**9, "unit_price": 10**15}
    refused = tenant.post("/v1/sales", {"store_id": store, "lines": [line]})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["lines.0.quantity"]
    assert tenant.get(f"/v1/sales?store_id={store}").json["items"] == []


def test_a_sale_whose_subtotal_passes_the_ceiling_is_422(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    other = _store_and_product(tenant, 1000)[1]
    lines = [{"product_id": p, "quantity": 1, "unit_price": MAX_AMOUNT} for p in (product, other)]
    refused = tenant.post("/v1/sales", {"store_id": store, "lines": lines})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["lines"]


def test_editing_a_sale_past_the_ceiling_is_422_and_keeps_it(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    sale = draft_sale(tenant, store, [{"product_id": product, "quantity": 2}])
    line = {"product_id": product, "quantity": 10**9, "unit_price": 10**15}
    refused = tenant.patch(f"/v1/sales/{sale['id']}", {"version": sale["version"], "lines": [line]})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["lines.0.quantity"]
    assert tenant.get(f"/v1/sales/{sale['id']}").json["total"] == 2000


def test_a_pay_in_that_would_overfill_the_drawer_is_422(tenant: Tenant) -> None:
    store, _ = _store_and_product(tenant, 1000)
    cashier = add_user(tenant, "CASHIER", [store])
    shift = tenant.post(
        "/v1/cash-shifts", {"store_id": store, "opening_float": MAX_AMOUNT}, token=cashier.token
    )
    assert shift.status == 201, shift
    refused = tenant.post(
        f"/v1/cash-shifts/{shift.json['id']}/movements",
        {"type": "PAY_IN", "amount": 1},
        token=cashier.token,
    )
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["amount"]
    assert tenant.get(f"/v1/cash-shifts/{shift.json['id']}").json["pay_ins"] == 0


@pytest.mark.parametrize("currency", ["ZZZ", "XAU", "eur", "EURO"])
def test_sign_up_refuses_a_currency_outside_iso_4217(api: Api, currency: str) -> None:
    body = _sign_up_body(f"{unique('admin')}@example.cm", currency=currency)
    assert _fields(_problem(api.post("/v1/tenants", body), 422, "VALIDATION_ERROR")) == ["currency"]


@pytest.mark.parametrize(
    "currency, locale, printed",
    [
        ("EUR", "fr", "12,34\u00a0€"),
        ("EUR", "en", "€12.34"),
        ("XOF", "fr", "1\u202f234\u00a0F\u202fCFA"),
    ],
)
def test_receipts_print_amounts_with_the_currencys_minor_unit(
    api: Api, currency: str, locale: str, printed: str
) -> None:
    tenant = sign_up(api, currency=currency, locale=locale)
    store, product = _store_and_product(tenant, 1234)
    sale = draft_sale(tenant, store, [{"product_id": product, "quantity": 1}])
    page = tenant.get(f"/v1/sales/{sale['id']}/receipt?format=html").body.decode()
    assert printed in page, page


def test_a_ulid_beyond_the_range_is_refused_as_a_client_id(tenant: Tenant) -> None:
    refused = tenant.post("/v1/brands", {"id": "81ARZ3NDEKTSV4RRFFQ69G5FAV", "name": "Itel"})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["id"]
    highest = tenant.post("/v1/brands", {"id": "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "name": "Itel"})
    assert highest.status == 201, highest


HIDDEN = ["\x00", "\x07", "\x1b", "\x7f", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", [*HIDDEN, "\n", "\t"], ids=repr)
def test_names_refuse_control_and_bidi_characters(tenant: Tenant, char: str) -> None:
    refused = tenant.post("/v1/stores", {"name": f"Akwa{char}exe.gpj", "code": "HID"})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["name"]
    assert tenant.get("/v1/stores").json["items"] == []


@pytest.mark.parametrize("char", HIDDEN, ids=repr)
def test_texts_refuse_control_and_bidi_characters(tenant: Tenant, char: str) -> None:
    refused = tenant.post("/v1/customers", {"name": "Awa", "notes": f"call{char}back"})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["notes"]


def test_texts_keep_line_breaks_and_tabs(tenant: Tenant) -> None:
    created = tenant.post("/v1/customers", {"name": "Awa", "notes": "line one\nline\ttwo\r\n"})
    assert created.status == 201 and created.json["notes"] == "line one\nline\ttwo\r\n"


def test_product_specs_refuse_hidden_characters_anywhere(tenant: Tenant) -> None:
    body = {"sku": unique("SKU").upper(), "name": "TV", "price": 1, "specs": {"a": ["x\u202ey"]}}
    assert _fields(_problem(tenant.post("/v1/products", body), 422, "VALIDATION_ERROR")) == [
        "specs"
    ]


def test_a_negative_receipt_quantity_names_the_quantity(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    body = {"store_id": store, "product_id": product, "type": "RECEIPT", "quantity": -3}
    refused = _problem(tenant.post("/v1/stock-movements", body), 422, "VALIDATION_ERROR")
    assert _fields(refused) == ["quantity"]


def test_tendered_below_the_amount_names_tendered(tenant: Tenant) -> None:
    body = {"sale_id": new_id(), "method": "CASH", "amount": 1000, "tendered": 500}
    refused = _problem(tenant.post("/v1/payments", body), 422, "VALIDATION_ERROR")
    assert _fields(refused) == ["tendered"]


def test_a_transfer_to_the_same_store_names_the_destination(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    body = {
        "from_store_id": store,
        "to_store_id": store,
        "lines": [{"product_id": product, "quantity": 1}],
    }
    refused = _problem(tenant.post("/v1/stock-transfers", body), 422, "VALIDATION_ERROR")
    assert _fields(refused) == ["to_store_id"]


def test_a_product_twice_in_a_count_names_the_second_line(tenant: Tenant) -> None:
    store, product = _store_and_product(tenant, 1000)
    lines = [{"product_id": product, "counted_qty": 1}, {"product_id": product, "counted_qty": 2}]
    refused = tenant.post("/v1/stock-counts", {"store_id": store, "lines": lines})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["lines.1.product_id"]


def test_from_after_to_names_from(tenant: Tenant) -> None:
    refused = tenant.get("/v1/stock-movements?from=2026-02-01&to=2026-01-01")
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["from"]


def test_orders_receipts_and_movements_worth_more_than_the_ceiling_are_422(
    tenant: Tenant,
) -> None:
    store, product = add_store(tenant)["id"], add_product(tenant, name="Lingot", price=1)["id"]
    supplier = add_supplier(tenant)["id"]
    line = {"product_id": product, "quantity": 10**9, "unit_cost": MAX_AMOUNT}
    order = tenant.post(
        "/v1/purchase-orders", {"supplier_id": supplier, "store_id": store, "lines": [line]}
    )
    assert _fields(_problem(order, 422, "VALIDATION_ERROR")) == ["lines.0.unit_cost"]
    receipt = tenant.post(
        "/v1/goods-receipts", {"supplier_id": supplier, "store_id": store, "lines": [line]}
    )
    assert _fields(_problem(receipt, 422, "VALIDATION_ERROR")) == ["lines.0.unit_cost"]
    movement = {"store_id": store, "product_id": product, "type": "RECEIPT", "quantity": 10**9}
    refused = tenant.post("/v1/stock-movements", {**movement, "unit_cost": 10**7})
    assert _fields(_problem(refused, 422, "VALIDATION_ERROR")) == ["unit_cost"]
    assert tenant.get(f"/v1/stock?store_id={store}").json["items"] == []
    assert tenant.get("/v1/purchase-orders").json["items"] == []


def test_change_that_would_pass_the_ceiling_in_a_shift_is_422_and_changes_nothing(
    tenant: Tenant,
) -> None:
    store = add_store(tenant)["id"]
    product = add_product(tenant, name="Carte", price=100, track_stock=False)["id"]
    cashier = add_user(tenant, "CASHIER", [store])
    shift = open_shift(tenant, store, by=cashier)
    first, second = (
        submitted_sale(tenant, store, [{"product_id": product, "quantity": 1}]) for _ in range(2)
    )
    pay_sale(tenant, first["id"], 100, by=cashier, tendered=MAX_AMOUNT)
    body = {"sale_id": second["id"], "method": "CASH", "amount": 100, "tendered": MAX_AMOUNT}
    refused = tenant.post("/v1/payments", body, token=cashier.token)
    assert _problem(refused, 422, "VALIDATION_ERROR")["errors"][0]["field"] == "amount"
    after = tenant.get(f"/v1/cash-shifts/{shift['id']}").json
    assert after["change_given"] == MAX_AMOUNT - 100 and after["payments_count"] == 1
    assert tenant.get(f"/v1/sales/{second['id']}").json["status"] == "PENDING_PAYMENT"
