"""The tenant's settings and its stores, as plain functions over typed inputs; what other
domains ask of a tenant (its settings, its live stores, its history's start) is here too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from chalicelib import errors, periods
from chalicelib.auth.principal import Principal
from chalicelib.clock import epoch, new_id
from chalicelib.db.keys import TENANT_REGISTRY_SHARDS
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.schemas import from_item, sent_fields
from chalicelib.tenancy import repository as repo
from chalicelib.tenancy.schemas import (
    CREDIT_DEFAULTS,
    LOYALTY_DEFAULTS,
    StoreIn,
    StoreOut,
    StorePatch,
    TenantOut,
    TenantPatch,
)


def tenant_out(tenant: repo.Tenant) -> TenantOut:
    return from_item(
        TenantOut,
        tenant,
        loyalty={**LOYALTY_DEFAULTS, **(tenant.loyalty or {})},
        credit={**CREDIT_DEFAULTS, **(tenant.credit or {})},
    )


def open_tenant(tenant_id: str, settings: dict[str, Any], actor: str) -> tuple[TenantOut, Effect]:
    """A new tenant with these settings, and its put for the sign-up's write."""
    tenant, put = repo.new_tenant(tenant_id, settings, actor)
    return tenant_out(tenant), put


def tenant_settings(tenant_id: str, reads: Reads | None = None) -> TenantOut:
    """The tenant's settings (currency, time zone, language, thresholds), or 404 (from `reads`
    when they wanted them: `want_tenant`)."""
    if reads is not None:
        return settings_in(reads, tenant_id)
    return tenant_out(repo.get_tenant(tenant_id))


def want_tenant(reads: Reads, tenant_id: str, store_id: str | None = None) -> None:
    """Read the tenant's settings (and one of its stores) with a request's other reads."""
    repo.want_tenant(reads, tenant_id, store_id)


def settings_in(reads: Reads, tenant_id: str) -> TenantOut:
    """The tenant's settings from reads that wanted them, or 404."""
    return tenant_out(repo.tenant_in(reads, tenant_id))


def store_in(reads: Reads, tenant_id: str, store_id: str) -> StoreOut:
    """One live store of the tenant from reads that wanted it, or 404."""
    return from_item(StoreOut, repo.store_in(reads, tenant_id, store_id))


def get_tenant(principal: Principal) -> TenantOut:
    return tenant_settings(principal.tenant_id)


def update_tenant(principal: Principal, patch: TenantPatch) -> TenantOut:
    tenant = repo.get_tenant(principal.tenant_id)
    changes = sent_fields(patch)
    if patch.loyalty is not None:
        changes["loyalty"] = {**(tenant.loyalty or {}), **sent_fields(patch.loyalty)}
    if patch.credit is not None:
        changes["credit"] = {**(tenant.credit or {}), **sent_fields(patch.credit)}
    repo.update_tenant(tenant, changes, patch.version, principal.user_id)
    return tenant_out(tenant)


JOB_RUN_DAYS = 14


def tenant_ids() -> Iterator[str]:
    """Every tenant, shard by shard of the tenant registry (never a Scan)."""
    for shard in range(TENANT_REGISTRY_SHARDS):
        start_key: Key | None = None
        while True:
            tenants, start_key = repo.tenants_page(shard, start_key)
            yield from (tenant.id for tenant in tenants)
            if start_key is None:
                break


def tenant_zones() -> Iterator[tuple[str, str]]:
    """Every tenant with its time zone, shard by shard of the tenant registry (no Scan)."""
    for shard in range(TENANT_REGISTRY_SHARDS):
        start_key: Key | None = None
        while True:
            tenants, start_key = repo.tenants_page(shard, start_key)
            yield from ((tenant.id, tenant.timezone) for tenant in tenants)
            if start_key is None:
                break


def job_ran(tenant_id: str, job: str, day: str) -> bool:
    """A daily job was already done for the tenant's local day."""
    return repo.job_ran(tenant_id, job, day)


def record_job_run(tenant_id: str, job: str, day: str, findings: int) -> None:
    repo.record_job_run(tenant_id, job, day, findings, epoch() + JOB_RUN_DAYS * 86_400)


def activity_period(tenant_id: str, start_day: date | None, end_day: date | None) -> periods.Period:
    """The tenant-local days asked for, within the tenant's history (its activity to now)."""
    tenant = repo.get_tenant(tenant_id)
    since = tenant.active_since or tenant.created_at
    return periods.window(start_day, end_day, tenant.timezone, since)


def move_activity_back(tenant_id: str, since: str) -> None:
    """Seeds, imports and restores that write history older than the tenant's call this."""
    repo.move_activity_back(tenant_id, since)


def live_stores(tenant_id: str, among: tuple[str, ...] | None) -> tuple[str, ...]:
    """The tenant's stores that are not deleted (`among` those when given), in id order."""
    live: set[str] = set()
    start_key: Key | None = None
    while True:
        stores, start_key = repo.list_stores(tenant_id, 200, start_key)
        live.update(store.id for store in stores)
        if start_key is None:
            break
    return tuple(sorted(live if among is None else live.intersection(among)))


def store_of(tenant_id: str, store_id: str) -> StoreOut:
    """One live store of the tenant, or 404."""
    return from_item(StoreOut, repo.get_store(tenant_id, store_id))


def stores_exist(
    tenant_id: str, store_ids: Iterable[str], missing: Callable[[str], errors.DomainError]
) -> Effect:
    """A write's condition that these stores still exist: `missing` names the error."""
    return repo.stores_exist(tenant_id, store_ids, missing)


def create_store(principal: Principal, data: StoreIn) -> tuple[StoreOut, bool]:
    store, created = repo.create_store(
        principal.tenant_id,
        data.id or new_id(),
        data.model_dump(exclude={"id"}),
        principal.user_id,
    )
    return from_item(StoreOut, store), created


def get_store(principal: Principal, store_id: str) -> StoreOut:
    return store_of(principal.tenant_id, store_id)


def update_store(principal: Principal, store_id: str, patch: StorePatch) -> StoreOut:
    store = repo.get_store(principal.tenant_id, store_id)
    repo.update_store(store, sent_fields(patch), patch.version, principal.user_id)
    return from_item(StoreOut, store)


def delete_store(principal: Principal, store_id: str) -> None:
    repo.delete_store(repo.get_store(principal.tenant_id, store_id), principal.user_id)


def list_stores(principal: Principal, limit: int, start_key: Key | None) -> Page[StoreOut]:
    stores, last_key = repo.list_stores(principal.tenant_id, limit, start_key)
    return [from_item(StoreOut, store) for store in stores], last_key
