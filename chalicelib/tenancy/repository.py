"""Storage of tenants, users, stores and their uniqueness markers (the only PynamoDB here)."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.identity import AdminCountItem, SessionItem
from chalicelib.db.models.tenancy import (
    EmailMarkerItem,
    StoreCodeMarkerItem,
    StoreItem,
    TenantItem,
    UserItem,
)


def email_taken(email: str) -> errors.ConflictError:
    return errors.ConflictError(f"The e-mail {email} is already registered.")


def email_marker(tenant_id: str, user: UserItem) -> EmailMarkerItem:
    return EmailMarkerItem(
        pk=keys.email_pk(user.email), sk=keys.email_sk(), tenant_id=tenant_id, user_id=user.id
    )


def create_tenant(tenant: TenantItem, admin: UserItem, session: SessionItem) -> None:
    """Tenant, first ADMIN, e-mail marker, first session and admin count: one transaction."""
    tenant.pk, tenant.sk, tenant.tenant_id = keys.tenant_pk(tenant.id), keys.tenant_sk(), tenant.id
    shard = keys.tenant_registry_shard(tenant.id)
    tenant.gsi1pk = keys.tenant_registry_pk(shard)
    tenant.gsi1sk = keys.tenant_registry_sk(tenant.id)
    admin.pk, admin.sk = keys.tenant_pk(tenant.id), keys.user_sk(admin.id)
    admin.tenant_id = tenant.id
    records.stamp_new(tenant, admin.id)
    records.stamp_new(admin, admin.id)
    tenant.active_since = tenant.active_since or tenant.created_at
    tx = Tx()
    tx.put(tenant, condition=TenantItem.pk.does_not_exist())
    tx.put(admin, condition=UserItem.pk.does_not_exist())
    tx.put(
        email_marker(tenant.id, admin),
        condition=EmailMarkerItem.pk.does_not_exist(),
        on_fail=email_taken(admin.email),
    )
    tx.put(session)
    tx.put(
        AdminCountItem(pk=tenant.pk, sk=keys.admin_count_sk(), tenant_id=tenant.id, active_admins=1)
    )
    tx.commit()


def get_tenant(tenant_id: str) -> TenantItem:
    return records.get_live(TenantItem, keys.tenant_pk(tenant_id), keys.tenant_sk(), what="Tenant")


def move_activity_back(tenant_id: str, since: str) -> bool:
    """Start the tenant's history at `since` when that is earlier; False when it was not."""
    tenant = TenantItem(pk=keys.tenant_pk(tenant_id), sk=keys.tenant_sk())
    earlier = TenantItem.active_since.does_not_exist() | (TenantItem.active_since > since)
    return records.conditional_update(
        tenant, [TenantItem.active_since.set(since)], TenantItem.pk.exists() & earlier
    )


def update_tenant(tenant: TenantItem, changes: dict[str, Any], version: int, actor: str) -> None:
    records.update(tenant, changes, expected_version=version, actor=actor, what="Tenant")


def tenants_page(
    shard: int, start_key: dict[str, Any] | None, limit: int = 100
) -> tuple[list[TenantItem], dict[str, Any] | None]:
    return records.query_page(
        TenantItem,
        keys.tenant_registry_pk(shard),
        index=TenantItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


def find_login(email: str) -> tuple[EmailMarkerItem, UserItem] | None:
    marker = records.find(EmailMarkerItem, keys.email_pk(email), keys.email_sk())
    if marker is None or marker.tenant_id is None:
        return None
    user = records.find(UserItem, keys.tenant_pk(marker.tenant_id), keys.user_sk(marker.user_id))
    if user is None or user.deleted_at is not None:
        return None
    return marker, user


def get_user(tenant_id: str, user_id: str) -> UserItem:
    return records.get_live(UserItem, keys.tenant_pk(tenant_id), keys.user_sk(user_id), what="User")


def get_users(tenant_id: str, user_ids: list[str]) -> list[UserItem]:
    """Live users of the tenant, in the order asked; 404 if any is missing. One BatchGet."""
    pk = keys.tenant_pk(tenant_id)
    found = {
        u.id: u
        for u in records.batch_get(UserItem, [(pk, keys.user_sk(i)) for i in user_ids])
        if u.deleted_at is None
    }
    missing = [user_id for user_id in user_ids if user_id not in found]
    if missing:
        raise errors.NotFoundError(f"User not found: {', '.join(missing)}.")
    return [found[user_id] for user_id in user_ids]


def create_store(tenant_id: str, store: StoreItem, actor: str) -> tuple[StoreItem, bool]:
    store.pk, store.sk = keys.tenant_pk(tenant_id), keys.store_sk(store.id)
    store.tenant_id = tenant_id
    marker = StoreCodeMarkerItem(
        pk=store.pk, sk=keys.store_code_sk(store.code), tenant_id=tenant_id, store_id=store.id
    )

    def claim_code(tx: Tx) -> None:
        tx.put(
            marker,
            condition=StoreCodeMarkerItem.pk.does_not_exist(),
            on_fail=_code_taken(store.code),
        )

    return records.create(
        store,
        actor=actor,
        extra=claim_code,
        what="Store",
        same_as=lambda old: (
            (old.name, old.code, old.address, old.phone)
            == (store.name, store.code, store.address, store.phone)
        ),
    )


def _code_taken(code: str) -> errors.ConflictError:
    return errors.ConflictError(f"Another store already uses the code {code}.")


def get_store(tenant_id: str, store_id: str) -> StoreItem:
    return records.get_live(
        StoreItem, keys.tenant_pk(tenant_id), keys.store_sk(store_id), what="Store"
    )


def update_store(store: StoreItem, changes: dict[str, Any], version: int, actor: str) -> None:
    new_code = changes.get("code")
    if new_code is None or new_code == store.code:
        changes.pop("code", None)
        records.update(store, changes, expected_version=version, actor=actor, what="Store")
        return
    old_marker = StoreCodeMarkerItem(pk=store.pk, sk=keys.store_code_sk(store.code))
    new_marker = StoreCodeMarkerItem(
        pk=store.pk, sk=keys.store_code_sk(new_code), tenant_id=store.tenant_id, store_id=store.id
    )

    def move_code(tx: Tx) -> None:
        tx.remove(old_marker)
        tx.put(
            new_marker,
            condition=StoreCodeMarkerItem.pk.does_not_exist(),
            on_fail=_code_taken(new_code),
        )

    records.update(
        store, changes, expected_version=version, actor=actor, what="Store", extra=move_code
    )


def delete_store(store: StoreItem, actor: str) -> None:
    marker = StoreCodeMarkerItem(pk=store.pk, sk=keys.store_code_sk(store.code))
    records.soft_delete(store, actor=actor, what="Store", extra=lambda tx: tx.remove(marker))


def list_stores(
    tenant_id: str, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[StoreItem], dict[str, Any] | None]:
    return records.query_page(
        StoreItem,
        keys.tenant_pk(tenant_id),
        range_key_condition=StoreItem.sk.startswith(keys.stores_prefix()),
        limit=limit,
        start_key=start_key,
    )


def assign_users(store: StoreItem, users: list[UserItem], actor: str) -> None:
    tx = Tx()
    tx.check(
        StoreItem,
        store.pk,
        store.sk,
        StoreItem.deleted_at.does_not_exist(),
        on_fail=errors.NotFoundError("Store not found."),
    )
    for user in users:
        if store.id in user.store_ids:
            continue
        tx.change(
            user,
            [
                UserItem.store_ids.set(UserItem.store_ids.append([store.id])),
                UserItem.version.add(1),
                UserItem.updated_by.set(actor),
                UserItem.updated_at.set(iso()),
            ],
            condition=(UserItem.version == user.version) & UserItem.deleted_at.does_not_exist(),
        )
    tx.commit()
