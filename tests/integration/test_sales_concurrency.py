"""The till under real concurrency and injected faults, on Amazon DynamoDB Local."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import (
    HttpApi,
    Reply,
    Stack,
    Tenant,
    User,
    add_store,
    add_user,
    draft_sale,
    open_shift,
    sign_up,
    stock_level,
    stocked_product,
    unique,
)
from tests.support.failures import failing_commit


@dataclass
class Shop:
    tenant: Tenant
    store: str
    seller: User
    cashiers: list[User]

    def product(self, stock: int, price: int = 10000) -> str:
        product = stocked_product(self.tenant, self.store, stock, name="Téléphone", price=price)
        return str(product["id"])

    def draft(self, product: str, quantity: int = 1) -> str:
        lines = [{"product_id": product, "quantity": quantity}]
        return str(draft_sale(self.tenant, self.store, lines, by=self.seller)["id"])

    def submit(self, sale_id: str) -> Reply:
        return self.tenant.post(f"/v1/sales/{sale_id}/submit", token=self.seller.token)

    def pay(self, sale_id: str, amount: int, cashier: User, **headers: str) -> Reply:
        return self.tenant.post(
            "/v1/payments",
            {"sale_id": sale_id, "method": "CARD", "amount": amount},
            token=cashier.token,
            headers=headers or None,
        )

    def sale(self, sale_id: str) -> dict[str, Any]:
        return dict(self.tenant.get(f"/v1/sales/{sale_id}").json)

    def level(self, product: str) -> tuple[int, int]:
        level = stock_level(self.tenant, self.store, product)
        return level["on_hand"], level["reserved"]

    def shift_payments(self, cashier: User) -> int:
        shifts = self.tenant.get(f"/v1/cash-shifts?store_id={self.store}&status=OPEN").json["items"]
        return sum(s["payments_count"] for s in shifts if s["cashier_id"] == cashier.id)


@pytest.fixture(scope="module")
def shop(live_api: HttpApi) -> Shop:
    tenant = sign_up(live_api, name="Caisse concurrente")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    seller = add_user(tenant, "SALES", [store])
    cashiers = [add_user(tenant, "CASHIER", [store]) for _ in range(2)]
    for cashier in cashiers:
        open_shift(tenant, store, by=cashier)
    return Shop(tenant, store, seller, cashiers)


def race(calls: list[Any]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_two_cashiers_paying_one_sale_never_exceed_its_total(shop: Shop) -> None:
    product = shop.product(stock=20)
    for _ in range(4):
        sale_id = shop.draft(product)
        assert shop.submit(sale_id).status == 200
        outcomes = race([lambda c=c, s=sale_id: shop.pay(s, 6000, c) for c in shop.cashiers])
        assert sorted(reply.status for reply in outcomes) == [201, 422], outcomes
        sale = shop.sale(sale_id)
        assert (sale["paid_total"], sale["status"]) == (6000, "PARTIALLY_PAID")
        outcomes = race([lambda c=c, s=sale_id: shop.pay(s, 4000, c) for c in shop.cashiers])
        assert sorted(reply.status for reply in outcomes)[0] == 201
        assert sorted(reply.status for reply in outcomes)[1] in (409, 422), outcomes
        assert shop.sale(sale_id)["paid_total"] == 10000
    assert shop.level(product) == (16, 0)


def test_thirty_submits_racing_for_ten_units_reserve_ten(shop: Shop) -> None:
    product = shop.product(stock=10)
    drafts = [shop.draft(product) for _ in range(30)]
    outcomes = race([lambda d=d: shop.submit(d) for d in drafts])
    codes = [reply.json.get("code") if reply.status != 200 else "OK" for reply in outcomes]
    assert codes.count("OK") == 10, codes
    assert codes.count("INSUFFICIENT_STOCK") == 20, codes
    assert shop.level(product) == (10, 10)


def test_twenty_concurrent_submits_get_gapless_numbers(shop: Shop) -> None:
    product = shop.product(stock=40)
    drafts = [shop.draft(product) for _ in range(20)]
    outcomes = race([lambda d=d: shop.submit(d) for d in drafts])
    assert [reply.status for reply in outcomes] == [200] * 20, outcomes
    numbers = sorted(int(reply.json["number"][-6:]) for reply in outcomes)
    assert numbers == list(range(numbers[0], numbers[0] + 20))
    following = shop.draft(product)
    assert int(shop.submit(following).json["number"][-6:]) == numbers[-1] + 1


def test_payment_retried_with_one_key_charges_once(shop: Shop) -> None:
    product = shop.product(stock=2)
    sale_id = shop.draft(product)
    shop.submit(sale_id)
    cashier = shop.cashiers[0]
    key = unique("pay")
    outcomes = race(
        [lambda: shop.pay(sale_id, 3000, cashier, **{"Idempotency-Key": key}) for _ in range(4)]
    )
    assert {reply.status for reply in outcomes} <= {201, 409}, outcomes
    replay = shop.pay(sale_id, 3000, cashier, **{"Idempotency-Key": key})
    assert replay.status == 201 and replay.json["sale"]["paid_total"] == 3000
    assert shop.sale(sale_id)["paid_total"] == 3000


@pytest.mark.parametrize(
    ("code", "reasons", "status"),
    [
        ("ThrottlingException", None, 503),
        ("TransactionCanceledException", ["", "TransactionConflict"], 409),
    ],
)
def test_storage_failure_mid_payment_changes_nothing(
    shop: Shop, stack: Stack, monkeypatch, code: str, reasons: Any, status: int
) -> None:
    from chalicelib.db.base import Tx

    product = shop.product(stock=3)
    sale_id = shop.draft(product)
    shop.submit(sale_id)
    cashier = shop.cashiers[1]
    payments_before = shop.shift_payments(cashier)
    monkeypatch.setattr(Tx, "_commit", failing_commit(code, reasons))
    failed = shop.pay(sale_id, 10000, cashier)
    monkeypatch.undo()
    assert failed.status == status, failed
    if status == 503:
        assert failed.headers.get("Retry-After") == "1"
    sale = shop.sale(sale_id)
    assert (sale["status"], sale["paid_total"], sale["version"]) == ("PENDING_PAYMENT", 0, 2)
    assert shop.level(product) == (3, 1)
    assert shop.shift_payments(cashier) == payments_before
    assert shop.tenant.get(f"/v1/payments?sale_id={sale_id}").json["items"] == []
    retried = shop.pay(sale_id, 10000, cashier)
    assert retried.status == 201 and retried.json["sale"]["status"] == "PAID"
    assert shop.level(product) == (2, 0)


def test_pdf_receipt_comes_whole_over_http(shop: Shop) -> None:
    product = shop.product(stock=1, price=7500)
    sale_id = shop.draft(product)
    shop.submit(sale_id)
    shop.pay(sale_id, 7500, shop.cashiers[0])
    pdf = shop.tenant.get(f"/v1/sales/{sale_id}/receipt", headers={"Accept": "application/pdf"})
    assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF") and pdf.body.rstrip().endswith(b"%%EOF")
