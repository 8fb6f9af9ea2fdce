"""Warm latency per route, and the handler's own time outside DynamoDB.

    .venv/bin/python -m tests.perf.bench_latency [--backend local|moto] [--rounds 200]
        [--products 2000] [--sales 300]

Builds a shop (2 stores, a catalog imported from CSV, stock, an open shift), then makes
`--sales` cash checkouts (create, submit, pay: their latencies are samples too) and runs
`--rounds` rounds that call every route once each, in turn, so a drift of the machine's
speed touches every route alike. For each request it times the whole request through the app
in-process and the time on the wire of its DynamoDB calls (botocore's `before-send` to
`before-parse`); the handler's own time is the difference (routing, auth, validation,
PynamoDB and botocore serialising and parsing, pydantic). Prints p50 and p95 per route.
Aims on DynamoDB Local: p95 <= 50 ms, own time p50 <= 5 ms. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.perf.bench_import import catalog_file
from tests.support import (
    Reply,
    Tenant,
    User,
    add_store,
    add_user,
    configure_environment,
    open_shift,
    open_stack,
    principal,
    receive_stock,
    sign_up,
    unique,
)


class Wire:
    """Sums the time DynamoDB calls spend on the wire, from botocore's events."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._sent: float | None = None

    def install(self) -> None:
        """The answer counts as received before the app's own handlers of it run (the plain
        reads' JSON decoding is the handler's time, as botocore's parsing was)."""
        from chalicelib import aws

        events = aws.session().get_component("event_emitter")
        events.register("before-send.dynamodb", self._send)
        for operation in aws.PLAIN_READS:
            events.register_first(f"before-parse.dynamodb.{operation}", self._received)
        events.register_first("before-parse.dynamodb", self._received)

    def _send(self, **_: Any) -> None:
        self._sent = time.perf_counter()

    def _received(self, **_: Any) -> None:
        if self._sent is not None:
            self.seconds += time.perf_counter() - self._sent
            self._sent = None


class Latencies:
    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self.total: dict[str, list[float]] = defaultdict(list)
        self.own: dict[str, list[float]] = defaultdict(list)

    def time(self, label: str, call: Callable[[], Reply]) -> Reply:
        self.wire.seconds = 0.0
        started = time.perf_counter()
        reply = call()
        elapsed = time.perf_counter() - started
        assert reply.status < 400, (label, reply)
        self.total[label].append(elapsed * 1000)
        self.own[label].append((elapsed - self.wire.seconds) * 1000)
        return reply


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Shop:
    def __init__(self, tenant: Tenant, stores: list[str], products: list[str]) -> None:
        self.tenant, self.stores, self.products = tenant, stores, products
        self.seller: User = add_user(tenant, "SALES", stores)
        self.cashier: User = add_user(tenant, "CASHIER", stores)
        open_shift(tenant, stores[0], by=self.cashier)
        self.sales: list[str] = []

    def checkout(self, timer: Latencies, n: int) -> None:
        t, seller, cashier = self.tenant, self.seller.token, self.cashier.token
        lines = [{"product_id": self.products[(n + k) % 5], "quantity": 1} for k in range(5)]
        body = {"store_id": self.stores[0], "lines": lines}
        sale = timer.time("POST /v1/sales", lambda: t.post("/v1/sales", body, token=seller)).json
        path = f"/v1/sales/{sale['id']}/submit"
        sale = timer.time("POST /v1/sales/{id}/submit", lambda: t.post(path, token=seller)).json
        pay = {"sale_id": sale["id"], "method": "CASH", "amount": sale["total"]}
        timer.time("POST /v1/payments", lambda: t.post("/v1/payments", pay, token=cashier))
        self.sales.append(sale["id"])


def _build(tenant: Tenant, products: int) -> Shop:
    from chalicelib.catalog.importer import import_csv

    stores = [
        add_store(tenant, name, code)["id"] for name, code in (("Akwa", "AKW"), ("Bnm", "BNM"))
    ]
    manager = principal(tenant, role="MANAGER")
    body = catalog_file(products)
    for start in range(0, products, 500):
        lines = body.splitlines()
        chunk = b"\n".join([lines[0], *lines[1 + start : 1 + start + 500]]) + b"\n"
        import_csv(manager, chunk)
    page = tenant.get("/v1/products?limit=50").json["items"]
    ids = [item["id"] for item in page]
    for product in ids[:10]:
        for store in stores:
            receive_stock(tenant, store, product, 10_000)
    return Shop(tenant, stores, ids)


def _round(shop: Shop, timer: Latencies, n: int) -> None:
    t, (akwa, bnm), product = shop.tenant, shop.stores, shop.products[n % 10]
    sale = shop.sales[n % len(shop.sales)]
    reads = {
        "GET /v1/products": "/v1/products?limit=50",
        "GET /v1/products?search=": "/v1/products?search=samsung",
        "GET /v1/products/{id}": f"/v1/products/{product}",
        "GET /v1/categories": "/v1/categories",
        "GET /v1/brands": "/v1/brands",
        "GET /v1/stock?store_id=": f"/v1/stock?store_id={akwa}",
        "GET /v1/stock?product_id=": f"/v1/stock?product_id={product}",
        "GET /v1/stock?below_min=true": "/v1/stock?below_min=true",
        "GET /v1/stock-movements?store_id=": f"/v1/stock-movements?store_id={akwa}",
        "GET /v1/sales": "/v1/sales",
        "GET /v1/sales/{id}": f"/v1/sales/{sale}",
        "GET /v1/alerts": "/v1/alerts?status=OPEN",
    }
    for label, path in reads.items():
        timer.time(label, lambda path=path: t.get(path))  # type: ignore[misc]
    body = {"sku": unique("L").upper(), "name": "Article banc", "price": 1000}
    created = timer.time("POST /v1/products", lambda: t.post("/v1/products", body)).json
    patch = {"version": created["version"], "price": 1100}
    timer.time("PATCH /v1/products/{id}", lambda: t.patch(f"/v1/products/{created['id']}", patch))
    move = {"store_id": akwa, "product_id": product, "type": "RECEIPT", "quantity": 1}
    timer.time("POST /v1/stock-movements", lambda: t.post("/v1/stock-movements", move))
    transfer = {
        "from_store_id": akwa,
        "to_store_id": bnm,
        "lines": [{"product_id": product, "quantity": 1}],
    }
    made = timer.time("POST /v1/stock-transfers", lambda: t.post("/v1/stock-transfers", transfer))
    ship = f"/v1/stock-transfers/{made.json['id']}/ship"
    timer.time("POST /v1/stock-transfers/{id}/ship", lambda: t.post(ship))
    shop.checkout(timer, n)


def run(backend: str, rounds: int, products: int, sales: int) -> Latencies:
    port = free_port()
    configure_environment(port, "comptoir-bench-latency")
    wire = Wire()
    wire.install()
    with open_stack(backend, port) as stack:
        shop = _build(sign_up(stack.api, name="Bench"), products)
        warmup = Latencies(wire)
        for n in range(sales):
            shop.checkout(warmup, n)
        timer = Latencies(wire)
        for n in range(rounds):
            _round(shop, timer, n)
    return timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="local")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--sales", type=int, default=300)
    args = parser.parse_args()
    timer = run(args.backend, args.rounds, args.products, args.sales)
    print(
        f"[{args.backend}] warm latency over {args.rounds} interleaved rounds; {args.products} "
        f"products, 2 stores, {args.sales}+ sales (ms; own = outside DynamoDB's wire time)"
    )
    print(f"{'route':<38} {'p50':>7} {'p95':>7} {'own p50':>8} {'own p95':>8}")
    for label, values in timer.total.items():
        own = timer.own[label]
        print(
            f"{label:<38} {statistics.median(values):7.1f} {_p(values, 0.95):7.1f} "
            f"{statistics.median(own):8.1f} {_p(own, 0.95):8.1f}"
        )


if __name__ == "__main__":
    main()
