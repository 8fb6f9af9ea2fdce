"""Purchasing through the API, one builder per action: suppliers, purchase orders and their
verbs, goods receipts. `by` is the user who acts: the tenant's ADMIN when it is None."""

from __future__ import annotations

from typing import Any

from tests.support.accounts import Tenant, User
from tests.support.client import Reply
from tests.support.shop import add_product, add_store

Lines = list[dict[str, Any]]


def _token(tenant: Tenant, by: User | None) -> str:
    return by.token if by else tenant.token


def _answer(reply: Reply, status: int = 201) -> dict[str, Any]:
    assert reply.status == status, reply
    return dict(reply.json)


def add_supplier(tenant: Tenant, name: str = "Tecno Distribution", **fields: Any) -> dict[str, Any]:
    """POST /v1/suppliers: the new supplier."""
    return _answer(tenant.post("/v1/suppliers", {"name": name, **fields}))


def supplied_shop(
    tenant: Tenant, phone_cost: int | None = None, cable_cost: int | None = None
) -> dict[str, Any]:
    """Ids of a store, a supplier and two products to order: "phone" and "cable" (their cost
    set where given)."""

    def product(name: str, price: int, cost: int | None) -> Any:
        costed = {} if cost is None else {"cost": cost}
        return add_product(tenant, name=name, price=price, **costed)["id"]

    return {
        "store": add_store(tenant, "Akwa")["id"],
        "supplier": add_supplier(tenant)["id"],
        "phone": product("Tecno Spark 20", 85000, phone_cost),
        "cable": product("Câble USB-C", 2000, cable_cost),
    }


def order_lines(shop: dict[str, Any]) -> Lines:
    """Ten phones at 60 000 and fifty cables at 700, of a `supplied_shop`."""
    return [
        {"product_id": shop["phone"], "quantity": 10, "unit_cost": 60000},
        {"product_id": shop["cable"], "quantity": 50, "unit_cost": 700},
    ]


def draft_order(
    tenant: Tenant, supplier_id: str, store_id: str, lines: Lines, **fields: Any
) -> dict[str, Any]:
    """POST /v1/purchase-orders (lines of `product_id`, `quantity`, `unit_cost`): DRAFT."""
    body = {"supplier_id": supplier_id, "store_id": store_id, "lines": lines, **fields}
    return _answer(tenant.post("/v1/purchase-orders", body))


def order_verb(tenant: Tenant, order_id: str, verb: str, by: User | None = None) -> Reply:
    """POST /v1/purchase-orders/{id}/send|cancel|close; the answer unchecked."""
    return tenant.post(f"/v1/purchase-orders/{order_id}/{verb}", token=_token(tenant, by))


def sent_order(
    tenant: Tenant, supplier_id: str, store_id: str, lines: Lines, **fields: Any
) -> dict[str, Any]:
    """A purchase order drafted then sent: SENT."""
    order = draft_order(tenant, supplier_id, store_id, lines, **fields)
    return _answer(order_verb(tenant, order["id"], "send"), 200)


def post_receipt(
    tenant: Tenant, store_id: str, lines: Lines, by: User | None = None, **fields: Any
) -> Reply:
    """POST /v1/goods-receipts; the answer unchecked."""
    body = {"store_id": store_id, "lines": lines, **fields}
    return tenant.post("/v1/goods-receipts", body, token=_token(tenant, by))


def receive_goods(
    tenant: Tenant, store_id: str, lines: Lines, by: User | None = None, **fields: Any
) -> dict[str, Any]:
    """POST /v1/goods-receipts that succeeds: the receipt."""
    return _answer(post_receipt(tenant, store_id, lines, by, **fields))


def receive_at_cost(
    tenant: Tenant, store_id: str, product_id: str, quantity: int, unit_cost: int, **fields: Any
) -> dict[str, Any]:
    """A goods receipt of one product at `unit_cost` that succeeds: the receipt."""
    line = {"product_id": product_id, "quantity": quantity, "unit_cost": unit_cost}
    return receive_goods(tenant, store_id, [line], **fields)
