"""Keys of tenants, their users and stores, and the markers that keep e-mails and codes unique."""

from __future__ import annotations

import zlib

from chalicelib.db.keys.shapes import Entity, Key, Pattern

TENANT_REGISTRY_SHARDS = 4

tenant_pk = Key("T#{tenant_id}")
tenant_sk = Key("TENANT")
tenant_registry_pk = Key("TENANTS#{shard}")
tenant_registry_sk = Key("{tenant_id}")
email_pk = Key("EMAIL#{email:lower}")
email_sk = Key("EMAIL")
users_prefix = Key("USER#")
user_sk = Key("USER#{user_id}")
admin_count_sk = Key("ADMINS")
stores_prefix = Key("STORE#")
store_sk = Key("STORE#{store_id}")
store_code_sk = Key("STORECODE#{code}")
job_run_sk = Key("JOBRUN#{job}#{day}")


def tenant_registry_shard(tenant_id: str) -> int:
    """The registry shard a tenant is listed in (0-3): jobs page through each shard."""
    return zlib.crc32(tenant_id.encode()) % TENANT_REGISTRY_SHARDS


ENTITIES = [
    Entity(
        "Tenant",
        tenant_pk,
        tenant_sk,
        gsi1=(tenant_registry_pk, tenant_registry_sk),
        note="gsi1 is the tenant registry used by scheduled jobs (shards 0-3); active_since "
        "starts the months that lists over time buckets walk",
        patterns=(
            Pattern("Tenant by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Tenants of a registry shard",
                "gsi1",
                "gsi1pk = {gsi1pk}",
                "for each shard: every tenant without a Scan",
            ),
        ),
    ),
    Entity(
        "EmailMarker",
        email_pk,
        email_sk,
        note="platform-wide unique e-mail; holds tenant_id and user_id for login",
        patterns=(
            Pattern(
                "Login by e-mail",
                "table",
                "pk = {pk} AND sk = {sk}",
                "login; put with attribute_not_exists in the user's transaction",
            ),
        ),
    ),
    Entity(
        "User",
        tenant_pk,
        user_sk,
        patterns=(
            Pattern("User by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Users of a tenant",
                "table",
                "pk = {pk} AND begins_with(sk, {users})",
                "soft-deleted filtered out",
                uses={"users": users_prefix},
            ),
        ),
    ),
    Entity(
        "AdminCount",
        tenant_pk,
        admin_count_sk,
        note="active ADMINs of the tenant, changed in the same transaction as the user; "
        "a condition keeps it at 1 or more",
        patterns=(
            Pattern(
                "Active ADMINs of a tenant",
                "table",
                "pk = {pk} AND sk = {sk}",
                "conditional ADD in the user's transaction (last-admin guard)",
            ),
        ),
    ),
    Entity(
        "Store",
        tenant_pk,
        store_sk,
        patterns=(
            Pattern(
                "Store by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "also a condition check in the writes that need a live store",
            ),
            Pattern(
                "Stores of a tenant",
                "table",
                "pk = {pk} AND begins_with(sk, {stores})",
                "soft-deleted filtered out",
                uses={"stores": stores_prefix},
            ),
        ),
    ),
    Entity(
        "StoreCodeMarker",
        tenant_pk,
        store_code_sk,
        note="unique store code per tenant, written with the store",
        patterns=(
            Pattern(
                "Store code of a tenant",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put with attribute_not_exists in the store's transaction",
            ),
        ),
    ),
    Entity(
        "JobRun",
        tenant_pk,
        job_run_sk,
        note="a daily job done for the tenant's local day: a later or overlapping run of the "
        "scheduler skips it; expires after 14 days",
        patterns=(
            Pattern(
                "Job run of a tenant and day",
                "table",
                "pk = {pk} AND sk = {sk}",
                "read before the job runs, put once it is done",
            ),
        ),
    ),
]
