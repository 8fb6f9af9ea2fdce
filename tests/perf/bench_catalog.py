"""Benchmark of catalog pages: Queries and read units of one search page (one, two and three
words, and a word that matches nothing) and of the product list page, at two catalog sizes.

    .venv/bin/python -m tests.perf.bench_catalog [--backend moto|local] [--small 200] [--large 2000]

The catalog is written straight through the repository (an import's batched transactions), with
names drawn from a small shop vocabulary so that every word is as common at both sizes: a page's
cost must not grow with the catalog (L/S is the large catalog's figure over the small one's).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.perf.counter import DynamoCounter, Usage
from tests.support import Tenant, configure_environment, open_stack, sign_up

KINDS = ("Smartphone", "Chargeur", "Cable")
BRANDS = ("Samsung", "Tecno", "Infinix")
COLOURS = ("noir", "blanc", "bleu", "rouge")
PAGES = (
    ("1 word", "samsung"),
    ("2 words", "smartphone samsung"),
    ("3 words", "smartphone samsung noir"),
    ("no match", "m zzz"),
)


def product_fields(number: int) -> dict[str, Any]:
    """The n-th product of the bench catalog: every word recurs with a fixed frequency."""
    kind = KINDS[number % len(KINDS)]
    brand = BRANDS[(number // len(KINDS)) % len(BRANDS)]
    colour = COLOURS[(number // 9) % len(COLOURS)]
    return {
        "sku": f"BEN-{number:05d}",
        "name": f"{kind} {brand} M{number % 97} {colour}",
        "description": "Article du banc d'essai",
        "price": 1000 + number,
        "cost": 800,
        "currency": "XAF",
        "tax_rate_bps": 1925,
    }


def grow_catalog(tenant_id: str, have: int, size: int) -> None:
    from chalicelib.catalog.repository import ImportedProduct, write_imported

    numbers = list(range(have, size))
    for start in range(0, len(numbers), 50):
        lines = [ImportedProduct(fields=product_fields(n)) for n in numbers[start : start + 50]]
        refused = [reason for reason in write_imported(tenant_id, lines, "bench") if reason]
        assert not refused, refused[:3]


def measure(counter: DynamoCounter, call: Callable[[], Any]) -> tuple[Usage, Any]:
    counter.reset()
    reply = call()
    assert reply.status == 200, reply
    return counter.reset(), reply.json


def pages(counter: DynamoCounter, tenant: Tenant) -> dict[str, tuple[Usage, Any]]:
    tenant.get("/v1/brands")  # the token's session is read once a minute: not a page's cost
    found = {
        label: measure(counter, lambda text=text: tenant.get(f"/v1/products?search={text}"))
        for label, text in PAGES
    }
    found["product list"] = measure(counter, lambda: tenant.get("/v1/products"))
    return found


def _figures(usage: Usage, page: Any) -> str:
    more = "more" if page["next_cursor"] else "end"
    return (
        f"{usage.calls['Query']:>3} Q {usage.total_calls:>3} req {usage.read_units:>6.1f} RCU"
        f" {len(page['items']):>3} items {more:<4}"
    )


def _ratio(large: float, small: float) -> str:
    return f"{large / small:.2f}" if small else ("1.00" if not large else "inf")


def report(backend: str, sizes: tuple[int, int], runs: list[dict[str, Any]]) -> None:
    print(f"[{backend}] one page (limit 50) at {sizes[0]} and {sizes[1]} products")
    print(f"{'page':<14} {'at ' + str(sizes[0]):<36} {'at ' + str(sizes[1]):<36} L/S Q  L/S RCU")
    for label in runs[0]:
        (small, small_page), (large, large_page) = runs[0][label], runs[1][label]
        print(
            f"{label:<14} {_figures(small, small_page):<36} {_figures(large, large_page):<36}"
            f" {_ratio(large.calls['Query'], small.calls['Query']):>5}"
            f"  {_ratio(large.read_units, small.read_units):>6}"
        )


def run(backend: str, sizes: tuple[int, int]) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-catalog")
    counter = DynamoCounter()
    counter.install()
    with open_stack(backend, port) as stack:
        tenant = sign_up(stack.api, name="Banc catalogue")
        runs, have = [], 0
        for size in sizes:
            grow_catalog(tenant.id, have, size)
            have = size
            runs.append(pages(counter, tenant))
        report(backend, sizes, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    args = parser.parse_args()
    run(args.backend, (args.small, args.large))


if __name__ == "__main__":
    main()
