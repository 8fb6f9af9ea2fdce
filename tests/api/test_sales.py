"""The seller -> cashier flow through the API: drafts, submission, payments, shifts, stock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support import (
    Reply,
    Stack,
    Tenant,
    User,
    add_product,
    add_store,
    add_user,
    draft_sale,
    open_shift,
    sign_up,
    stock_level,
    stocked_product,
    submitted_sale,
    unique,
)


@dataclass
class Till:
    """A shop with a seller, two cashiers and a manager in store Akwa, and stocked products."""

    tenant: Tenant
    store: str
    other_store: str
    seller: User
    cashier: User
    cashier2: User
    manager: User
    shifts: dict[str, str] = field(default_factory=dict)

    def product(self, price: int = 5000, stock: int = 50, **fields: Any) -> str:
        fields = {"price": price, "tax_rate_bps": 1925, **fields}
        return str(stocked_product(self.tenant, self.store, stock, **fields)["id"])

    def level(self, product_id: str) -> tuple[int, int]:
        level = stock_level(self.tenant, self.store, product_id)
        return level["on_hand"], level["reserved"]

    def draft(self, lines: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return draft_sale(self.tenant, self.store, lines, by=self.seller, **extra)

    def submitted(self, lines: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return submitted_sale(self.tenant, self.store, lines, by=self.seller, **extra)

    def shift_of(self, cashier: User) -> str:
        if cashier.id not in self.shifts:
            shift = open_shift(self.tenant, self.store, by=cashier, opening_float=10000)
            self.shifts[cashier.id] = shift["id"]
        return self.shifts[cashier.id]

    def pay(
        self,
        sale_id: str,
        amount: int,
        method: str = "CASH",
        cashier: User | None = None,
        **extra: Any,
    ) -> Reply:
        cashier = cashier or self.cashier
        self.shift_of(cashier)
        headers = extra.pop("headers", None)
        return self.tenant.post(
            "/v1/payments",
            {"sale_id": sale_id, "method": method, "amount": amount, **extra},
            token=cashier.token,
            headers=headers,
        )

    def shift(self, cashier: User | None = None) -> dict[str, Any]:
        shift_id = self.shift_of(cashier or self.cashier)
        return dict(self.tenant.get(f"/v1/cash-shifts/{shift_id}", token=self.manager.token).json)


@pytest.fixture(scope="module")
def till(stack: Stack) -> Till:
    tenant = sign_up(stack.api, name="Électronique Akwa")
    store, other = (
        add_store(tenant, name, code)["id"]
        for name, code in (("Akwa", "AKW"), ("Bonamoussadi", "BNM"))
    )
    users = [add_user(tenant, role, [store]) for role in ("SALES", "CASHIER", "CASHIER", "MANAGER")]
    return Till(tenant, store, other, *users)


def test_draft_snapshots_products_and_computes_totals(till: Till) -> None:
    charger = till.product(price=5000)
    cable = till.product(price=1500, tax_included=False, name="Câble")
    sale = till.draft(
        [
            {"product_id": charger, "quantity": 2, "discount": 1000},
            {"product_id": cable, "quantity": 1},
        ],
        note="Client pressé",
    )
    assert sale["status"] == "DRAFT" and sale["number"] is None and sale["currency"] == "XAF"
    first, second = sale["lines"]
    assert (first["sku"], first["unit_price"], first["tax_rate_bps"]) == (first["sku"], 5000, 1925)
    assert first["total"] == 9000 and first["tax"] == 1453  # 9000 x 1925 / 11925, half-up
    assert second["tax"] == 289 and second["total"] == 1789  # 1500 x 19.25 % = 288.75
    assert (sale["subtotal"], sale["discount_total"], sale["tax_total"], sale["total"]) == (
        11500,
        1000,
        1742,
        10789,
    )
    assert sale["balance_due"] == 10789 and sale["seller_id"] == till.seller.id


def test_unknown_product_and_excess_discount_are_field_errors(till: Till) -> None:
    product = till.product(stock=0)
    missing = till.tenant.post(
        "/v1/sales",
        {
            "store_id": till.store,
            "lines": [{"product_id": "01JD0000000000000000000000", "quantity": 1}],
        },
        token=till.seller.token,
    )
    assert missing.status == 422 and missing.json["errors"][0]["field"] == "lines.0.product_id"
    too_much = till.tenant.post(
        "/v1/sales",
        {
            "store_id": till.store,
            "discount": 6000,
            "lines": [{"product_id": product, "quantity": 1}],
        },
        token=till.seller.token,
    )
    assert too_much.status == 422 and too_much.json["errors"][0]["field"] == "discount"
    too_many = till.tenant.post(
        "/v1/sales",
        {"store_id": till.store, "lines": [{"product_id": product, "quantity": 1}] * 41},
        token=till.seller.token,
    )
    assert too_many.status == 422


def test_only_the_seller_or_a_manager_edits_a_draft(till: Till) -> None:
    product = till.product()
    sale = till.draft([{"product_id": product, "quantity": 1}])
    other_seller = add_user(till.tenant, "SALES", [till.store])
    path = f"/v1/sales/{sale['id']}"
    assert (
        till.tenant.patch(path, {"version": 1, "note": "x"}, token=other_seller.token).status == 403
    )
    assert (
        till.tenant.patch(path, {"version": 1, "note": "x"}, token=till.cashier.token).status == 403
    )
    edited = till.tenant.patch(
        path,
        {"version": 1, "lines": [{"product_id": product, "quantity": 3}]},
        token=till.seller.token,
    )
    assert edited.status == 200 and edited.json["total"] == 15000 and edited.json["version"] == 2
    stale = till.tenant.patch(path, {"version": 1, "note": "y"}, token=till.manager.token)
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"
    assert till.tenant.post(f"{path}/submit", token=other_seller.token).status == 403
    assert till.tenant.post(f"{path}/submit", token=till.cashier.token).status == 403


def test_submit_numbers_locks_and_reserves(till: Till) -> None:
    product = till.product(stock=5)
    sale = till.submitted([{"product_id": product, "quantity": 2}])
    assert sale["status"] == "PENDING_PAYMENT"
    assert sale["number"].startswith("AKW-2") and len(sale["number"].split("-")[2]) == 6
    assert till.level(product) == (5, 2)
    locked = till.tenant.patch(
        f"/v1/sales/{sale['id']}",
        {"version": sale["version"], "note": "x"},
        token=till.seller.token,
    )
    assert locked.status == 409 and locked.json["code"] == "INVALID_STATE"
    again = till.tenant.post(f"/v1/sales/{sale['id']}/submit", token=till.seller.token)
    assert again.status == 409 and again.json["code"] == "INVALID_STATE"
    following = till.submitted([{"product_id": product, "quantity": 1}])
    assert int(following["number"][-6:]) == int(sale["number"][-6:]) + 1


def test_submit_short_of_stock_consumes_no_number(till: Till) -> None:
    product = till.product(stock=1)
    short = till.draft([{"product_id": product, "quantity": 2}])
    refused = till.tenant.post(f"/v1/sales/{short['id']}/submit", token=till.seller.token)
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_STOCK"
    before = till.submitted([{"product_id": product, "quantity": 1}])
    after = till.submitted([{"product_id": till.product(), "quantity": 1}])
    assert int(after["number"][-6:]) == int(before["number"][-6:]) + 1
    assert till.tenant.get(f"/v1/sales/{short['id']}").json["status"] == "DRAFT"


def test_large_discount_needs_a_managers_approval(till: Till) -> None:
    product = till.product(price=10000)
    sale = till.draft([{"product_id": product, "quantity": 1}], discount=1500)
    path = f"/v1/sales/{sale['id']}"
    refused = till.tenant.post(f"{path}/submit", token=till.seller.token)
    assert refused.status == 409 and refused.json["code"] == "APPROVAL_REQUIRED"
    assert till.tenant.post(f"{path}/approve-discount", token=till.seller.token).status == 403
    approved = till.tenant.post(f"{path}/approve-discount", token=till.manager.token)
    assert approved.status == 200 and approved.json["approved_discount"] == 1500
    raised = till.tenant.patch(
        path, {"version": approved.json["version"], "discount": 2000}, token=till.seller.token
    )
    assert raised.json["approved_discount"] is None
    assert till.tenant.post(f"{path}/submit", token=till.seller.token).status == 409
    till.tenant.post(f"{path}/approve-discount", token=till.manager.token)
    assert till.tenant.post(f"{path}/submit", token=till.seller.token).status == 200


def test_a_price_cut_below_the_products_price_needs_approval_like_a_discount(till: Till) -> None:
    phone = till.product(price=85000)
    sale = till.draft([{"product_id": phone, "quantity": 1, "unit_price": 1}])
    assert (sale["subtotal"], sale["discount_total"], sale["total"]) == (1, 0, 1)
    assert sale["lines"][0]["unit_price"] == 1 and "list_price" not in sale["lines"][0]
    path = f"/v1/sales/{sale['id']}"
    refused = till.tenant.post(f"{path}/submit", token=till.seller.token)
    assert refused.status == 409 and refused.json["code"] == "APPROVAL_REQUIRED"
    assert till.tenant.get(path).json["status"] == "DRAFT"
    approved = till.tenant.post(f"{path}/approve-discount", token=till.manager.token)
    assert approved.json["approved_discount"] == 84999
    assert till.tenant.post(f"{path}/submit", token=till.seller.token).status == 200


def test_small_price_cuts_and_markups_pass_without_approval(till: Till) -> None:
    product = till.product(price=10000)
    cut = till.draft([{"product_id": product, "quantity": 2, "unit_price": 9000}])
    marked_up = till.draft(
        [{"product_id": product, "quantity": 1, "unit_price": 12000, "discount": 1000}]
    )
    for sale in (cut, marked_up):
        submitted = till.tenant.post(f"/v1/sales/{sale['id']}/submit", token=till.seller.token)
        assert submitted.status == 200, submitted
    both = till.draft([{"product_id": product, "quantity": 2, "unit_price": 9000}], discount=1)
    refused = till.tenant.post(f"/v1/sales/{both['id']}/submit", token=till.seller.token)
    assert refused.status == 409 and refused.json["code"] == "APPROVAL_REQUIRED"


def test_split_payment_with_change_ships_stock_and_feeds_the_shift(till: Till) -> None:
    product = till.product(price=5000, stock=10)
    sale = till.submitted([{"product_id": product, "quantity": 3}])
    first = till.pay(sale["id"], 5000, "MOBILE_MONEY", reference="MP-0001")
    assert first.status == 201, first
    assert first.json["sale"]["status"] == "PARTIALLY_PAID"
    assert first.json["sale"]["balance_due"] == 10000
    assert till.level(product) == (10, 3)
    second = till.pay(sale["id"], 10000, "CASH", tendered=20000)
    assert second.status == 201, second
    assert second.json["payment"]["change"] == 10000
    paid = second.json["sale"]
    assert (paid["status"], paid["paid_total"], paid["balance_due"]) == ("PAID", 15000, 0)
    assert till.level(product) == (7, 0)
    moves = till.tenant.get(f"/v1/stock-movements?product_id={product}&type=SALE").json["items"]
    assert [(m["quantity"], m.get("reference")) for m in moves] == [(-3, paid["number"])]
    payments = till.tenant.get(f"/v1/payments?sale_id={sale['id']}", token=till.manager.token)
    assert sorted(p["method"] for p in payments.json["items"]) == ["CASH", "MOBILE_MONEY"]
    shift = till.shift()
    assert shift["totals"]["MOBILE_MONEY"] >= 5000 and shift["change_given"] >= 10000


def test_payment_errors_have_their_codes(till: Till) -> None:
    product = till.product()
    sale = till.submitted([{"product_id": product, "quantity": 1}])
    draft = till.draft([{"product_id": product, "quantity": 1}])
    over = till.pay(sale["id"], 5001)
    assert over.status == 422 and over.json["errors"][0]["field"] == "amount"
    assert till.pay(sale["id"], 100, "MOBILE_MONEY").status == 422  # reference required
    loyalty = till.pay(sale["id"], 100, "LOYALTY")  # the sale has no customer
    assert loyalty.status == 422 and loyalty.json["errors"][0]["field"] == "method"
    credit = till.pay(sale["id"], 100, "CREDIT")  # the sale has no customer
    assert credit.status == 422 and credit.json["errors"][0]["field"] == "method"
    assert till.pay(draft["id"], 100).json["code"] == "INVALID_STATE"
    no_shift = add_user(till.tenant, "CASHIER", [till.store])
    refused = till.tenant.post(
        "/v1/payments",
        {"sale_id": sale["id"], "method": "CARD", "amount": 100},
        token=no_shift.token,
    )
    assert refused.status == 409 and refused.json["code"] == "SHIFT_REQUIRED"
    assert (
        till.tenant.post(
            "/v1/payments",
            {"sale_id": sale["id"], "method": "CARD", "amount": 100},
            token=till.seller.token,
        ).status
        == 403
    )


def test_one_open_shift_per_cashier_and_store(till: Till) -> None:
    cashier = add_user(till.tenant, "CASHIER", [till.store, till.other_store])
    first = till.tenant.post("/v1/cash-shifts", {"store_id": till.store}, token=cashier.token)
    assert first.status == 201 and first.json["status"] == "OPEN"
    again = till.tenant.post("/v1/cash-shifts", {"store_id": till.store}, token=cashier.token)
    assert again.status == 409
    elsewhere = till.tenant.post(
        "/v1/cash-shifts", {"store_id": till.other_store}, token=cashier.token
    )
    assert elsewhere.status == 201
    assert (
        till.tenant.post(
            "/v1/cash-shifts", {"store_id": till.store}, token=till.seller.token
        ).status
        == 403
    )
    closed = till.tenant.post(
        f"/v1/cash-shifts/{first.json['id']}/close", {"counted_cash": 0}, token=cashier.token
    )
    assert closed.status == 200
    assert (
        till.tenant.post("/v1/cash-shifts", {"store_id": till.store}, token=cashier.token).status
        == 201
    )


def test_shift_close_reports_expected_cash_variance_and_methods(till: Till) -> None:
    cashier = add_user(till.tenant, "CASHIER", [till.store])
    opened = till.tenant.post(
        "/v1/cash-shifts", {"store_id": till.store, "opening_float": 20000}, token=cashier.token
    ).json
    till.shifts[cashier.id] = opened["id"]
    path = f"/v1/cash-shifts/{opened['id']}"
    product = till.product(price=5000)
    sale = till.submitted([{"product_id": product, "quantity": 2}])
    assert till.pay(sale["id"], 4000, "CASH", cashier=cashier, tendered=5000).status == 201
    assert till.pay(sale["id"], 6000, "CARD", cashier=cashier).status == 201
    assert (
        till.tenant.post(
            f"{path}/movements", {"type": "PAY_IN", "amount": 3000}, token=cashier.token
        ).status
        == 201
    )
    assert (
        till.tenant.post(
            f"{path}/movements",
            {"type": "PAY_OUT", "amount": 1000, "reason": "Transport"},
            token=cashier.token,
        ).status
        == 201
    )
    assert (
        till.tenant.post(
            f"{path}/movements", {"type": "PAY_IN", "amount": 1}, token=till.cashier.token
        ).status
        == 403
    )
    running = till.tenant.get(path, token=cashier.token).json
    assert running["expected_cash"] == 20000 + 4000 + 3000 - 1000
    closed = till.tenant.post(f"{path}/close", {"counted_cash": 25500}, token=cashier.token)
    assert closed.status == 200, closed
    report = closed.json
    assert (report["status"], report["expected_cash"], report["variance"]) == (
        "CLOSED",
        26000,
        -500,
    )
    assert report["totals"] == {
        "CASH": 4000,
        "MOBILE_MONEY": 0,
        "CARD": 6000,
        "BANK_TRANSFER": 0,
        "CREDIT": 0,
        "LOYALTY": 0,
    }
    assert (
        till.tenant.post(f"{path}/close", {"counted_cash": 1}, token=cashier.token).json["code"]
        == "INVALID_STATE"
    )
    listed = till.tenant.get(
        f"/v1/cash-shifts?store_id={till.store}&status=CLOSED", token=till.manager.token
    ).json["items"]
    assert opened["id"] in [shift["id"] for shift in listed]


def test_cancel_releases_stock_and_refunds_payments_by_method(till: Till) -> None:
    product = till.product(price=5000, stock=10)
    sale = till.submitted([{"product_id": product, "quantity": 4}])
    cash_before = till.shift()["cash_refunds"]
    till.pay(sale["id"], 3000, "CASH")
    till.pay(sale["id"], 2000, "CARD")
    assert till.level(product) == (10, 4)
    path = f"/v1/sales/{sale['id']}/cancel"
    assert till.tenant.post(path, {"reason": "x"}, token=till.seller.token).status == 403
    cancelled = till.tenant.post(path, {"reason": "Client parti"}, token=till.manager.token)
    assert cancelled.status == 200, cancelled
    assert cancelled.json["status"] == "CANCELLED" and cancelled.json["refunded_total"] == 5000
    assert till.level(product) == (10, 0)
    assert till.shift()["cash_refunds"] == cash_before + 3000
    assert till.pay(sale["id"], 100).json["code"] == "INVALID_STATE"
    again = till.tenant.post(path, {"reason": "again"}, token=till.manager.token)
    assert again.status == 409 and again.json["code"] == "INVALID_STATE"


def test_partial_refunds_with_and_without_restock(till: Till) -> None:
    phone, case = till.product(price=3000, stock=10), till.product(price=1000, stock=10)
    sale = till.submitted(
        [{"product_id": phone, "quantity": 3}, {"product_id": case, "quantity": 2}]
    )
    assert till.pay(sale["id"], 11000, "CASH").status == 201
    assert till.level(phone) == (7, 0)
    path = f"/v1/sales/{sale['id']}/refunds"
    first = till.tenant.post(
        path,
        {"lines": [{"product_id": phone, "quantity": 1}], "restock": True, "reason": "Défectueux"},
        token=till.manager.token,
    )
    assert first.status == 201, first
    assert first.json["amount"] == 3000 and first.json["methods"][0]["method"] == "CASH"
    assert till.level(phone) == (8, 0)
    returns = till.tenant.get(f"/v1/stock-movements?product_id={phone}&type=SALE_RETURN").json[
        "items"
    ]
    assert [m["quantity"] for m in returns] == [1]
    second = till.tenant.post(
        path,
        {
            "lines": [{"product_id": case, "quantity": 2}],
            "restock": False,
            "method": "MOBILE_MONEY",
        },
        token=till.manager.token,
    )
    assert second.status == 201 and till.level(case) == (8, 0)
    refunded = till.tenant.get(f"/v1/sales/{sale['id']}").json
    assert (refunded["status"], refunded["refunded_total"]) == ("PARTIALLY_REFUNDED", 5000)
    too_many = till.tenant.post(
        path, {"lines": [{"product_id": phone, "quantity": 3}]}, token=till.manager.token
    )
    assert too_many.status == 422 and too_many.json["errors"][0]["field"] == "lines.0.quantity"
    rest = till.tenant.post(
        path, {"lines": [{"product_id": phone, "quantity": 2}]}, token=till.manager.token
    )
    assert rest.status == 201
    assert till.tenant.get(f"/v1/sales/{sale['id']}").json["status"] == "REFUNDED"


def test_unpaid_sale_cannot_be_refunded(till: Till) -> None:
    product = till.product()
    sale = till.submitted([{"product_id": product, "quantity": 1}])
    refused = till.tenant.post(
        f"/v1/sales/{sale['id']}/refunds",
        {"lines": [{"product_id": product, "quantity": 1}]},
        token=till.manager.token,
    )
    assert refused.status == 409 and refused.json["code"] == "INVALID_STATE"


def test_payment_retried_with_the_same_key_charges_once(till: Till, monkeypatch) -> None:
    from chalicelib import idempotency

    product = till.product(price=4000)
    sale = till.submitted([{"product_id": product, "quantity": 1}])
    key = {"Idempotency-Key": unique("pay")}
    first = till.pay(sale["id"], 1000, "CARD", headers=key)
    replayed = till.pay(sale["id"], 1000, "CARD", headers=key)
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert replayed.json["payment"]["id"] == first.json["payment"]["id"]

    lost = {"Idempotency-Key": unique("lost")}
    monkeypatch.setattr(idempotency, "LOCK_SECONDS", -1)
    original = idempotency._complete

    def crash(record: Any, response: Any) -> None:
        raise RuntimeError("the Lambda died after the write")

    monkeypatch.setattr(idempotency, "_complete", crash)
    assert till.pay(sale["id"], 1000, "CARD", headers=lost).status == 500
    monkeypatch.setattr(idempotency, "_complete", original)
    retried = till.pay(sale["id"], 1000, "CARD", headers=lost)
    assert retried.status == 201, retried
    assert retried.json["sale"]["paid_total"] == 2000
    payments = till.tenant.get(f"/v1/payments?sale_id={sale['id']}", token=till.manager.token)
    assert len(payments.json["items"]) == 2


def test_client_payment_id_is_idempotent(till: Till) -> None:
    product = till.product(price=4000)
    sale = till.submitted([{"product_id": product, "quantity": 1}])
    paid = till.pay(sale["id"], 4000, "CARD", id="01JD000000000000000000PAY1")
    assert paid.status == 201, paid
    again = till.pay(sale["id"], 4000, "CARD", id="01JD000000000000000000PAY1")
    assert again.status == 200 and again.json["sale"]["paid_total"] == 4000
    other = till.pay(sale["id"], 3000, "CARD", id="01JD000000000000000000PAY1")
    assert other.status == 409


def test_lists_filter_by_store_status_seller_and_period(till: Till) -> None:
    product = till.product()
    sale = till.submitted([{"product_id": product, "quantity": 1}])
    pending = till.tenant.get(
        f"/v1/sales?store_id={till.store}&status=PENDING_PAYMENT"
        f"&seller_id={till.seller.id}&limit=200"
    ).json["items"]
    assert sale["id"] in [item["id"] for item in pending]
    assert {item["status"] for item in pending} == {"PENDING_PAYMENT"}
    assert till.tenant.get(f"/v1/sales?store_id={till.other_store}").json["items"] == []
    assert till.tenant.get("/v1/sales?from=2020-01-01&to=2020-01-31").json["items"] == []
    for _ in range(2):  # three sales at least, whatever ran before: two pages
        till.submitted([{"product_id": product, "quantity": 1}])
    page = till.tenant.get("/v1/sales?limit=2").json
    assert len(page["items"]) == 2 and page["next_cursor"]
    following = till.tenant.get(f"/v1/sales?limit=2&cursor={page['next_cursor']}").json
    assert not {i["id"] for i in following["items"]} & {i["id"] for i in page["items"]}
    outside = till.tenant.get(f"/v1/sales?store_id={till.other_store}", token=till.seller.token)
    assert outside.status == 403


def test_receipt_as_pdf_and_html_in_the_tenants_language(till: Till) -> None:
    product = till.product(price=2500, name="Écouteurs")
    sale = till.submitted([{"product_id": product, "quantity": 2}])
    till.pay(sale["id"], 5000, "CASH", tendered=10000)
    pdf = till.tenant.get(f"/v1/sales/{sale['id']}/receipt", headers={"Accept": "application/pdf"})
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    page = till.tenant.get(f"/v1/sales/{sale['id']}/receipt?format=html")
    text = page.body.decode()
    assert sale["number"] in text and "Écouteurs" in text and "Monnaie rendue" in text
    assert "5\u202f000\u00a0FCFA" in text and "Espèces" in text and "Payée" in text


def test_receipt_in_english(stack: Stack) -> None:
    tenant = sign_up(stack.api, name="Shop", locale="en")
    store = add_store(tenant, "Main", "MAIN")["id"]
    product = add_product(tenant, name="Cable", price=1200, track_stock=False)["id"]
    sale = draft_sale(tenant, store, [{"product_id": product, "quantity": 1}])
    html = tenant.get(f"/v1/sales/{sale['id']}/receipt?format=html").body.decode()
    assert "Receipt" in html and "Cable" in html and "Balance due" in html and "Draft" in html
    assert "FCFA1,200" in html


def test_sale_for_a_customer_is_listed_under_them_and_audited(till: Till, drain) -> None:
    customer = till.tenant.post(
        "/v1/customers", {"name": "Mme Ngo Biyong"}, token=till.seller.token
    )
    assert customer.status == 201, customer
    product = till.product()
    sale = till.draft([{"product_id": product, "quantity": 1}], customer_id=customer.json["id"])
    unknown = till.tenant.post(
        "/v1/sales",
        {
            "store_id": till.store,
            "customer_id": "01JD0000000000000000000000",
            "lines": [{"product_id": product, "quantity": 1}],
        },
        token=till.seller.token,
    )
    assert unknown.status == 404
    listed = till.tenant.get(f"/v1/sales?customer_id={customer.json['id']}").json["items"]
    assert [item["id"] for item in listed] == [sale["id"]]
    till.tenant.post(f"/v1/sales/{sale['id']}/submit", token=till.seller.token)
    drain()
    log = till.tenant.get(f"/v1/audit-log?entity_id={sale['id']}").json["items"]
    assert [entry["action"] for entry in log] == ["UPDATE", "CREATE"]
    assert log[0]["changes"]["status"] == ["DRAFT", "PENDING_PAYMENT"]
    assert {entry["entity_type"] for entry in log} == {"sale"}


def test_cash_refund_needs_an_open_shift_in_the_store(till: Till) -> None:
    store = add_store(till.tenant, "Bonapriso", "BNP")["id"]
    cashier = add_user(till.tenant, "CASHIER", [store])
    seller = add_user(till.tenant, "SALES", [store])
    product = till.product(stock=0, track_stock=False)
    sale = submitted_sale(till.tenant, store, [{"product_id": product, "quantity": 1}], by=seller)
    shift = open_shift(till.tenant, store, by=cashier)
    paid = till.tenant.post(
        "/v1/payments",
        {"sale_id": sale["id"], "method": "CASH", "amount": 5000},
        token=cashier.token,
    )
    assert paid.json["sale"]["status"] == "PAID"
    closed = till.tenant.post(f"/v1/cash-shifts/{shift['id']}/close", {"counted_cash": 5000})
    assert closed.status == 200 and closed.json["variance"] == 0 and closed.json["closed_by"]
    refund = till.tenant.post(
        f"/v1/sales/{sale['id']}/refunds",
        {"lines": [{"product_id": product, "quantity": 1}], "method": "CASH"},
    )
    assert refund.status == 409 and refund.json["code"] == "SHIFT_REQUIRED"
    by_card = till.tenant.post(
        f"/v1/sales/{sale['id']}/refunds",
        {"lines": [{"product_id": product, "quantity": 1}], "method": "CARD"},
    )
    assert by_card.status == 201 and by_card.json["methods"][0]["shift_id"] is None
