"""Benchmark of the table's time per item written: TransactWriteItems of 100, BatchWriteItem of
25, one PutItem each, for items of a given size (what sets the CSV import's pace).

    .venv/bin/python -m tests.perf.bench_writes [--backend moto|local] [--items 3000]
        [--sizes 50,700,1500]

Each way writes the same number of items of one size into its own partitions, twice (the
second run with a warm table); each figure is wall time over items, in ms, the lower and
the higher of the two runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.support import configure_environment, open_stack

Item = dict[str, dict[str, str]]


def _item(number: int, tag: str, pad: str) -> Item:
    return {
        "pk": {"S": f"BENCH#{tag}#{number % 50}"},
        "sk": {"S": f"{number:08d}"},
        "v": {"S": pad},
    }


def _per_item_ms(write: Callable[[list[Item]], Any], items: list[Item], size: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(items), size):
        write(items[start : start + size])
    return (time.perf_counter() - started) / len(items) * 1000


def run(backend: str, count: int, sizes: list[int]) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-writes")
    from chalicelib.config import get_settings

    table = get_settings().table_name
    with open_stack(backend, port) as stack:
        client = stack.dynamodb
        ways: dict[str, tuple[int, Callable[[list[Item]], Any]]] = {
            "transaction of 100": (
                100,
                lambda items: client.transact_write_items(
                    TransactItems=[{"Put": {"TableName": table, "Item": i}} for i in items]
                ),
            ),
            "batch of 25": (
                25,
                lambda items: client.batch_write_item(
                    RequestItems={table: [{"PutRequest": {"Item": i}} for i in items]}
                ),
            ),
            "one PutItem each": (
                1,
                lambda items: client.put_item(TableName=table, Item=items[0]),
            ),
        }
        print(f"[{backend}] ms per item written, lower / higher of two runs of {count} items a way")
        print(f"{'item bytes':>10}  " + "  ".join(f"{name:>20}" for name in ways))
        for pad_size in sizes:
            pad = "x" * pad_size
            figures = []
            for name, (size, write) in ways.items():
                runs = [
                    _per_item_ms(
                        write,
                        [_item(n, f"{name}{pad_size}{rep}", pad) for n in range(count)],
                        size,
                    )
                    for rep in range(2)
                ]
                figures.append(f"{min(runs):>9.2f} / {max(runs):<8.2f}")
            print(f"{pad_size:>10}  " + "  ".join(f"{figure:>20}" for figure in figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="local")
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--sizes", default="50,700,1500")
    arguments = parser.parse_args()
    run(arguments.backend, arguments.items, [int(s) for s in arguments.sizes.split(",")])


if __name__ == "__main__":
    main()
