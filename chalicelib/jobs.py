"""Scheduled work over every tenant, found through the tenant registry (never a Scan)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.log import logger
from chalicelib.tenancy import tenant_ids

TenantCheck = Callable[[str], int]

# name -> check(tenant_id) returning how many findings it raised. Domains add theirs here.
TENANT_CHECKS: dict[str, TenantCheck] = {}


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
