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
from typing import Any

from tests.support.accounts import Tenant, User, add_user, sign_up, unique
from tests.support.client import Api, Reply
from tests.support.shop import (
    add_count,
    add_product,
    add_store,
    add_transfer,
    move_stock,
    open_shift,
    paid_sale,
    receive_stock,
    set_thresholds,
    stock_level,
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
    "/v1/stock-movements": ("store_id",),
    "/v1/stock-transfers": ("from_store_id", "to_store_id"),
    "/v1/stock-counts": ("store_id",),
    "/v1/sales": ("store_id",),
    "/v1/payments": ("store_id",),
    "/v1/cash-shifts": ("store_id",),
    "/v1/alerts": ("store_id",),
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


def _fill_store(tenant: Tenant, store: str, product: str) -> None:
    """Stock below its minimum, a count, and a sale paid in a shift of the store."""
    receive_stock(tenant, store, product, 20)
    set_thresholds(tenant, store, product, min_qty=100)
    add_count(tenant, store, [{"product_id": product, "counted_qty": 20}])
    open_shift(tenant, store, opening_float=5000)
    paid_sale(tenant, store, [{"product_id": product, "quantity": 1}], 2000, "CARD")


def build_store_world(tenant: Tenant, drain: Callable[[], int]) -> StoreWorld:
    stores = [
        add_store(tenant, f"Magasin {code}", code)["id"] for code in ("MIN", "OTH", "UNA", "GON")
    ]
    product = add_product(tenant, sku=unique("SCOPE").upper(), name="Radio", price=2000)["id"]
    for store in stores:
        _fill_store(tenant, store, product)
    mine, other, unassigned, gone = stores
    for source, target in ((mine, other), (other, unassigned), (unassigned, gone)):
        add_transfer(tenant, source, target, [{"product_id": product, "quantity": 1}])
    drain()
    assert tenant.delete(f"/v1/stores/{gone}").status == 204
    return StoreWorld(tenant, mine, other, unassigned, gone, product)


def store_world(api: Api, drain: Callable[[], int]) -> StoreWorld:
    return build_store_world(sign_up(api, name="Quatre magasins"), drain)
