"""The reports' scheduled work: the daily KPI snapshot of each store and of the tenant."""

from __future__ import annotations

from datetime import date

from chalicelib import clock, tenancy
from chalicelib.reports import repository as repo
from chalicelib.reports.readings import Scope
from chalicelib.reports.rollups import TENANT, store_scope
from chalicelib.reports.service import kpis_of


def kpi_snapshot(tenant_id: str, day: date) -> int:
    """The KPIs of local `day` per store and for the tenant, each written once (its as-of-now
    figures are those of the first run, and a later run leaves it as it is); returns how many
    this run wrote."""
    tenant = tenancy.tenant_settings(tenant_id)
    today = clock.local_date(clock.now(), tenant.timezone)
    scopes = [Scope((TENANT,), None)] + [
        Scope((store_scope(store),), (store,)) for store in tenancy.live_stores(tenant_id, None)
    ]
    written = 0
    for scope in scopes:
        figures = kpis_of(tenant_id, tenant.currency, scope, day, day, today).model_dump(
            mode="json"
        )
        store_id = scope.store_ids[0] if scope.store_ids else None
        written += repo.put_snapshot(tenant_id, scope.names[0], day.isoformat(), store_id, figures)
    return written
