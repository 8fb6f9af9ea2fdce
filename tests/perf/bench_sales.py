"""Benchmark of a checkout: the DynamoDB requests that create, submit and pay a 5-line cash
sale through the API (each with an Idempotency-Key), one row per request with its items and
units, the idempotency layer's requests apart, next to the minimum written in
docs/performance.md; then the sale item's size after each step.

    .venv/bin/python -m tests.perf.bench_sales [--backend moto|local]

DynamoDB Local reports consumed capacity per table and index; moto mostly does not.
"""

from __future__ import annotations

import argparse
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.perf.counter import DynamoCounter, Request, Usage
from tests.support import (
    Tenant,
    User,
    add_store,
    add_user,
    configure_environment,
    open_shift,
    open_stack,
    sign_up,
    stocked_product,
    unique,
)

# docs/performance.md, "The minimum of a checkout": by AWS's rules, every item within 1 KB.
MINIMUM_REQUESTS = 8
MINIMUM_WCU = 71
# The sale's copies (table, gsi1, gsi2) per step, at the minimum's 1 unit each: a put; then
# a transaction's table write (2 units per KB) and two index copies (1 unit per KB each).
SALE_UNITS_PER_KB = {"create": 3, "submit": 4, "pay": 4}


def _shop(tenant: Tenant) -> tuple[str, User, User, list[str]]:
    """A store, a seller, a cashier with an open shift and 5 stocked products."""
    store = add_store(tenant, "Akwa", "AKW")["id"]
    prices = [1000 * (n + 1) for n in range(5)]
    products = [
        stocked_product(tenant, store, 100, price=p, tax_rate_bps=1925, name=f"Article {n}")
        for n, p in enumerate(prices)
    ]
    seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    return store, seller, cashier, [product["id"] for product in products]


def _step(counter: DynamoCounter, tenant: Tenant, user: User, path: str, body: Any) -> Any:
    tenant.get("/v1/auth/me", token=user.token)  # the session read of the minute, not counted
    counter.reset()
    reply = tenant.post(path, body, token=user.token, headers={"Idempotency-Key": unique("k")})
    assert reply.status in (200, 201), reply
    return counter.reset(), reply.json


def _units(request: Request) -> str:
    parts = ", ".join(f"{name} {units:g}" for name, units in request.indexes.items() if units)
    return f"({parts})" if parts else ""


def _print_step(label: str, usage: Usage) -> None:
    for request in usage.requests:
        layer = "idempotency" if request.idempotency else "business"
        print(
            f"  {label:<7} {layer:<12} {request.operation:<19} {request.items:>5}"
            f" {request.read_units:>6.1f} {request.write_units:>6.1f}  {_units(request)}"
        )


def _totals(label: str, requests: list[Request]) -> str:
    reads = sum(r.read_units for r in requests)
    writes = sum(r.write_units for r in requests)
    return f"{label}: {len(requests)} requests, {reads:.1f} RCU, {writes:.1f} WCU"


def item_size(raw: dict[str, Any]) -> int:
    """An item's size by DynamoDB's rules: names and values in UTF-8, numbers ~1 byte per two
    digits plus one, 3 bytes of overhead per list or map and 1 per element."""
    return sum(len(name.encode()) + _value_size(value) for name, value in raw.items())


def _value_size(value: dict[str, Any]) -> int:
    kind, inner = next(iter(value.items()))
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return (len(inner.strip("-").lstrip("0").replace(".", "")) + 1) // 2 + 1
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "B":
        return len(inner)
    if kind == "L":
        return 3 + sum(1 + _value_size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + _value_size(v) for k, v in inner.items())
    return sum(len(str(v).encode()) for v in inner)


def aws_estimate(sizes: list[int]) -> int:
    """The minimum plus what the sale's size above 1 KB adds to each step's copies of it (an
    update bills the larger of the item before and after)."""
    extra, before = 0, 0
    for step, size in zip(SALE_UNITS_PER_KB, sizes, strict=True):
        kilobytes = -(-max(before, size) // 1024)
        extra += (kilobytes - 1) * SALE_UNITS_PER_KB[step]
        before = size
    return MINIMUM_WCU + extra


def _sale_size(dynamodb: Any, tenant_id: str, sale_id: str) -> int:
    from chalicelib.config import get_settings
    from chalicelib.db import keys

    key = {"pk": {"S": keys.sale_pk(tenant_id, sale_id)}, "sk": {"S": keys.sale_sk()}}
    item = dynamodb.get_item(TableName=get_settings().table_name, Key=key)["Item"]
    return item_size(item)


def checkout(backend: str, counter: DynamoCounter, stack: Any, tenant: Tenant) -> None:
    store, seller, cashier, products = _shop(tenant)
    lines = [{"product_id": pid, "quantity": 1} for pid in products]
    steps: list[tuple[str, Usage]] = []
    usage, sale = _step(counter, tenant, seller, "/v1/sales", {"store_id": store, "lines": lines})
    steps.append(("create", usage))
    sizes = [_sale_size(stack.dynamodb, tenant.id, sale["id"])]
    usage, sale = _step(counter, tenant, seller, f"/v1/sales/{sale['id']}/submit", None)
    steps.append(("submit", usage))
    sizes.append(_sale_size(stack.dynamodb, tenant.id, sale["id"]))
    body = {"sale_id": sale["id"], "method": "CASH", "amount": sale["total"]}
    usage, paid = _step(counter, tenant, cashier, "/v1/payments", {**body, "tendered": 20000})
    assert paid["sale"]["status"] == "PAID", paid
    steps.append(("pay", usage))
    sizes.append(_sale_size(stack.dynamodb, tenant.id, sale["id"]))
    print(f"[{backend}] checkout of a 5-line cash sale through the API, request by request")
    print(f"  {'step':<7} {'layer':<12} {'operation':<19} {'items':>5} {'RCU':>6} {'WCU':>6}")
    for label, usage in steps:
        _print_step(label, usage)
    every = [request for _, usage in steps for request in usage.requests]
    business = [request for request in every if not request.idempotency]
    print(f"  {_totals('business work', business)}")
    print(f"  {_totals('idempotency layer', [r for r in every if r.idempotency])}")
    measured = sum(r.write_units for r in business)
    print(
        f"  minimum (docs/performance.md): {MINIMUM_REQUESTS} requests, {MINIMUM_WCU} WCU by"
        f" AWS's rules; DynamoDB Local's WCU / minimum = {measured / MINIMUM_WCU:.2f}"
    )
    estimate = aws_estimate(sizes)
    print(
        "  sale item size after create, submit, pay: " + ", ".join(f"{s} B" for s in sizes) + ";"
        f" by AWS's rules this checkout writes {estimate} WCU = {estimate / MINIMUM_WCU:.2f}x"
    )


def run(backend: str) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-sales")
    counter = DynamoCounter()
    counter.install()
    with open_stack(backend, port) as stack:
        checkout(backend, counter, stack, sign_up(stack.api, name="Bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    run(parser.parse_args().backend)


if __name__ == "__main__":
    main()
