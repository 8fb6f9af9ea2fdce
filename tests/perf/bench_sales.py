"""Benchmark of a checkout: DynamoDB calls and consumed capacity to create, submit and pay a
5-line cash sale, and for the whole checkout.

    .venv/bin/python -m tests.perf.bench_sales [--backend moto|local]

Runs the services in-process against an embedded DynamoDB and counts the calls from botocore
events; every call asks for its consumed capacity (DynamoDB Local reports it, moto mostly not).
Aim: pay = one TransactWriteItems plus at most two reads.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.perf.counter import DynamoCounter, Usage
from tests.stack import configure_environment


def _line(label: str, usage: Usage) -> str:
    capacity = (
        f"{usage.read_units:.1f} RCU + {usage.write_units:.1f} WCU"
        if usage.capacity_reported
        else "capacity not reported"
    )
    return f"{label:<10} {usage.total_calls:>3} calls ({usage.detail()}); {capacity}"


def _shop() -> tuple[Any, Any, Any, list[str]]:
    """A tenant with a store, a seller, a cashier with an open shift and 5 stocked products."""
    from chalicelib.auth.principal import Principal
    from chalicelib.cashier.schemas import ShiftIn
    from chalicelib.cashier.service import open_shift
    from chalicelib.catalog.schemas import ProductIn
    from chalicelib.catalog.service import create_product
    from chalicelib.identity.schemas import AdminIn, SignUpIn
    from chalicelib.identity.service import sign_up
    from chalicelib.stock.schemas import MovementIn
    from chalicelib.stock.service import record_movement
    from chalicelib.tenancy.schemas import StoreIn
    from chalicelib.tenancy.service import create_store

    created = sign_up(
        SignUpIn(
            name="Bench",
            admin=AdminIn(
                email="bench-sales@example.cm", password="bench-password-1", full_name="Bench"
            ),
        ),
        None,
        None,
    )
    admin = Principal(created.tenant.id, created.user.id, "ADMIN")
    store, _ = create_store(admin, StoreIn(name="Akwa", code="AKW"))
    products = []
    for n in range(5):
        product, _ = create_product(
            admin,
            ProductIn(
                sku=f"BENCH-{n}", name=f"Article {n}", price=1000 * (n + 1), tax_rate_bps=1925
            ),
        )
        record_movement(
            admin,
            MovementIn(store_id=store.id, product_id=product.id, type="RECEIPT", quantity=100),
        )
        products.append(product.id)
    seller = Principal(admin.tenant_id, admin.user_id, "SALES", (store.id,))
    cashier = Principal(admin.tenant_id, admin.user_id, "CASHIER", (store.id,))
    open_shift(cashier, ShiftIn(store_id=store.id, opening_float=0))
    return store, seller, cashier, products


def run(backend: str) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-sales")
    counter = DynamoCounter()
    counter.install()
    from chalicelib.db.table import create_table
    from chalicelib.local.dynamo import EmbeddedDynamoDB, dynamodb_clients

    embedded = EmbeddedDynamoDB(backend, port)
    endpoint = embedded.start()
    try:
        dynamodb, _ = dynamodb_clients(endpoint, os.environ["AWS_REGION"])
        create_table(dynamodb, os.environ["TABLE_NAME"])
        _checkout(backend, counter, *_shop())
    finally:
        embedded.stop()


def _checkout(
    backend: str,
    counter: DynamoCounter,
    store: Any,
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
    sale, _ = create_sale(seller, SaleIn(store_id=store.id, lines=lines))
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
