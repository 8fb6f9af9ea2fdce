"""The botocore sessions and clients a container creates in its first requests.

    .venv/bin/python -m tests.perf.bench_clients [--backend moto|local]

Sets a shop up through the API, then forgets every connection the process holds (a new
container with a warm import) and runs a scripted container life: two logins, a 5-line cash
checkout (create, submit, pay) and three lists. Prints the `create_client` calls and their
time, and the sessions created, during that life. Aim: 1 client, 1 session.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.support import (
    PASSWORD,
    Creations,
    Tenant,
    User,
    add_store,
    add_user,
    configure_environment,
    counted_creations,
    new_container,
    open_shift,
    open_stack,
    sign_up,
    stocked_product,
)


def _life(tenant: Tenant, store: str, seller: User, cashier: User, products: list[str]) -> None:
    def ok(reply: Any) -> Any:
        assert reply.status < 300, reply
        return reply.json

    api = tenant.api
    for user in (seller, cashier):
        ok(api.post("/v1/auth/token", {"email": user.email, "password": PASSWORD}))
    lines = [{"product_id": product, "quantity": 1} for product in products]
    sale = ok(tenant.post("/v1/sales", {"store_id": store, "lines": lines}, token=seller.token))
    sale = ok(tenant.post(f"/v1/sales/{sale['id']}/submit", token=seller.token))
    payment = {"sale_id": sale["id"], "method": "CASH", "amount": sale["total"]}
    ok(tenant.post("/v1/payments", payment, token=cashier.token))
    for path in ("/v1/products", "/v1/sales", f"/v1/stock?store_id={store}"):
        ok(tenant.get(path))


def run(backend: str, life: Callable[..., None] = _life) -> tuple[Creations, float]:
    port = free_port()
    configure_environment(port, "comptoir-bench-clients")
    with open_stack(backend, port) as stack:
        tenant = sign_up(stack.api, name="Bench")
        store = add_store(tenant, "Akwa", "AKW")["id"]
        products = [str(stocked_product(tenant, store, 50)["id"]) for _ in range(5)]
        seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
        open_shift(tenant, store, by=cashier)
        new_container()
        started = time.perf_counter()
        with counted_creations() as made:
            life(tenant, store, seller, cashier, products)
        lived = time.perf_counter() - started
    return made, lived


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    backend = parser.parse_args().backend
    made, lived = run(backend)
    print(
        f"[{backend}] a container's first requests (2 logins, a 5-line cash checkout, 3 lists) "
        f"in {lived * 1000:.0f} ms: create_client {made.clients} "
        f"({made.seconds * 1000:.0f} ms), botocore sessions {made.sessions}"
    )


if __name__ == "__main__":
    main()
