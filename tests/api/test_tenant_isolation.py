"""Tenant isolation on every route: tenant B's ADMIN calls with tenant A's ids get 404 and
change nothing in A; B's lists and reads never show A's ids; and within A, a user of another
store never sees the ids of store A's objects in any list.

Routes come from the app's route table. How to extend it when you add a route:
- a path parameter needs a factory in FACTORIES that creates such an object in tenant A and
  returns its id. The key is the parameter's name (`store_id`, `sale_id`, ...); a bare `{id}`
  is keyed `<collection>.id` (e.g. `products.id`). A route whose parameter has no factory
  fails the test and says which key to add. Factories may call `world.id("<key>")` to get
  other objects of A (created once, cached).
- READS tells how to read an object of A back (a GET path with `{}` for its id): the test
  compares it before and after B's call. Without an entry the object's own GET route is used.
- a POST/PATCH whose body must be valid to get past validation (the default is `{}`, and
  `{"version": <A's version>}` for PATCH) needs an entry in BODIES, so the call reaches the
  tenant check and answers 404 rather than 422.
- a GET collection that needs query parameters gets them in LIST_QUERIES.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests import support
from tests.support.route_access import ACCESS


@dataclass
class World:
    """Tenant A with one object of each kind, tenant B whose ADMIN attacks."""

    a: support.Tenant
    b: support.Tenant
    drain: Callable[[], int]
    ids: dict[str, str] = field(default_factory=dict)
    outsiders: dict[str, support.User] = field(default_factory=dict)

    def outsider(self, role: str) -> support.User:
        """A user of `role` in A who works in a store of their own, none of the objects'."""
        if role not in self.outsiders:
            store = support.add_store(self.a, "Deido", f"OUT{role[:3]}")["id"]
            self.outsiders[role] = support.add_user(self.a, role, [store])
        return self.outsiders[role]

    def id(self, key: str) -> str:
        if key not in self.ids:
            if key not in FACTORIES:
                pytest.fail(
                    f"No factory for path parameter {key!r}: add one to FACTORIES in "
                    "tests/api/test_tenant_isolation.py",
                    pytrace=False,
                )
            self.ids[key] = FACTORIES[key](self)
        return self.ids[key]


def _store(world: World) -> str:
    return str(support.add_store(world.a, "Akwa", "ISO")["id"])


def _session(world: World) -> str:
    sessions = world.a.get("/v1/auth/sessions").json["items"]
    return str(sessions[0]["id"])


def _product(world: World) -> str:
    return str(support.add_product(world.a, name="Tecno Spark 20", price=85000)["id"])


def _received_product(world: World) -> str:
    product = world.id("product_id")
    support.receive_stock(world.a, world.id("store_id"), product, 10)
    return product


def _lines_of_stocked_product(world: World, quantity_field: str) -> list[dict[str, Any]]:
    return [{"product_id": world.id("stocked_product"), quantity_field: 1}]


def _transfer(world: World) -> str:
    other = support.add_store(world.a, "Bonamoussadi", "ISB")["id"]
    lines = _lines_of_stocked_product(world, "quantity")
    return str(support.add_transfer(world.a, world.id("store_id"), other, lines)["id"])


def _count(world: World) -> str:
    lines = [{"product_id": world.id("stocked_product"), "counted_qty": 9}]
    return str(support.add_count(world.a, world.id("store_id"), lines)["id"])


def _sale(world: World) -> str:
    lines = _lines_of_stocked_product(world, "quantity")
    return str(support.draft_sale(world.a, world.id("store_id"), lines)["id"])


def _delivery(world: World) -> str:
    lines = _lines_of_stocked_product(world, "quantity")
    sale = support.submitted_sale(world.a, world.id("store_id"), lines)
    return str(support.add_delivery(world.a, sale["id"])["id"])


def _shift(world: World) -> str:
    return str(support.open_shift(world.a, world.id("store_id"), opening_float=5000)["id"])


def _alert(world: World) -> str:
    store, product = world.id("store_id"), world.id("stocked_product")
    support.set_thresholds(world.a, store, product, min_qty=50)
    world.drain()
    alerts = world.a.get(f"/v1/alerts?store_id={store}").json["items"]
    assert alerts, "a stock below its minimum raises an alert"
    return str(alerts[0]["id"])


def _order(world: World) -> str:
    lines = [{"product_id": world.id("product_id"), "quantity": 5, "unit_cost": 1000}]
    return str(
        support.draft_order(world.a, world.id("supplier_id"), world.id("store_id"), lines)["id"]
    )


def _receipt(world: World) -> str:
    lines = [{"product_id": world.id("product_id"), "quantity": 2, "unit_cost": 1000}]
    supplier = world.id("supplier_id")
    return str(
        support.receive_goods(world.a, world.id("store_id"), lines, supplier_id=supplier)["id"]
    )


def _credit_account(world: World) -> str:
    """An account of A's customer that owes something, so its ledger has an entry."""
    account = support.add_credit_account(world.a, world.id("customer_id"), 50000)["id"]
    support.adjust_credit(world.a, account, 12000)
    return str(account)


def _loyalty_customer(world: World) -> str:
    """A customer of A's holding points, so its points ledger has an entry."""
    customer = str(support.add_customer(world.a, "Client fidèle")["id"])
    assert support.adjust_points(world.a, customer, 25).status == 201
    return customer


def _import_job(world: World) -> str:
    from chalicelib.catalog import import_jobs

    lines = "".join(f"ISO-IMPORT-{n},Article {n},{100 + n}\n" for n in range(3))
    limit, import_jobs.SYNC_MAX_LINES = import_jobs.SYNC_MAX_LINES, 1
    try:
        reply = support.import_csv(world.a, "sku,name,price\n" + lines)
    finally:
        import_jobs.SYNC_MAX_LINES = limit
    assert reply.status == 202, reply
    return str(reply.json["job"]["id"])


FACTORIES: dict[str, Callable[[World], str]] = {
    "store_id": _store,
    "user_id": lambda world: support.add_user(world.a, "SALES", [world.id("store_id")]).id,
    "session_id": _session,
    "category_id": lambda world: support.add_category(world.a, "Phones")["id"],
    "brand_id": lambda world: support.add_brand(world.a, "Tecno")["id"],
    "product_id": _product,
    "stocked_product": _received_product,
    "customer_id": lambda world: support.add_customer(world.a, "Mama Ngono")["id"],
    "transfer_id": _transfer,
    "count_id": _count,
    "sale_id": _sale,
    "shift_id": _shift,
    "alert_id": _alert,
    "job_id": _import_job,
    "supplier_id": lambda world: support.add_supplier(world.a, "Tecno Distribution")["id"],
    "order_id": _order,
    "receipt_id": _receipt,
    "delivery_id": _delivery,
    "promotion_id": lambda world: support.add_promotion(world.a, "Soldes", percent_bps=1000)["id"],
    "account_id": _credit_account,
    "loyalty_customer_id": _loyalty_customer,
}

READS: dict[str, str] = {
    "session_id": "/v1/auth/sessions",
}


def _lines(world: World, quantity_field: str) -> dict[str, Any]:
    return {"lines": _lines_of_stocked_product(world, quantity_field)}


BODIES: dict[tuple[str, str], Callable[[World], Any]] = {
    ("POST", "/v1/stores/{store_id}/assign-users"): lambda world: {"user_ids": [world.b.admin_id]},
    ("PATCH", "/v1/stock/{store_id}/{product_id}"): lambda world: {"min_qty": 3},
    ("POST", "/v1/stock-transfers/{transfer_id}/receive"): lambda world: _lines(
        world, "quantity_received"
    ),
    ("POST", "/v1/sales/{sale_id}/cancel"): lambda world: {"reason": "client left"},
    ("POST", "/v1/sales/{sale_id}/refunds"): lambda world: _lines(world, "quantity"),
    ("POST", "/v1/cash-shifts/{shift_id}/close"): lambda world: {"counted_cash": 5000},
    ("POST", "/v1/deliveries/{delivery_id}/assign"): lambda world: {"courier_id": world.b.admin_id},
    ("POST", "/v1/deliveries/{delivery_id}/fail"): lambda world: {"reason": "absent"},
    ("POST", "/v1/credit-accounts/{account_id}/schedules"): lambda world: {
        "installments": [{"due_date": "2030-01-31", "amount": 1000}]
    },
    ("POST", "/v1/credit-accounts/{account_id}/repayments"): lambda world: {
        "amount": 1000,
        "method": "MOBILE_MONEY",
        "reference": "MP-1",
    },
    ("POST", "/v1/credit-accounts/{account_id}/adjustments"): lambda world: {
        "amount": 1000,
        "reason": "correction",
    },
    ("POST", "/v1/customers/{customer_id}/loyalty-adjustments"): lambda world: {
        "points": 10,
        "reason": "correction",
    },
    ("POST", "/v1/cash-shifts/{shift_id}/movements"): lambda world: {
        "type": "PAY_IN",
        "amount": 1000,
        "reason": "change",
    },
}

LIST_QUERIES: dict[str, Callable[[World], str]] = {
    "/v1/credit-ledger": lambda world: f"?account_id={world.id('account_id')}",
    "/v1/loyalty-ledger": lambda world: f"?customer_id={world.id('loyalty_customer_id')}",
}


def _routes() -> list[Any]:
    import app  # noqa: F401  - registers every blueprint
    from chalicelib.http import ROUTES

    return sorted(ROUTES, key=lambda spec: (spec.path, spec.method))


def _params(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)


def _key(path: str, param: str) -> str:
    if param != "id":
        return param
    segments = path.split("/")
    return segments[segments.index("{id}") - 1] + ".id"


def _own_read(path: str, param: str) -> str | None:
    """The GET route of the object a parameter names: the path up to that parameter."""
    prefix = path[: path.index("{" + param + "}") + len(param) + 2]
    reads = {spec.path for spec in _routes() if spec.method == "GET"}
    return (
        re.sub(r"\{[^}]+\}", "{}", prefix) if prefix in reads and prefix.count("{") == 1 else None
    )


@pytest.fixture(scope="module")
def world(stack: Any) -> World:
    return World(
        a=support.sign_up(stack.api, name="Shop A"),
        b=support.sign_up(stack.api, name="Shop B"),
        drain=stack.drain,
    )


def _snapshot(world: World, path: str) -> dict[str, Any]:
    shots = {}
    for param in _params(path):
        key = _key(path, param)
        read = READS.get(key) or _own_read(path, param)
        if read is not None:
            reply = world.a.get(read.replace("{}", world.id(key)))
            shots[key] = (reply.status, reply.json)
    return shots


def _body(world: World, method: str, path: str, concrete: str) -> Any:
    if (method, path) in BODIES:
        return BODIES[(method, path)](world)
    if method == "PATCH":
        current = world.a.get(concrete)
        version = current.json.get("version", 1) if current.status == 200 else 1
        return {"version": version}
    return {} if method == "POST" else None


ROUTES_WITH_IDS = [spec for spec in _routes() if _params(spec.path) and not spec.is_public]
READ_ROUTES = [
    spec
    for spec in _routes()
    if spec.method == "GET" and not _params(spec.path) and not spec.is_public
]


@pytest.mark.parametrize("spec", ROUTES_WITH_IDS, ids=lambda s: f"{s.method} {s.path}")
def test_other_tenants_ids_are_not_found_and_untouched(world: World, spec: Any) -> None:
    concrete = spec.path
    for param in _params(spec.path):
        concrete = concrete.replace("{" + param + "}", world.id(_key(spec.path, param)))
    before = _snapshot(world, spec.path)
    body = _body(world, spec.method, spec.path, concrete)
    reply = world.b.api.request(spec.method, concrete, json_body=body, token=world.b.token)
    assert reply.status == 404, (
        f"{spec.method} {spec.path} by another tenant: {reply}. If this is a 422, give the "
        "route a valid body in BODIES."
    )
    assert reply.json["code"] == "NOT_FOUND"
    assert _snapshot(world, spec.path) == before


@pytest.mark.parametrize("spec", READ_ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_reads_never_show_the_other_tenants_ids(world: World, spec: Any) -> None:
    for key in FACTORIES:
        world.id(key)
    query = LIST_QUERIES[spec.path](world) if spec.path in LIST_QUERIES else ""
    reply = world.b.get(spec.path + query)
    assert reply.status == 200, reply
    text = reply.body.decode("utf-8", errors="replace")
    leaked = {
        key
        for key, value in {**world.ids, "tenant": world.a.id, "admin": world.a.admin_id}.items()
        if value in text
    }
    assert not leaked, f"GET {spec.path} shows tenant A's {sorted(leaked)}"


# The objects that belong to tenant A's store `store_id` (FACTORIES), which only a user of
# that store (or an ADMIN) may see in a list.
STORE_OBJECTS = (
    "store_id",
    "transfer_id",
    "count_id",
    "sale_id",
    "shift_id",
    "alert_id",
    "order_id",
    "receipt_id",
    "delivery_id",
)
# The store itself is a tenant-wide record: every user lists stores, and its audit entries.
SHOWING_STORES = ("/v1/stores", "/v1/audit-log")
OUTSIDER_ROLES = ("MANAGER", "STOCKER", "COURIER", "VIEWER")


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
@pytest.mark.parametrize("spec", READ_ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_lists_never_show_another_stores_objects(world: World, spec: Any, role: str) -> None:
    for key in FACTORIES:
        world.id(key)
    query = LIST_QUERIES[spec.path](world) if spec.path in LIST_QUERIES else ""
    reply = world.a.get(spec.path + query, token=world.outsider(role).token)
    if role not in ACCESS[(spec.method, spec.path)]:
        assert reply.status == 403, reply
        return
    assert reply.status == 200, reply
    text = reply.body.decode("utf-8", errors="replace")
    shown = {key for key in STORE_OBJECTS if world.ids[key] in text}
    assert shown <= ({"store_id"} if spec.path in SHOWING_STORES else set()), (
        f"{role} of another store: GET {spec.path} shows store A's {sorted(shown)}"
    )
