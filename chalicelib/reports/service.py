"""The KPIs a shop owner reads, from the rollups and the as-of-now figures the stream keeps:
never by listing sales or stock.

`credit_outstanding` is what every credit account owes, a tenant counter the stream moves with
each balance; `credit_overdue` is what is past due, read at the request from the overdue index
(it changes with the date, not only with writes): its cost grows with the accounts overdue.
Both are the tenant's, null for a reader limited to some stores. `stock_value` is
Σ on_hand x average_cost over the levels, kept by the stream from each level's change
(reports/events.py). `as_of` is the moment of the read; the rollups lag the writes by seconds.
"""

from __future__ import annotations

from datetime import date

from chalicelib import catalog, clock, credit, identity, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.pagination import Key, Page
from chalicelib.reports import formulas
from chalicelib.reports import repository as repo
from chalicelib.reports.readings import Scope, days_of, rollup_items, scope_of
from chalicelib.reports.rollups import (
    CATEGORY,
    METHOD,
    PRODUCT,
    SELLER,
    TOTAL,
    store_scope,
)
from chalicelib.reports.schemas import (
    CategoryFigureOut,
    KpiQuery,
    KpisOut,
    SellerFigureOut,
    SnapshotOut,
    SnapshotQuery,
)
from chalicelib.schemas import from_item
from chalicelib.tenancy import TenantOut

KPI_DIMENSIONS = (TOTAL, PRODUCT, CATEGORY, SELLER, METHOD)


def kpis(principal: Principal, query: KpiQuery) -> KpisOut:
    return kpis_with_tenant(principal, query)[0]


def kpis_with_tenant(principal: Principal, query: KpiQuery) -> tuple[KpisOut, TenantOut]:
    """The KPIs and the tenant's settings they were read with (the dashboard's language)."""
    tenant = tenancy.tenant_settings(principal.tenant_id)
    first, last = days_of(query.from_, query.to, tenant.timezone)
    scope = scope_of(principal, query.store_id)
    today = clock.local_date(clock.now(), tenant.timezone)
    return kpis_of(principal.tenant_id, tenant.currency, scope, first, last, today), tenant


def kpis_of(
    tenant_id: str,
    currency: str,
    scope: Scope,
    first: date,
    last: date,
    today: date,
) -> KpisOut:
    """The KPIs of a scope over [first, last] (local days; `today`: the tenant's), as of now."""
    items = rollup_items(tenant_id, scope, first, last, KPI_DIMENSIONS, today)
    figures = formulas.kpis(items)
    now = _now_figures(tenant_id, scope.names)
    categories = catalog.category_names(
        tenant_id, [c.category_id for c in figures.by_category if c.category_id]
    )
    sellers = identity.user_names(tenant_id, {s.seller_id for s in figures.by_seller})
    outstanding = overdue = None
    if scope.tenant_wide:
        outstanding = now["credit_outstanding"]  # the tenant's scope is the only one read
        overdue = sum(a.overdue_amount for a in credit.overdue_accounts(tenant_id, today))
    return from_item(
        KpisOut,
        figures,
        by_day=formulas.by_day(items, first, last),
        by_category=[
            from_item(CategoryFigureOut, c, name=categories.get(c.category_id or ""))
            for c in figures.by_category
        ],
        by_seller=[
            from_item(SellerFigureOut, s, name=sellers.get(s.seller_id)) for s in figures.by_seller
        ],
        stock_value=now["stock_value"],
        low_stock_count=now["low_stock_count"],
        out_of_stock_count=now["out_of_stock_count"],
        credit_outstanding=outstanding,
        credit_overdue=overdue,
        pending_payment_count=now["pending_payment_count"],
        as_of=clock.iso(),
        currency=currency,
    )


def units_sold(tenant_id: str, store_id: str, first: date, last: date) -> dict[str, int]:
    """Units of each product sold in the store over [first, last] (local days, `last` today),
    refunds not deducted: the store's PRODUCT rollups, a few queries whatever the catalog."""
    scope = Scope((store_scope(store_id),), (store_id,))
    sold: dict[str, int] = {}
    for item in rollup_items(tenant_id, scope, first, last, (PRODUCT,), today=last):
        if item.key.dimension == PRODUCT:
            member = item.key.member
            sold[member] = sold.get(member, 0) + int(item.figures.get("quantity", 0))
    return sold


def _now_figures(tenant_id: str, scopes: tuple[str, ...]) -> dict[str, int]:
    """The as-of-now counters of the scopes, added up (one query of the tenant's counters)."""
    kept = repo.now_figures(tenant_id)
    return {
        name: sum(kept.get(scope, {}).get(name, 0) for scope in scopes) for name in repo.NOW_FIGURES
    }


def list_snapshots(
    principal: Principal, query: SnapshotQuery, state: Key | None
) -> Page[SnapshotOut]:
    """The tenant's snapshots first (a tenant-wide reader without `store_id`), then each
    store's, oldest day first."""
    tenant = tenancy.tenant_settings(principal.tenant_id)
    first, last = days_of(query.from_, query.to, tenant.timezone)
    scope = scope_of(principal, query.store_id)
    names = list(scope.names)
    if scope.tenant_wide and query.store_id is None:
        stores = tenancy.live_stores(principal.tenant_id, None)
        names += [store_scope(store) for store in stores]
    items, state = repo.snapshots_page(
        principal.tenant_id,
        names,
        first.isoformat(),
        last.isoformat(),
        limit=query.limit,
        cursor=state,
    )
    found = [
        SnapshotOut(**{**item.figures, "date": item.day, "store_id": item.store_id})
        for item in items
    ]
    return found, state
