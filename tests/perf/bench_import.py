"""Benchmark of POST /v1/products/import: lines per second and DynamoDB calls for a large file.

    .venv/bin/python -m tests.perf.bench_import [--backend moto|local] [--lines 10000]
        [--mode sync|job|both]

Runs the import in-process against an embedded DynamoDB (moto server or Amazon DynamoDB
Local). `sync` applies the file in one call, twice (creates, then updates of every line), as a
file under the synchronous threshold is; `job` sends it the way the route does above that
threshold: the request's own latency (202), then the time the stream pump takes to apply every
chunk until the job is DONE. Each prints the time, lines/s and the DynamoDB calls by operation,
counted from botocore events. The route must answer within API Gateway's 29 s; this script
measures it, the tests never time anything.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from typing import Any

from chalicelib.local.dynamo import free_port
from tests.support import configure_environment, open_stack, principal, sign_up

GATEWAY_LIMIT_S = 29.0


def _count_calls(calls: Counter[str]) -> None:
    """The process's botocore session (every model uses it) reports its DynamoDB calls."""
    from chalicelib import aws

    aws.session().register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))


def catalog_file(lines: int, price_shift: int = 0) -> bytes:
    rows = ["sku,name,barcode,category,brand,unit,price,cost,tax_rate_bps"]
    brands = ["Tecno", "Infinix", "Samsung", "TP-Link", "Ubiquiti", "MikroTik", "Huawei"]
    categories = ["Téléphones", "Câbles", "Routeurs", "Caméras", "Accessoires"]
    for n in range(lines):
        rows.append(
            f"BENCH-{n:06d},Article de test {n} {brands[n % 7]},{6_900_000_000_000 + n},"
            f"{categories[n % 5]},{brands[n % 7]},piece,{1000 + n + price_shift},{500 + n},1925"
        )
    return ("\n".join(rows) + "\n").encode()


def run(backend: str, lines: int, mode: str) -> None:
    port = free_port()
    configure_environment(port, "comptoir-bench-import")
    calls: Counter[str] = Counter()
    _count_calls(calls)
    from chalicelib.local.dynamo import dynamodb_clients

    with open_stack(backend, port) as stack:
        _, streams = dynamodb_clients(stack.endpoint, os.environ["AWS_REGION"])
        manager = principal(sign_up(stack.api, name="Bench"), role="MANAGER")
        if mode in ("sync", "both"):
            for label, shift in (("create", 0), ("update", 1)):
                _measure(label, backend, manager, catalog_file(lines, shift), lines, calls)
        if mode in ("job", "both"):
            _measure_job(backend, manager, lines, calls, streams, os.environ["TABLE_STREAM_ARN"])


def _measure(
    label: str, backend: str, principal: Any, body: bytes, lines: int, calls: Counter[str]
) -> None:
    from chalicelib.catalog.importer import import_csv

    calls.clear()
    started = time.perf_counter()
    result = import_csv(principal, body)
    elapsed = time.perf_counter() - started
    verdict = "within" if elapsed < GATEWAY_LIMIT_S else "OVER"
    print(
        f"[{backend}] import {label}: {lines} lines in {elapsed:.1f} s = "
        f"{lines / elapsed:.0f} lines/s ({verdict} the {GATEWAY_LIMIT_S:.0f} s gateway limit); "
        f"created={result.created} updated={result.updated} errors={len(result.errors)}"
    )
    print(
        f"[{backend}]   DynamoDB calls: {sum(calls.values())} "
        + ", ".join(f"{name}={count}" for name, count in sorted(calls.items()))
    )


def _measure_job(
    backend: str, principal: Any, lines: int, calls: Counter[str], streams: Any, stream_arn: str
) -> None:
    from chalicelib.catalog import import_jobs
    from chalicelib.local.pump import StreamPump
    from chalicelib.streams import handle_stream_event

    pump = StreamPump(streams, stream_arn, lambda event, _: handle_stream_event(event))
    pump.drain(max_rounds=10_000)
    body = catalog_file(lines, 2)
    calls.clear()
    started = time.perf_counter()
    accepted = import_jobs.import_products(principal, body)
    answered = time.perf_counter() - started
    assert isinstance(accepted, import_jobs.ImportAccepted), "the file is under the threshold"
    print(
        f"[{backend}] import job: {lines} lines answered 202 in {answered:.2f} s "
        f"({accepted.job.chunks} chunks); DynamoDB calls: {_calls(calls)}"
    )
    calls.clear()
    started = time.perf_counter()
    job = accepted.job
    while job.status != "DONE":
        pump.poll_once()
        job = import_jobs.get_job(principal, job.id)
    applied = time.perf_counter() - started
    print(
        f"[{backend}]   stream applied it in {applied:.1f} s = {lines / applied:.0f} lines/s "
        f"(DONE {answered + applied:.1f} s after the upload): status={job.status} "
        f"created={job.created} updated={job.updated} errors={len(job.errors)}"
    )
    print(f"[{backend}]   DynamoDB calls (with the products' audit entries): {_calls(calls)}")


def _calls(calls: Counter[str]) -> str:
    return f"{sum(calls.values())} " + ", ".join(
        f"{name}={count}" for name, count in sorted(calls.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("moto", "local"), default="moto")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--mode", choices=("sync", "job", "both"), default="both")
    arguments = parser.parse_args()
    run(arguments.backend, arguments.lines, arguments.mode)


if __name__ == "__main__":
    main()
