"""Tenants set up once for a whole test module, from the builders of tests/support/shop.py.

`Shop`: a tenant with two stores, for the stock tests. `StoreWorld`: a tenant whose stores all
hold rows of every store-scoped list, for the scope tests. Store `mine` is the one the
store-scoped users work in; `other` and `unassigned` hold the same kinds of rows; `gone` held
them too and is deleted. Every list a user of `mine` reads must show rows of `mine` only
(API.md, Roles), while the ADMIN sees the others' rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.accounts import Tenant, User, add_user, sign_up, unique
from tests.support.client import Api, Reply
from tests.support.purchasing import add_supplier, receive_goods, sent_order
from tests.support.shop import (
    add_count,
    add_delivery,
    add_product,
    add_store,
    add_transfer,
    move_stock,
    open_shift,
    paid_sale,
    pay_sale,
    receive_stock,
    set_thresholds,
    stock_level,
    submitted_sale,
)


@dataclass
class Shop:
    """A tenant with two stores, Akwa and Bonamoussadi."""

    tenant: Tenant
    akwa: str
    bonamoussadi: str

    def product(self, **fields: Any) -> str:
        return str(add_product(self.tenant, **fields)["id"])

    def move(
        self, product_id: str, kind: str, quantity: int, store_id: str | None = None, **extra: Any
    ) -> Reply:
        return move_stock(self.tenant, store_id or self.akwa, product_id, kind, quantity, **extra)

    def level(self, product_id: str, store_id: str | None = None) -> dict[str, Any]:
        return stock_level(self.tenant, store_id or self.akwa, product_id)


def open_shop(api: Api) -> Shop:
    """A tenant with two stores, shared by a test module."""
    tenant = sign_up(api, name="Électronique Akwa")
    stores = [
        add_store(tenant, name, code)["id"]
        for name, code in (("Akwa", "AKW"), ("Bonamoussadi", "BNM"))
    ]
    return Shop(tenant, *stores)


# The lists whose rows belong to stores, and the fields that name a row's stores: a user
# limited to some stores sees a row only when one of these names one of theirs.
STORE_FIELDS: dict[str, tuple[str, ...]] = {
    "/v1/stock": ("store_id",),
    "/v1/stock/lots": ("store_id",),
    "/v1/stock-movements": ("store_id",),
    "/v1/stock-transfers": ("from_store_id", "to_store_id"),
    "/v1/stock-counts": ("store_id",),
    "/v1/sales": ("store_id",),
    "/v1/payments": ("store_id",),
    "/v1/cash-shifts": ("store_id",),
    "/v1/alerts": ("store_id",),
    "/v1/purchase-orders": ("store_id",),
    "/v1/goods-receipts": ("store_id",),
    "/v1/reorder-suggestions": ("store_id",),
    "/v1/deliveries": ("store_id",),
    "/v1/reports/kpi-snapshots": ("store_id",),
}


@dataclass
class StoreWorld:
    """A tenant whose four stores hold rows of every store-scoped list (see above)."""

    tenant: Tenant
    mine: str
    other: str
    unassigned: str
    gone: str
    product: str
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User:
        """A user of `role` working in store `mine` only."""
        if role not in self.users:
            self.users[role] = add_user(self.tenant, role, [self.mine])
        return self.users[role]

    def read_all(self, path: str, token: str | None = None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            separator = "&" if "?" in path else "?"
            page = self.tenant.get(
                f"{path}{separator}limit=200{cursor}", token=token or self.tenant.token
            )
            assert page.status == 200, (path, page)
            items += page.json["items"]
            if not page.json["next_cursor"]:
                return items
            cursor = f"&cursor={page.json['next_cursor']}"


def stores_of(path: str, item: dict[str, Any]) -> set[str | None]:
    return {item.get(name) for name in STORE_FIELDS[path]}


def _fill_store(tenant: Tenant, store: str, product: str, supplier: str, lotted: str) -> None:
    """Stock below its minimum, a lot, a count, a sale paid in a shift of the store and
    delivered, an order sent to a supplier and a goods receipt."""
    receive_stock(tenant, store, product, 20)
    lot = move_stock(tenant, store, lotted, "RECEIPT", 3, lot="L1", expiry_date="2099-12-31")
    assert lot.status == 201, lot
    set_thresholds(tenant, store, product, min_qty=100)
    add_count(tenant, store, [{"product_id": product, "counted_qty": 20}])
    open_shift(tenant, store, opening_float=5000)
    sale = paid_sale(tenant, store, [{"product_id": product, "quantity": 1}], 2000, "CARD")
    add_delivery(tenant, sale["id"])
    sent_order(tenant, supplier, store, [{"product_id": product, "quantity": 5, "unit_cost": 900}])
    receipt = [{"product_id": product, "quantity": 1, "unit_cost": 900}]
    receive_goods(tenant, store, receipt, supplier_id=supplier)


def build_store_world(tenant: Tenant, drain: Callable[[], int]) -> StoreWorld:
    stores = [
        add_store(tenant, f"Magasin {code}", code)["id"] for code in ("MIN", "OTH", "UNA", "GON")
    ]
    product = add_product(tenant, sku=unique("SCOPE").upper(), name="Radio", price=2000)["id"]
    supplier = add_supplier(tenant, "Radio Distribution")["id"]
    lotted = add_product(tenant, sku=unique("LOT").upper(), name="Sirop", track_lots=True)["id"]
    for store in stores:
        _fill_store(tenant, store, product, supplier, lotted)
    mine, other, unassigned, gone = stores
    for source, target in ((mine, other), (other, unassigned), (unassigned, gone)):
        add_transfer(tenant, source, target, [{"product_id": product, "quantity": 1}])
    drain()
    _snapshot_today(tenant.id)
    assert tenant.delete(f"/v1/stores/{gone}").status == 204
    return StoreWorld(tenant, mine, other, unassigned, gone, product)


def _snapshot_today(tenant_id: str) -> None:
    """Today's KPI snapshots of the tenant and each store, as the kpi-snapshot job takes them."""
    from chalicelib.reports.jobs import kpi_snapshot
    from chalicelib.tenancy import tenant_settings

    zone = ZoneInfo(tenant_settings(tenant_id).timezone)
    kpi_snapshot(tenant_id, datetime.now(zone).date())


def store_world(api: Api, drain: Callable[[], int]) -> StoreWorld:
    return build_store_world(sign_up(api, name="Quatre magasins"), drain)


@dataclass
class Counter:
    """A tenant selling in store Akwa (and Bonamoussadi): a seller, a cashier with an open shift
    in each store, a manager, and stocked products; for the reports."""

    tenant: Tenant
    store: str
    other_store: str
    seller: User
    cashier: User
    manager: User

    def product(self, price: int = 5000, cost: int = 3000, stock: int = 500, **fields: Any) -> str:
        fields = {"price": price, "cost": cost, "tax_rate_bps": 1925, **fields}
        product = add_product(self.tenant, **fields)
        for store in (self.store, self.other_store):
            receive_stock(self.tenant, store, product["id"], stock)
        return str(product["id"])

    def sell(
        self,
        lines: list[dict[str, Any]],
        payments: list[tuple[str, int, int | None]] | None = None,
        store: str | None = None,
    ) -> dict[str, Any]:
        """A sale submitted and paid: by default in CASH for its total; `payments` are
        (method, amount, tendered). The sale as the last payment left it."""
        sale = submitted_sale(self.tenant, store or self.store, lines, by=self.seller)
        paying = payments or [("CASH", sale["total"], None)]
        for method, amount, tendered in paying:
            sale = self.pay(sale["id"], method, amount, tendered)
        return sale

    def pay(
        self, sale_id: str, method: str, amount: int, tendered: int | None = None
    ) -> dict[str, Any]:
        """POST /v1/payments by the cashier (an operator reference but for CASH): the sale."""
        extra: dict[str, Any] = {"tendered": tendered} if tendered is not None else {}
        if method != "CASH":
            extra["reference"] = unique("op")
        return dict(
            pay_sale(self.tenant, sale_id, amount, method, by=self.cashier, **extra)["sale"]
        )

    def refund(self, sale_id: str, lines: list[dict[str, Any]], method: str = "CARD") -> Reply:
        body = {"lines": lines, "restock": True, "method": method}
        return self.tenant.post(f"/v1/sales/{sale_id}/refunds", body, token=self.manager.token)


def open_counter(api: Api) -> Counter:
    """A tenant with two stores and its staff, shared by a test module."""
    tenant = sign_up(api, name="Supermarché Akwa")
    store, other = (
        add_store(tenant, name, code)["id"] for name, code in (("Akwa", "AKW"), ("Bali", "BAL"))
    )
    seller = add_user(tenant, "SALES", [store, other])
    cashier = add_user(tenant, "CASHIER", [store, other])
    manager = add_user(tenant, "MANAGER", [store, other])
    for shop in (store, other):
        open_shift(tenant, shop, by=cashier, opening_float=100_000)
    return Counter(tenant, store, other, seller, cashier, manager)
