"""Benchmark of a checkout: DynamoDB calls and consumed capacity to create, submit and pay a
5-line cash sale, and for the whole checkout.

    .venv/bin/python -m tests.perf.bench_sales [--backend moto|local]

Sets the shop up through the API (the test builders), then runs the checkout's services
in-process against the embedded DynamoDB and counts the calls from botocore events; every call
asks for its consumed capacity (DynamoDB Local reports it, moto mostly not).
Aim: pay = one TransactWriteItems plus at most two reads.
"""

from __future__ import annotations

import argparse
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.perf.counter import DynamoCounter, Usage
from tests.support import (
    Tenant,
    add_store,
    add_user,
    configure_environment,
    open_shift,
    open_stack,
    principal,
    sign_up,
    stocked_product,
)


def _line(label: str, usage: Usage) -> str:
    capacity = (
        f"{usage.read_units:.1f} RCU + {usage.write_units:.1f} WCU"
        if usage.capacity_reported
        else "capacity not reported"
    )
    return f"{label:<10} {usage.total_calls:>3} calls ({usage.detail()}); {capacity}"


def _shop(tenant: Tenant) -> tuple[str, Any, Any, list[str]]:
    """A store, a seller, a cashier with an open shift and 5 stocked products."""
    store = add_store(tenant, "Akwa", "AKW")["id"]
    prices = [1000 * (n + 1) for n in range(5)]
    products = [stocked_product(tenant, store, 100, price=p, tax_rate_bps=1925) for p in prices]
    seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    ids = [product["id"] for product in products]
    return store, principal(tenant, seller), principal(tenant, cashier), ids


def run(backend: str) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-sales")
    counter = DynamoCounter()
    counter.install()
    with open_stack(backend, port) as stack:
        _checkout(backend, counter, *_shop(sign_up(stack.api, name="Bench")))


def _checkout(
    backend: str,
    counter: DynamoCounter,
    store: str,
    seller: Any,
    cashier: Any,
    products: list[str],
) -> None:
    from chalicelib.cashier.payments import take_payment
    from chalicelib.cashier.schemas import PaymentIn
    from chalicelib.sales.schemas import SaleIn, SaleLineIn
    from chalicelib.sales.service import create_sale, submit_sale

    whole = Usage()
    print(f"[{backend}] checkout of a 5-line cash sale")
    counter.reset()
    lines = [SaleLineIn(product_id=pid, quantity=1) for pid in products]
    sale, _ = create_sale(seller, SaleIn(store_id=store, lines=lines))
    steps: list[tuple[str, Usage]] = [("create", counter.reset())]
    submit_sale(seller, sale.id)
    steps.append(("submit", counter.reset()))
    take_payment(
        cashier,
        PaymentIn(sale_id=sale.id, method="CASH", amount=sale.total, tendered=sale.total + 500),
        None,
    )
    steps.append(("pay", counter.reset()))
    for label, usage in steps:
        print(f"[{backend}]   {_line(label, usage)}")
        whole.calls.update(usage.calls)
        whole.read_units += usage.read_units
        whole.write_units += usage.write_units
        whole.capacity_reported |= usage.capacity_reported
    print(f"[{backend}]   {_line('checkout', whole)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    run(parser.parse_args().backend)


if __name__ == "__main__":
    main()
