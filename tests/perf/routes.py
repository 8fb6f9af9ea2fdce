"""Calls and capacity per route for the catalog, stock, promotion and delivery routes, at two
catalog sizes: the calls of a route must not grow with the catalog (except by pages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.perf.counter import DynamoCounter, Usage
from tests.support import (
    Reply,
    Tenant,
    add_store,
    add_user,
    credit_till,
    customer_with_points,
    loyalty_till,
    open_shift,
    open_stack,
    pay_sale,
    sign_up,
    stocked_product,
    submitted_sale,
    unique,
)


@dataclass
class World:
    tenant: Tenant
    stores: list[str]
    products: list[str]
    ids: dict[str, str] = field(default_factory=dict)


class Bench:
    def __init__(self, counter: DynamoCounter) -> None:
        self.counter = counter
        self.results: dict[str, Usage] = {}

    def measure(self, label: str, call: Callable[[], Reply]) -> Reply:
        self.counter.reset()
        reply = call()
        assert reply.status < 400, (label, reply)
        self.results[label] = self.counter.reset()
        return reply

    def run(self, label: str, call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Measure work that is not a request (a scheduled job): it must report no failure."""
        self.counter.reset()
        summary = call()
        assert not summary.get("failures"), (label, summary)
        self.results[label] = self.counter.reset()
        return summary


def catalog_routes(bench: Bench, world: World) -> None:
    t, product = world.tenant, world.products[0]
    bench.measure("GET /v1/products", lambda: t.get("/v1/products?limit=50"))
    bench.measure("GET /v1/products?search=", lambda: t.get("/v1/products?search=art"))
    bench.measure("GET /v1/products/{id}", lambda: t.get(f"/v1/products/{product}"))
    created = bench.measure(
        "POST /v1/products",
        lambda: t.post(
            "/v1/products", {"sku": unique("B").upper(), "name": "Article banc", "price": 1000}
        ),
    )
    bench.measure(
        "PATCH /v1/products/{id}",
        lambda: t.patch(f"/v1/products/{created.json['id']}", {"version": 1, "price": 1100}),
    )
    bench.measure("GET /v1/categories", lambda: t.get("/v1/categories"))
    bench.measure("GET /v1/brands", lambda: t.get("/v1/brands"))


def stock_routes(bench: Bench, world: World) -> None:
    t, (akwa, bnm), product = world.tenant, world.stores, world.products[1]
    bench.measure(
        "POST /v1/stock-movements",
        lambda: t.post(
            "/v1/stock-movements",
            {"store_id": akwa, "product_id": product, "type": "RECEIPT", "quantity": 5},
        ),
    )
    bench.measure(
        "PATCH /v1/stock/{store}/{product}",
        lambda: t.patch(f"/v1/stock/{akwa}/{product}", {"min_qty": 3}),
    )
    bench.measure("GET /v1/stock?store_id=", lambda: t.get(f"/v1/stock?store_id={akwa}"))
    bench.measure("GET /v1/stock?product_id=", lambda: t.get(f"/v1/stock?product_id={product}"))
    bench.measure("GET /v1/stock?below_min=true", lambda: t.get("/v1/stock?below_min=true"))
    bench.measure(
        "GET /v1/stock-movements?store_id=", lambda: t.get(f"/v1/stock-movements?store_id={akwa}")
    )
    bench.measure(
        "GET /v1/stock-movements?product_id=",
        lambda: t.get(f"/v1/stock-movements?product_id={product}"),
    )
    lines = [{"product_id": product, "quantity": 1}]
    transfer = bench.measure(
        "POST /v1/stock-transfers",
        lambda: t.post(
            "/v1/stock-transfers", {"from_store_id": akwa, "to_store_id": bnm, "lines": lines}
        ),
    ).json["id"]
    bench.measure(
        "POST /v1/stock-transfers/{id}/ship", lambda: t.post(f"/v1/stock-transfers/{transfer}/ship")
    )
    bench.measure(
        "POST /v1/stock-transfers/{id}/receive",
        lambda: t.post(
            f"/v1/stock-transfers/{transfer}/receive",
            {"lines": [{"product_id": product, "quantity_received": 1}]},
        ),
    )
    bench.measure("GET /v1/stock-transfers", lambda: t.get("/v1/stock-transfers"))
    bench.measure("GET /v1/stock-transfers/{id}", lambda: t.get(f"/v1/stock-transfers/{transfer}"))
    count = bench.measure(
        "POST /v1/stock-counts",
        lambda: t.post(
            "/v1/stock-counts",
            {"store_id": akwa, "lines": [{"product_id": product, "counted_qty": 2}]},
        ),
    ).json["id"]
    bench.measure(
        "POST /v1/stock-counts/{id}/apply", lambda: t.post(f"/v1/stock-counts/{count}/apply")
    )
    bench.measure("GET /v1/stock-counts", lambda: t.get("/v1/stock-counts"))
    bench.measure("GET /v1/alerts", lambda: t.get("/v1/alerts?status=OPEN"))


def access_check(bench: Bench, world: World) -> None:
    """A token's session and user are read once per session and container per minute."""
    from chalicelib.identity.access import CACHE

    t = world.tenant
    CACHE.clear()
    read = bench.measure("GET /v1/brands, session read", lambda: t.get("/v1/brands"))
    cached = bench.measure("GET /v1/brands, session cached", lambda: t.get("/v1/brands"))
    assert read.status == cached.status == 200


def promotion_routes(bench: Bench, world: World) -> None:
    """Three promotions a line may match (its product, the tenant, a stackable one), then the
    sale routes that price with them."""
    t, akwa, product = world.tenant, world.stores[0], world.products[2]
    for name, extra in (
        ("Produit -10 %", {"product_ids": [product]}),
        ("Tout -5 %", {"percent_bps": 500}),
        ("Cumulable -2 %", {"percent_bps": 200, "stackable": True}),
    ):
        body = {"name": name, "kind": "PERCENT", "percent_bps": 1000, **extra}
        bench.measure("POST /v1/promotions", lambda body=body: t.post("/v1/promotions", body))
    lines = [{"product_id": product, "quantity": 2}]
    sale = {"store_id": akwa, "lines": lines}
    bench.measure("POST /v1/promotions/preview", lambda: t.post("/v1/promotions/preview", sale))
    bench.measure("POST /v1/sales (3 promotions)", lambda: t.post("/v1/sales", sale))
    bench.measure("GET /v1/promotions", lambda: t.get("/v1/promotions"))


def promotion_fanout(bench: Bench, world: World) -> None:
    """A 5-line sale in a tenant of its own holding 0, 5 then 50 promotions, each on one of the
    sale's products: the reads fan out by place (product, category, tenant), not by promotion."""
    t = sign_up(world.tenant.api, name="Banc des promotions")
    store = add_store(t, "Akwa", "AKW")["id"]
    products = [stocked_product(t, store, 100, price=1000 * (n + 1))["id"] for n in range(5)]
    sale = {"store_id": store, "lines": [{"product_id": p, "quantity": 3} for p in products]}
    held = 0
    for count in (0, 5, 50):
        for n in range(held, count):
            promotion = {
                "name": f"Promotion {n}",
                "kind": "PERCENT",
                "percent_bps": 100 + n,
                "product_ids": [products[n % len(products)]],
                "stackable": n % 2 == 1,
            }
            assert t.post("/v1/promotions", promotion).status == 201
        held = count
        bench.measure(
            f"POST /v1/sales (5 lines, {count} promotions)", lambda: t.post("/v1/sales", sale)
        )


def purchasing_routes(bench: Bench, world: World) -> None:
    """A 10-line goods receipt, a paid sale of a lot-tracked product taking two lots, and the
    reorder suggestions of the store (its products below their minimum only)."""
    t, akwa = world.tenant, world.stores[0]
    supplier = t.post("/v1/suppliers", {"name": unique("Fournisseur")}).json["id"]
    lines = [
        {"product_id": product, "quantity": 5, "unit_cost": 900 + n}
        for n, product in enumerate(world.products[:10])
    ]
    receipt = {"store_id": akwa, "supplier_id": supplier, "lines": lines}
    bench.measure(
        "POST /v1/goods-receipts (10 lines)", lambda: t.post("/v1/goods-receipts", receipt)
    )
    body = {"sku": unique("LOT").upper(), "name": "Sirop", "price": 1200, "track_lots": True}
    lotted = t.post("/v1/products", body).json["id"]
    for lot, days in (("B1", 30), ("B2", 60)):
        movement = {"store_id": akwa, "product_id": lotted, "type": "RECEIPT", "quantity": 2,
                    "lot": lot, "expiry_date": f"2099-01-{days // 30:02d}"}  # fmt: skip
        assert t.post("/v1/stock-movements", movement).status == 201
    cashier = add_user(t, "CASHIER", [akwa])
    open_shift(t, akwa, by=cashier)
    sale = submitted_sale(t, akwa, [{"product_id": lotted, "quantity": 3}])
    t.get("/v1/auth/me", token=cashier.token)  # the cashier's session read is not the payment's
    paid = bench.measure(
        "POST /v1/payments (lots: takes 2)",
        lambda: t.post(
            "/v1/payments",
            {"sale_id": sale["id"], "method": "CARD", "amount": sale["total"], "reference": "c"},
            token=cashier.token,
        ),
    )
    assert len(paid.json["sale"]["lines"][0]["lots"]) == 2
    bench.measure(
        "GET /v1/reorder-suggestions",
        lambda: t.get(f"/v1/reorder-suggestions?store_id={akwa}"),
    )


def credit_routes(bench: Bench, world: World) -> None:
    """In a tenant of its own: a CREDIT payment, a repayment settling parts of two instalments,
    and the statement of an account with 100 entries."""
    till = credit_till(world.tenant.api)
    customer, account = till.customer(limit=1_000_000)
    sale = till.sale(customer, 4000)
    till.tenant.get("/v1/auth/me", token=till.cashier.token)  # the session read is not the pay's
    bench.measure("POST /v1/payments (CREDIT)", lambda: till.pay(sale, 4000))
    due = [{"due_date": f"2099-0{month}-01", "amount": 2000} for month in (1, 2)]
    path = f"/v1/credit-accounts/{account}"
    schedule = till.tenant.post(f"{path}/schedules", {"sale_id": sale, "installments": due})
    assert schedule.status == 201, schedule
    repayment = {"amount": 3000, "method": "MOBILE_MONEY", "reference": "MP-1"}
    repaid = bench.measure(
        "POST /v1/credit-accounts/{id}/repayments (2 instalments)",
        lambda: till.tenant.post(f"{path}/repayments", repayment),
    )
    assert len(repaid.json["allocations"]) == 2, repaid.json
    for n in range(98):  # with the charge and the repayment: 100 entries
        adjusted = till.tenant.post(f"{path}/adjustments", {"amount": 10 + n, "reason": "Cahier"})
        assert adjusted.status == 201, adjusted
    bench.measure(
        "GET /v1/credit-accounts/{id}/statement (100 entries)",
        lambda: till.tenant.get(f"{path}/statement"),
    )


def loyalty_routes(bench: Bench, world: World) -> None:
    """In a tenant of its own with loyalty on: a LOYALTY payment of part of a sale."""
    till = loyalty_till(world.tenant.api)
    customer = customer_with_points(till, 500)
    sale = till.sale(customer, 2000)
    till.tenant.get("/v1/auth/me", token=till.cashier.token)  # the session read is not the pay's
    bench.measure(
        "POST /v1/payments (LOYALTY, 100 points)",
        lambda: till.pay(sale, 1000, method="LOYALTY"),
    )


def delivery_routes(bench: Bench, world: World) -> None:
    """A paid sale's delivery through its life, moved by a manager and a courier."""
    t, akwa, product = world.tenant, world.stores[0], world.products[3]
    courier, cashier = add_user(t, "COURIER", [akwa]), add_user(t, "CASHIER", [akwa])
    sale = submitted_sale(t, akwa, [{"product_id": product, "quantity": 1}])
    open_shift(t, akwa, by=cashier)
    pay_sale(t, sale["id"], sale["total"], by=cashier)
    body = {"sale_id": sale["id"], "address": "Rue Joss, Douala"}
    delivery = bench.measure("POST /v1/deliveries", lambda: t.post("/v1/deliveries", body))
    path = f"/v1/deliveries/{delivery.json['id']}"
    assign = {"courier_id": courier.id}
    bench.measure("POST /v1/deliveries/{id}/assign", lambda: t.post(f"{path}/assign", assign))
    t.get("/v1/auth/me", token=courier.token)  # the courier's session read is not the move's
    bench.measure(
        "POST /v1/deliveries/{id}/dispatch (courier)",
        lambda: t.post(f"{path}/dispatch", None, token=courier.token),
    )
    bench.measure(
        "POST /v1/deliveries/{id}/deliver (courier)",
        lambda: t.post(f"{path}/deliver", {"note": "ok"}, token=courier.token),
    )
    bench.measure(
        "GET /v1/deliveries (courier)", lambda: t.get("/v1/deliveries", token=courier.token)
    )


def scheduled_jobs(bench: Bench, world: World) -> None:
    """Each scheduled job run for the bench's tenant alone: its requests per tenant, at both
    catalog sizes (the tenant's sales, shifts, levels, credit and lots are found by key)."""
    from chalicelib import jobs, tenancy

    tenant_id = world.tenant.id
    zones = {tenant_id: tenancy.tenant_settings(tenant_id).timezone}
    for name in jobs.job_names():
        bench.run(f"job {name}, per tenant", lambda name=name: jobs.run_job(name, zones=zones))


SCENARIOS: list[Callable[[Bench, World], None]] = [
    catalog_routes,
    stock_routes,
    promotion_routes,
    promotion_fanout,
    purchasing_routes,
    credit_routes,
    loyalty_routes,
    delivery_routes,
    scheduled_jobs,
    access_check,
]


def _grow_catalog(world: World, size: int) -> None:
    while len(world.products) < size:
        name = f"Article {len(world.products)}"
        product = stocked_product(world.tenant, world.stores[0], 10, name=name, price=2500)
        world.products.append(str(product["id"]))


def _capacity(usage: Usage) -> str:
    if not usage.capacity_reported:
        return "n/a"
    return f"{usage.read_units:g}R/{usage.write_units:g}W"


def run_routes(backend: str, port: int, small: int, large: int) -> None:
    counter = DynamoCounter()
    counter.install()
    with open_stack(backend, port) as stack:
        tenant = sign_up(stack.api, name="Banc d'essai")
        stores = [
            add_store(tenant, name, code)["id"]
            for name, code in (("Akwa", "AKW"), ("Bonamoussadi", "BNM"))
        ]
        world = World(tenant, stores, [])
        runs: list[dict[str, Usage]] = []
        for size in (small, large):
            _grow_catalog(world, size)
            bench = Bench(counter)
            for scenario in SCENARIOS:
                scenario(bench, world)
            runs.append(bench.results)
        _print(backend, (small, large), runs)


def _print(backend: str, sizes: tuple[int, int], runs: list[dict[str, Any]]) -> None:
    print(f"DynamoDB per request ({backend}); catalog of {sizes[0]} then {sizes[1]} products")
    header = (
        f"{'route':<58} {'calls@' + str(sizes[0]):>9} {'calls@' + str(sizes[1]):>10}"
        f"  {'capacity':>12}  operations"
    )
    print(header)
    print("-" * len(header))
    for label, usage in runs[1].items():
        before = runs[0].get(label)
        print(
            f"{label:<58} {before.total_calls if before else '-':>9} {usage.total_calls:>10}"
            f"  {_capacity(usage):>12}  {usage.detail()}"
        )
    extra = runs[1]["GET /v1/brands, session read"].total_calls - (
        runs[1]["GET /v1/brands, session cached"].total_calls
    )
    print(
        f"access check: {extra} extra call(s) on a session's first request of the minute in a"
        " container, none on the others"
    )
