"""The fuzz lane: schemathesis against /v1/openapi.json of the whole app on moto, served on
127.0.0.1, authenticated as the ADMIN of a seeded tenant. Exits with schemathesis's status.

    .venv/bin/python -m tests.fuzz [--max-examples 20] [--seed 20261202] [extra st options]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from chalicelib.local.dynamo import free_port
from tests.support import (
    HttpApi,
    add_customer,
    add_store,
    configure_environment,
    open_stack,
    sign_up,
    stocked_product,
)

CHECKS = (
    "not_a_server_error,status_code_conformance,"
    "response_schema_conformance,content_type_conformance"
)


def _seed(api: HttpApi) -> str:
    """An ADMIN with a store, a product with stock and a customer; returns the ADMIN's token."""
    tenant = sign_up(api, name="Banc d'essai")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    stocked_product(tenant, store, 5, sku="FUZZ-1", name="Routeur", price=25000)
    add_customer(tenant, "Awa", phone="+237670000000")
    return tenant.token


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20261202)
    args, extra = parser.parse_known_args()
    port = free_port()
    configure_environment(port, "comptoir-fuzz")
    from chalicelib.local.server import DevServer

    with open_stack("moto", port) as stack, DevServer(stack.app_module.app, port=0) as server:
        token = _seed(HttpApi(server.url))
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{server.url}/v1/openapi.json",
            "--checks",
            CHECKS,
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--generation-deterministic",
            "--workers",
            "1",
            "--suppress-health-check",
            "all",
            "--no-color",
            *extra,
        ]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
