"""A tenant whose stores all hold rows of every store-scoped list, for the scope tests.

Store `mine` is the one the store-scoped users work in; `other` and `unassigned` hold the
same kinds of rows; `gone` held them too and is deleted. Every list a user of `mine` reads
must show rows of `mine` only (API.md, Roles), while the ADMIN sees the others' rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support import Tenant, User, add_user, sign_up, unique

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


def _ok(reply: Any) -> dict[str, Any]:
    assert reply.status in (200, 201), reply
    return dict(reply.json)


def _sell_and_pay(tenant: Tenant, store: str, product: str) -> None:
    _ok(tenant.post("/v1/cash-shifts", {"store_id": store, "opening_float": 5000}))
    sale = _ok(
        tenant.post(
            "/v1/sales", {"store_id": store, "lines": [{"product_id": product, "quantity": 1}]}
        )
    )
    _ok(tenant.post(f"/v1/sales/{sale['id']}/submit"))
    _ok(tenant.post("/v1/payments", {"sale_id": sale["id"], "method": "CARD", "amount": 2000}))


def build_store_world(tenant: Tenant, drain: Callable[[], int]) -> StoreWorld:
    stores = [
        _ok(tenant.post("/v1/stores", {"name": f"Magasin {code}", "code": code}))["id"]
        for code in ("MIN", "OTH", "UNA", "GON")
    ]
    product = _ok(
        tenant.post(
            "/v1/products", {"sku": unique("SCOPE").upper(), "name": "Radio", "price": 2000}
        )
    )["id"]
    for store in stores:
        line = {"store_id": store, "product_id": product}
        _ok(tenant.post("/v1/stock-movements", {**line, "type": "RECEIPT", "quantity": 20}))
        _ok(tenant.patch(f"/v1/stock/{store}/{product}", {"min_qty": 100}))
        _ok(
            tenant.post(
                "/v1/stock-counts",
                {"store_id": store, "lines": [{"product_id": product, "counted_qty": 20}]},
            )
        )
        _sell_and_pay(tenant, store, product)
    mine, other, unassigned, gone = stores
    for source, target in ((mine, other), (other, unassigned), (unassigned, gone)):
        lines = [{"product_id": product, "quantity": 1}]
        transfer = {"from_store_id": source, "to_store_id": target, "lines": lines}
        _ok(tenant.post("/v1/stock-transfers", transfer))
    drain()
    assert tenant.delete(f"/v1/stores/{gone}").status == 204
    return StoreWorld(tenant, mine, other, unassigned, gone, product)


def store_world(api: Any, drain: Callable[[], int]) -> StoreWorld:
    return build_store_world(sign_up(api, name="Quatre magasins"), drain)
