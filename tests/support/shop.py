"""The shop's objects made through the API, one builder per action (in the spirit of
cosmicpython's tests/e2e/api_client.py): each sends what a client sends, asserts that it
succeeded and returns the object the API answered. `by` is the user who acts: the tenant's
ADMIN when it is None."""

from __future__ import annotations

from typing import Any

from tests.support.accounts import Tenant, User, unique
from tests.support.client import Reply

Lines = list[dict[str, Any]]


def _token(tenant: Tenant, by: User | None) -> str:
    return by.token if by else tenant.token


def _answer(reply: Reply, status: int = 201) -> dict[str, Any]:
    assert reply.status == status, reply
    return dict(reply.json)


def _store_code() -> str:
    """A store code no other store of the tenant has (codes are unique per tenant)."""
    return unique("S").replace("-", "")[-10:].upper()


def add_store(
    tenant: Tenant, name: str = "Akwa", code: str | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/stores: the new store."""
    body = {"name": name, "code": code or _store_code(), **fields}
    return _answer(tenant.post("/v1/stores", body))


def add_product(tenant: Tenant, **fields: Any) -> dict[str, Any]:
    """POST /v1/products, of a unique sku unless given: the new product."""
    body = {"sku": unique("SKU").upper(), "name": "Chargeur USB-C", "price": 5000, **fields}
    return _answer(tenant.post("/v1/products", body))


def add_category(tenant: Tenant, name: str, **fields: Any) -> dict[str, Any]:
    """POST /v1/categories: the new category."""
    return _answer(tenant.post("/v1/categories", {"name": name, **fields}))


def add_brand(tenant: Tenant, name: str, **fields: Any) -> dict[str, Any]:
    """POST /v1/brands: the new brand."""
    return _answer(tenant.post("/v1/brands", {"name": name, **fields}))


def import_csv(tenant: Tenant, text: str) -> Reply:
    """POST a CSV file to the product import as the tenant's ADMIN; the answer unchecked."""
    return tenant.api.request(
        "POST",
        "/v1/products/import",
        body=text.encode(),
        token=tenant.token,
        headers={"content-type": "text/csv"},
    )


def move_stock(
    tenant: Tenant,
    store_id: str,
    product_id: str,
    kind: str,
    quantity: int,
    by: User | None = None,
    **fields: Any,
) -> Reply:
    """POST /v1/stock-movements; the answer unchecked, for the tests of movements."""
    body = {"store_id": store_id, "product_id": product_id, "type": kind, "quantity": quantity}
    return tenant.post("/v1/stock-movements", {**body, **fields}, token=_token(tenant, by))


def receive_stock(tenant: Tenant, store_id: str, product_id: str, quantity: int) -> dict[str, Any]:
    """A RECEIPT movement of `quantity` into the store: the movement."""
    return _answer(move_stock(tenant, store_id, product_id, "RECEIPT", quantity))


def stocked_product(
    tenant: Tenant, store_id: str, stock: int = 50, **fields: Any
) -> dict[str, Any]:
    """A product (add_product's defaults, then `fields`) with `stock` received in the store."""
    product = add_product(tenant, **fields)
    if stock:
        receive_stock(tenant, store_id, product["id"], stock)
    return product


def stock_level(tenant: Tenant, store_id: str, product_id: str) -> dict[str, Any]:
    """GET /v1/stock of one product in one store: its level, zeros when it has none."""
    reply = tenant.get(f"/v1/stock?store_id={store_id}&product_id={product_id}")
    assert reply.status == 200, reply
    items = reply.json["items"]
    return dict(items[0]) if items else {"on_hand": 0, "reserved": 0, "available": 0}


def set_thresholds(
    tenant: Tenant, store_id: str, product_id: str, **thresholds: int
) -> dict[str, Any]:
    """PATCH /v1/stock/{store}/{product} (`min_qty`, `reorder_qty`): the level."""
    return _answer(tenant.patch(f"/v1/stock/{store_id}/{product_id}", thresholds), 200)


def add_transfer(
    tenant: Tenant, from_store_id: str, to_store_id: str, lines: Lines
) -> dict[str, Any]:
    """POST /v1/stock-transfers: the DRAFT transfer."""
    body = {"from_store_id": from_store_id, "to_store_id": to_store_id, "lines": lines}
    return _answer(tenant.post("/v1/stock-transfers", body))


def add_count(tenant: Tenant, store_id: str, lines: Lines) -> dict[str, Any]:
    """POST /v1/stock-counts (lines of `product_id`, `counted_qty`): the count."""
    return _answer(tenant.post("/v1/stock-counts", {"store_id": store_id, "lines": lines}))


def add_customer(
    tenant: Tenant, name: str = "Awa", by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/customers: the new customer."""
    body = {"name": name, **fields}
    return _answer(tenant.post("/v1/customers", body, token=_token(tenant, by)))


def open_shift(
    tenant: Tenant, store_id: str, by: User | None = None, opening_float: int = 0
) -> dict[str, Any]:
    """POST /v1/cash-shifts: the OPEN cash shift of `by` in the store."""
    body = {"store_id": store_id, "opening_float": opening_float}
    return _answer(tenant.post("/v1/cash-shifts", body, token=_token(tenant, by)))


def draft_sale(
    tenant: Tenant, store_id: str, lines: Lines, by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/sales: the DRAFT sale."""
    body = {"store_id": store_id, "lines": lines, **fields}
    return _answer(tenant.post("/v1/sales", body, token=_token(tenant, by)))


def submit_sale(tenant: Tenant, sale_id: str, by: User | None = None) -> dict[str, Any]:
    """POST /v1/sales/{id}/submit: the sale, numbered and PENDING_PAYMENT."""
    return _answer(tenant.post(f"/v1/sales/{sale_id}/submit", token=_token(tenant, by)), 200)


def submitted_sale(
    tenant: Tenant, store_id: str, lines: Lines, by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """A sale drafted and submitted by `by`: PENDING_PAYMENT."""
    return submit_sale(tenant, draft_sale(tenant, store_id, lines, by, **fields)["id"], by)


def pay_sale(
    tenant: Tenant,
    sale_id: str,
    amount: int,
    method: str = "CASH",
    by: User | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """POST /v1/payments by a user with an open shift: `{"payment", "sale"}`."""
    body = {"sale_id": sale_id, "method": method, "amount": amount, **fields}
    return _answer(tenant.post("/v1/payments", body, token=_token(tenant, by)))


def paid_sale(
    tenant: Tenant,
    store_id: str,
    lines: Lines,
    amount: int,
    method: str = "CASH",
    seller: User | None = None,
    cashier: User | None = None,
) -> dict[str, Any]:
    """A sale submitted by `seller`, then paid `amount` by `cashier`: the sale after payment."""
    sale = submitted_sale(tenant, store_id, lines, by=seller)
    return dict(pay_sale(tenant, sale["id"], amount, method, by=cashier)["sale"])


def add_promotion(
    tenant: Tenant, name: str = "Promo", kind: str = "PERCENT", **fields: Any
) -> dict[str, Any]:
    """POST /v1/promotions: the new promotion (a PERCENT takes 10 % off unless told)."""
    if kind == "PERCENT":
        fields.setdefault("percent_bps", 1000)
    return _answer(tenant.post("/v1/promotions", {"name": name, "kind": kind, **fields}))


def add_delivery(
    tenant: Tenant, sale_id: str, by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/deliveries for a submitted sale: the PENDING delivery."""
    body = {"sale_id": sale_id, "address": "Rue Joss, Douala", **fields}
    return _answer(tenant.post("/v1/deliveries", body, token=_token(tenant, by)))


def move_delivery(
    tenant: Tenant, delivery_id: str, verb: str, by: User | None = None, **body: Any
) -> Reply:
    """POST /v1/deliveries/{id}/{verb} (assign, dispatch, deliver, fail, return, cancel); the
    answer unchecked, for the tests of the life cycle."""
    path = f"/v1/deliveries/{delivery_id}/{verb}"
    return tenant.post(path, body or None, token=_token(tenant, by))


def add_credit_account(
    tenant: Tenant, customer_id: str, credit_limit: int, by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/credit-accounts: the new ACTIVE account."""
    body = {"customer_id": customer_id, "credit_limit": credit_limit, **fields}
    return _answer(tenant.post("/v1/credit-accounts", body, token=_token(tenant, by)))


def adjust_credit(
    tenant: Tenant, account_id: str, amount: int, reason: str = "Opening balance"
) -> dict[str, Any]:
    """POST /v1/credit-accounts/{id}/adjustments as the ADMIN: `{"entry", "account"}`."""
    body = {"amount": amount, "reason": reason}
    return _answer(tenant.post(f"/v1/credit-accounts/{account_id}/adjustments", body))


def credit_ledger(
    tenant: Tenant, account_id: str, token: str | None = None
) -> list[dict[str, Any]]:
    """Every entry of GET /v1/credit-ledger?account_id=, newest first, page after page."""
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = tenant.get(
            f"/v1/credit-ledger?account_id={account_id}&limit=200{cursor}",
            token=token or tenant.token,
        )
        assert page.status == 200, page
        items += page.json["items"]
        if not page.json["next_cursor"]:
            return items
        cursor = f"&cursor={page.json['next_cursor']}"
