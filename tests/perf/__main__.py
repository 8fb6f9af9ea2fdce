"""`make bench`: DynamoDB calls and consumed capacity per route, at two catalog sizes, then
the catalog pages (search, list), import, write-cost, checkout and reports benchmarks.

    .venv/bin/python -m tests.perf [--backend moto|local] [--small 30] [--large 300]

A scenario is a function `(bench: Bench, world: World) -> None` in SCENARIOS that calls
`bench.measure(label, call)` for each request it wants in the table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from chalicelib.local.dynamo import free_port
from tests.support import configure_environment


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.perf")
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--large", type=int, default=300)
    parser.add_argument("--import-lines", type=int, default=None)
    args = parser.parse_args()
    port = free_port()
    configure_environment(port, "comptoir-bench")
    from tests.perf.routes import run_routes

    run_routes(args.backend, port, args.small, args.large)
    lines = ["--lines", str(args.import_lines)] if args.import_lines else []
    for module, extra in (
        ("tests.perf.bench_catalog", []),
        ("tests.perf.bench_import", lines),
        ("tests.perf.bench_writes", []),
        ("tests.perf.bench_sales", []),
        ("tests.perf.bench_reports", []),
        ("tests.perf.bench_clients", []),
        ("tests.perf.bench_cold_start", []),
        ("tests.perf.bench_server", []),
    ):
        if os.path.exists(os.path.join(os.path.dirname(__file__), module.split(".")[-1] + ".py")):
            print(f"\n== {module} ==", flush=True)
            subprocess.run(
                [sys.executable, "-m", module, "--backend", args.backend, *extra], check=False
            )
    _latency()


def _latency() -> None:
    """Latency is measured on Amazon DynamoDB Local only: moto's timings say nothing."""
    from chalicelib.local.dynamo import dynamodb_local_available

    print("\n== tests.perf.bench_latency ==", flush=True)
    if not dynamodb_local_available():
        print("skipped: needs Amazon DynamoDB Local (make dynamodb-local)")
        return
    subprocess.run([sys.executable, "-m", "tests.perf.bench_latency", "--backend", "local"])


if __name__ == "__main__":
    main()
