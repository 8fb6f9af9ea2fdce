"""Scheduled work over every tenant, found through the tenant registry (never a Scan)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from chalicelib.db.keys import TENANT_REGISTRY_SHARDS
from chalicelib.log import logger
from chalicelib.tenancy.repository import tenants_page

TenantCheck = Callable[[str], int]

# name -> check(tenant_id) returning how many findings it raised. Domains add theirs here.
TENANT_CHECKS: dict[str, TenantCheck] = {}


def tenant_ids() -> Iterator[str]:
    for shard in range(TENANT_REGISTRY_SHARDS):
        start_key: dict[str, Any] | None = None
        while True:
            tenants, start_key = tenants_page(shard, start_key)
            yield from (tenant.id for tenant in tenants)
            if start_key is None:
                break


def run_tenant_checks(checks: dict[str, TenantCheck] | None = None) -> dict[str, Any]:
    """Run every check for every tenant; one failing tenant does not stop the others."""
    selected = TENANT_CHECKS if checks is None else checks
    summary: dict[str, Any] = {
        "tenants": 0,
        "findings": {name: 0 for name in selected},
        "failures": 0,
    }
    for tenant_id in tenant_ids():
        summary["tenants"] += 1
        for name, check in selected.items():
            try:
                summary["findings"][name] += check(tenant_id)
            except Exception:  # noqa: BLE001 - logged; the next tenant still gets checked
                summary["failures"] += 1
                logger().exception(
                    "tenant check failed", extra={"check": name, "tenant_id": tenant_id}
                )
    logger().info("tenant checks done", extra=summary)
    return summary
