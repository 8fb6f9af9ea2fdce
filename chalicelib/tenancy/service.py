"""Sign-up, login and the tenant's stores, as plain functions over typed inputs."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import periods
from chalicelib.auth import sessions
from chalicelib.auth.passwords import hash_password
from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.auth.tokens import issue_access_token
from chalicelib.clock import new_id
from chalicelib.config import get_settings
from chalicelib.db.models.tenancy import StoreItem, TenantItem, UserItem
from chalicelib.identity.lockout import check_login
from chalicelib.schemas import sent_fields
from chalicelib.tenancy import repository as repo
from chalicelib.tenancy.schemas import (
    LOYALTY_DEFAULTS,
    AssignUsersIn,
    AssignUsersOut,
    LoginIn,
    MeOut,
    SignUpIn,
    SignUpOut,
    StoreIn,
    StoreOut,
    StorePatch,
    TenantOut,
    TenantPatch,
    TokenPair,
    UserOut,
)


def tenant_out(tenant: TenantItem) -> TenantOut:
    return TenantOut(
        id=tenant.id,
        name=tenant.name,
        currency=tenant.currency,
        timezone=tenant.timezone,
        locale=tenant.locale,
        country=tenant.country,
        discount_approval_bps=tenant.discount_approval_bps,
        pending_payment_alert_minutes=tenant.pending_payment_alert_minutes,
        cash_variance_alert=tenant.cash_variance_alert,
        loyalty={**LOYALTY_DEFAULTS, **(tenant.loyalty or {})},
        version=tenant.version,
        created_at=tenant.created_at,
        updated_at=tenant.updated_at,
    )


def user_out(user: UserItem) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        store_ids=[str(s) for s in user.store_ids or []],
        active=user.active,
        version=user.version,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def store_out(store: StoreItem) -> StoreOut:
    return StoreOut(
        id=store.id,
        name=store.name,
        code=store.code,
        address=store.address,
        phone=store.phone,
        version=store.version,
        created_at=store.created_at,
        updated_at=store.updated_at,
    )


def principal_of(user: UserItem) -> Principal:
    return Principal(
        tenant_id=user.tenant_id or "",
        user_id=user.id,
        role=user.role,
        store_ids=tuple(str(s) for s in user.store_ids or ()),
    )


def token_pair(user: UserItem, session_id: str, refresh_token: str) -> TokenPair:
    principal = principal_of(user)
    access = issue_access_token(
        Principal(
            principal.tenant_id,
            principal.user_id,
            principal.role,
            principal.store_ids,
            session_id=session_id,
        )
    )
    return TokenPair(
        access_token=access, refresh_token=refresh_token, expires_in=get_settings().access_token_ttl
    )


def issue_tokens(user: UserItem, ip: str | None, user_agent: str | None) -> TokenPair:
    session, refresh_token = sessions.start_session(user.tenant_id or "", user.id, ip, user_agent)
    return token_pair(user, session.id, refresh_token)


def sign_up(data: SignUpIn, ip: str | None, user_agent: str | None) -> SignUpOut:
    tenant = TenantItem(
        id=new_id(),
        name=data.name,
        currency=data.currency,
        timezone=data.timezone,
        locale=data.locale,
        country=data.country,
    )
    admin = UserItem(
        id=new_id(),
        email=data.admin.email,
        full_name=data.admin.full_name,
        role=Role.ADMIN.value,
        store_ids=[],
        active=True,
        password_hash=hash_password(data.admin.password),
    )
    admin.tenant_id = tenant.id
    session, refresh_token = sessions.new_session(tenant.id, admin.id, ip, user_agent)
    repo.create_tenant(tenant, admin, session)
    tokens = token_pair(admin, session.id, refresh_token)
    return SignUpOut(tenant=tenant_out(tenant), user=user_out(admin), **tokens.model_dump())


def log_in(data: LoginIn, ip: str | None, user_agent: str | None) -> TokenPair:
    return issue_tokens(check_login(data.email, data.password), ip, user_agent)


def me(principal: Principal) -> MeOut:
    user = repo.get_user(principal.tenant_id, principal.user_id)
    return MeOut(user=user_out(user), tenant=tenant_out(repo.get_tenant(principal.tenant_id)))


def get_tenant(principal: Principal) -> TenantOut:
    return tenant_out(repo.get_tenant(principal.tenant_id))


def update_tenant(principal: Principal, patch: TenantPatch) -> TenantOut:
    tenant = repo.get_tenant(principal.tenant_id)
    changes = sent_fields(patch)
    if patch.loyalty is not None:
        changes["loyalty"] = {**(tenant.loyalty or {}), **sent_fields(patch.loyalty)}
    repo.update_tenant(tenant, changes, patch.version, principal.user_id)
    return tenant_out(tenant)


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
    start_key: dict[str, Any] | None = None
    while True:
        stores, start_key = repo.list_stores(tenant_id, 200, start_key)
        live.update(store.id for store in stores)
        if start_key is None:
            break
    return tuple(sorted(live if among is None else live.intersection(among)))


def create_store(principal: Principal, data: StoreIn) -> tuple[StoreOut, bool]:
    store = StoreItem(
        id=data.id or new_id(),
        name=data.name,
        code=data.code,
        address=data.address,
        phone=data.phone,
    )
    saved, created = repo.create_store(principal.tenant_id, store, principal.user_id)
    return store_out(saved), created


def get_store(principal: Principal, store_id: str) -> StoreOut:
    return store_out(repo.get_store(principal.tenant_id, store_id))


def update_store(principal: Principal, store_id: str, patch: StorePatch) -> StoreOut:
    store = repo.get_store(principal.tenant_id, store_id)
    repo.update_store(store, sent_fields(patch), patch.version, principal.user_id)
    return store_out(store)


def delete_store(principal: Principal, store_id: str) -> None:
    repo.delete_store(repo.get_store(principal.tenant_id, store_id), principal.user_id)


def list_stores(
    principal: Principal, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[StoreOut], dict[str, Any] | None]:
    stores, last_key = repo.list_stores(principal.tenant_id, limit, start_key)
    return [store_out(store) for store in stores], last_key


def assign_users(principal: Principal, store_id: str, data: AssignUsersIn) -> AssignUsersOut:
    store = repo.get_store(principal.tenant_id, store_id)
    users = repo.get_users(principal.tenant_id, list(dict.fromkeys(data.user_ids)))
    repo.assign_users(store, users, principal.user_id)
    return AssignUsersOut(store_id=store.id, user_ids=[user.id for user in users])


def seed_stores(admin: Principal) -> None:
    """Demo data: two stores in Douala."""
    for name, code, address in (
        ("Akwa", "AKW", "Boulevard de la Liberté, Akwa, Douala"),
        ("Bonamoussadi", "BNM", "Carrefour Bonamoussadi, Douala"),
    ):
        create_store(admin, StoreIn(name=name, code=code, address=address, phone="+237233000000"))
