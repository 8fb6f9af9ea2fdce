"""The fuzz lane: schemathesis against /v1/openapi.json of the whole app on moto, served on
127.0.0.1, authenticated as the ADMIN of a seeded tenant. Exits with schemathesis's status.

    .venv/bin/python -m tests.fuzz [--max-examples 20] [--seed 20261202] [extra st options]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import jwt

from chalicelib.local.dynamo import free_port
from tests.support import (
    HttpApi,
    Tenant,
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


def _seed(api: HttpApi) -> Tenant:
    """An ADMIN with a store, a product with stock and a customer."""
    tenant = sign_up(api, name="Banc d'essai")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    stocked_product(tenant, store, 5, sku="FUZZ-1", name="Routeur", price=25000)
    add_customer(tenant, "Awa", phone="+237670000000")
    return tenant


def _protected(tenant: Tenant) -> dict[str, str]:
    """The fuzzing ADMIN's user and session, which the hooks keep out of generated paths."""
    claims = jwt.decode(tenant.token, options={"verify_signature": False})
    return {
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
        "COMPTOIR_FUZZ_USER_ID": tenant.admin_id,
        "COMPTOIR_FUZZ_SESSION_ID": str(claims.get("sid") or ""),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20261202)
    args, extra = parser.parse_known_args()
    port = free_port()
    configure_environment(port, "comptoir-fuzz")
    # Every request reads its session and user: a run is the same on a fast or a slow machine.
    os.environ["ACCESS_CHECK_SECONDS"] = "0"
    from chalicelib.local.server import DevServer

    with open_stack("moto", port) as stack, DevServer(stack.app_module.app, port=0) as server:
        tenant = _seed(HttpApi(server.url))
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{server.url}/v1/openapi.json",
            "--checks",
            CHECKS,
            "--header",
            f"Authorization: Bearer {tenant.token}",
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
        environment = {**os.environ, **_protected(tenant)}
        return subprocess.run(command, check=False, env=environment).returncode


if __name__ == "__main__":
    sys.exit(main())
