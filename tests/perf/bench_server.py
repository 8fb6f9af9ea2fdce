"""The local dev server's own cost: a kept-alive request to a route that does no work.

.venv/bin/python -m tests.perf.bench_server [--requests 300]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import time
from typing import Any

from chalicelib.http import ComptoirApp
from chalicelib.local.server import DevServer


def _app() -> ComptoirApp:
    app = ComptoirApp(app_name="bench")

    @app.route("/health", methods=["GET"])
    def health() -> dict[str, Any]:
        return {"status": "ok"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench_server")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backend", default="moto", help="ignored: no table is touched")
    args = parser.parse_args()
    with DevServer(_app(), port=0) as server:
        connection = http.client.HTTPConnection(*server.address, timeout=10)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            connection.request("GET", "/health")
            connection.getresponse().read()
            timings.append((time.perf_counter() - started) * 1000)
        connection.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"kept-alive GET /health over {args.requests} requests: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"
    )


if __name__ == "__main__":
    main()
