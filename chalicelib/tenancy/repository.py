"""Storage of tenants, their stores and the markers that keep store codes unique."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chalicelib import errors
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.tenancy import JobRunItem, StoreCodeMarkerItem, StoreItem, TenantItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads

Tenant = TenantItem
Store = StoreItem
_STORE = records.Kind(StoreItem, keys.tenant_pk, keys.store_sk, "Store")


@serves("Tenant by id", "Tenants of a registry shard")
def new_tenant(tenant_id: str, fields: dict[str, Any], actor: str) -> tuple[TenantItem, Effect]:
    """A tenant listed in its registry shard, and the put that writes it with its first ADMIN."""
    shard = keys.tenant_registry_shard(tenant_id)
    tenant = TenantItem(
        id=tenant_id,
        pk=keys.tenant_pk(tenant_id),
        sk=keys.tenant_sk(),
        tenant_id=tenant_id,
        gsi1pk=keys.tenant_registry_pk(shard),
        gsi1sk=keys.tenant_registry_sk(tenant_id),
        **fields,
    )
    records.stamp_new(tenant, actor)
    tenant.active_since = tenant.active_since or tenant.created_at
    return tenant, lambda tx: tx.put(tenant, condition=TenantItem.pk.does_not_exist())


@serves("Tenant by id")
def get_tenant(tenant_id: str) -> TenantItem:
    return records.get_live(TenantItem, keys.tenant_pk(tenant_id), keys.tenant_sk(), what="Tenant")


@serves("Tenant by id")
def move_activity_back(tenant_id: str, since: str) -> bool:
    """Start the tenant's history at `since` when that is earlier; False when it was not."""
    tenant = TenantItem(pk=keys.tenant_pk(tenant_id), sk=keys.tenant_sk())
    earlier = TenantItem.active_since.does_not_exist() | (TenantItem.active_since > since)
    return records.conditional_update(
        tenant, [TenantItem.active_since.set(since)], TenantItem.pk.exists() & earlier
    )


@serves("Tenant by id")
def update_tenant(tenant: TenantItem, changes: dict[str, Any], version: int, actor: str) -> None:
    records.update(tenant, changes, expected_version=version, actor=actor, what="Tenant")


@serves("Tenants of a registry shard")
def tenants_page(shard: int, start_key: Key | None, limit: int = 100) -> Page[TenantItem]:
    return records.query_page(
        TenantItem,
        keys.tenant_registry_pk(shard),
        index=TenantItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


@serves("Store by id", "Store code of a tenant")
def create_store(
    tenant_id: str, store_id: str, fields: dict[str, Any], actor: str
) -> tuple[StoreItem, bool]:
    store = StoreItem(
        id=store_id,
        pk=keys.tenant_pk(tenant_id),
        sk=keys.store_sk(store_id),
        tenant_id=tenant_id,
        **fields,
    )
    marker = StoreCodeMarkerItem(
        pk=store.pk, sk=keys.store_code_sk(store.code), tenant_id=tenant_id, store_id=store.id
    )
    return records.create(
        store,
        actor=actor,
        effects=[_claim_code(marker, store.code)],
        what="Store",
        same_as=lambda old: (
            (old.name, old.code, old.address, old.phone)
            == (store.name, store.code, store.address, store.phone)
        ),
    )


def _claim_code(marker: StoreCodeMarkerItem, code: str) -> Effect:
    def claim(tx: Tx) -> None:
        tx.put(
            marker,
            condition=StoreCodeMarkerItem.pk.does_not_exist(),
            on_fail=errors.ConflictError(f"Another store already uses the code {code}."),
        )

    return claim


@serves("Tenant by id", "Store by id")
def want_tenant(reads: Reads, tenant_id: str, store_id: str | None = None) -> None:
    """The tenant (and one of its stores) among a request's other reads."""
    reads.want([(keys.tenant_pk(tenant_id), keys.tenant_sk())])
    if store_id is not None:
        reads.want([(keys.tenant_pk(tenant_id), keys.store_sk(store_id))])


@serves("Tenant by id")
def tenant_in(reads: Reads, tenant_id: str) -> TenantItem:
    return reads.live(TenantItem, (keys.tenant_pk(tenant_id), keys.tenant_sk()), what="Tenant")


@serves("Store by id")
def store_in(reads: Reads, tenant_id: str, store_id: str) -> StoreItem:
    key = (keys.tenant_pk(tenant_id), keys.store_sk(store_id))
    return reads.live(StoreItem, key, what="Store")


@serves("Store by id")
def get_store(tenant_id: str, store_id: str) -> StoreItem:
    return _STORE.get(tenant_id, store_id)


@serves("Store by id", "Store code of a tenant")
def update_store(store: StoreItem, changes: dict[str, Any], version: int, actor: str) -> None:
    new_code = changes.get("code")
    effects: list[Effect] = []
    if new_code is None or new_code == store.code:
        changes.pop("code", None)
    else:
        old_marker = StoreCodeMarkerItem(pk=store.pk, sk=keys.store_code_sk(store.code))
        new_marker = StoreCodeMarkerItem(
            pk=store.pk,
            sk=keys.store_code_sk(new_code),
            tenant_id=store.tenant_id,
            store_id=store.id,
        )
        effects = [lambda tx: tx.remove(old_marker), _claim_code(new_marker, new_code)]
    records.update(
        store, changes, expected_version=version, actor=actor, what="Store", effects=effects
    )


@serves("Store by id", "Store code of a tenant")
def delete_store(store: StoreItem, actor: str) -> None:
    marker = StoreCodeMarkerItem(pk=store.pk, sk=keys.store_code_sk(store.code))
    records.soft_delete(store, actor=actor, what="Store", effects=[lambda tx: tx.remove(marker)])


@serves("Stores of a tenant")
def list_stores(tenant_id: str, limit: int, start_key: Key | None) -> Page[StoreItem]:
    return records.tenant_page(StoreItem, tenant_id, keys.stores_prefix(), limit, start_key)


@serves("Store by id")
def stores_exist(
    tenant_id: str, store_ids: Iterable[str], missing: Callable[[str], errors.DomainError]
) -> Effect:
    """The write holds only if each store is still there (no read: condition checks)."""
    wanted = list(dict.fromkeys(store_ids))

    def check(tx: Tx) -> None:
        for store_id in wanted:
            tx.check(
                StoreItem,
                keys.tenant_pk(tenant_id),
                keys.store_sk(store_id),
                StoreItem.pk.exists() & StoreItem.deleted_at.does_not_exist(),
                on_fail=missing(store_id),
            )

    return check


@serves("Job run of a tenant and day")
def job_ran(tenant_id: str, job: str, day: str) -> bool:
    found = records.find(JobRunItem, keys.tenant_pk(tenant_id), keys.job_run_sk(job, day))
    return found is not None


@serves("Job run of a tenant and day")
def record_job_run(tenant_id: str, job: str, day: str, findings: int, expires_at: int) -> None:
    records.put_if_absent(
        JobRunItem(
            pk=keys.tenant_pk(tenant_id),
            sk=keys.job_run_sk(job, day),
            tenant_id=tenant_id,
            job=job,
            day=day,
            findings=findings,
            expires_at=expires_at,
        )
    )
