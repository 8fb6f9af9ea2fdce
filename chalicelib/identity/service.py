"""Sign-up, login, refresh, logout, sessions, password change and the users of a tenant, as
plain functions.

Revoking a session or deleting a user, or changing their role, stores, active flag or password,
reaches the access tokens already issued within 60 s (chalicelib/identity/access.py).
"""

from __future__ import annotations

from chalicelib import errors
from chalicelib.auth.passwords import hash_password
from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.auth.tokens import issue_access_token
from chalicelib.clock import epoch, new_id
from chalicelib.config import get_settings
from chalicelib.identity import lockout, sessions
from chalicelib.identity import repository as repo
from chalicelib.identity.schemas import (
    AssignUsersIn,
    AssignUsersOut,
    ChangePasswordIn,
    LoginIn,
    MeOut,
    SessionOut,
    SignUpIn,
    SignUpOut,
    TokenPair,
    UserIn,
    UserOut,
    UserPatch,
)
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.schemas import from_item, sent_fields
from chalicelib.tenancy import open_tenant, store_of, stores_exist, tenant_settings


def user_out(user: repo.User) -> UserOut:
    return from_item(UserOut, user, store_ids=[str(s) for s in user.store_ids or []])


def principal_of(user: repo.User) -> Principal:
    return Principal(
        tenant_id=user.tenant_id or "",
        user_id=user.id,
        role=user.role,
        store_ids=tuple(str(s) for s in user.store_ids or ()),
    )


def token_pair(user: repo.User, session_id: str, refresh_token: str) -> TokenPair:
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


def sign_up(data: SignUpIn, ip: str | None, user_agent: str | None) -> SignUpOut:
    """The tenant, its first ADMIN, the e-mail marker, the first session: one write."""
    tenant_id, admin_id = new_id(), new_id()
    settings = data.model_dump(include={"name", "currency", "timezone", "locale", "country"})
    tenant, tenant_put = open_tenant(tenant_id, settings, actor=admin_id)
    admin_fields = {
        "email": data.admin.email,
        "full_name": data.admin.full_name,
        "role": Role.ADMIN.value,
        "store_ids": [],
        "active": True,
        "password_hash": hash_password(data.admin.password),
    }
    session, refresh_token = sessions.new_session(tenant_id, admin_id, ip, user_agent)
    admin = repo.sign_up(tenant_id, admin_id, admin_fields, session, effects=[tenant_put])
    tokens = token_pair(admin, session.id, refresh_token)
    return SignUpOut(tenant=tenant, user=user_out(admin), **tokens.model_dump())


def log_in(data: LoginIn, ip: str | None, user_agent: str | None) -> TokenPair:
    user = lockout.check_login(data.email, data.password)
    session, refresh_token = sessions.start_session(user.tenant_id or "", user.id, ip, user_agent)
    return token_pair(user, session.id, refresh_token)


def me(principal: Principal) -> MeOut:
    """The caller and their tenant; 401 for a user deleted since the token was checked."""
    try:
        user = repo.get_user(principal.tenant_id, principal.user_id)
    except errors.NotFoundError as gone:
        raise errors.UnauthenticatedError("This token's user no longer exists.") from gone
    return MeOut(user=user_out(user), tenant=tenant_settings(principal.tenant_id))


def refresh(refresh_token: str) -> TokenPair:
    """The next token pair of a session, with the user's current role and stores."""
    session, next_token = sessions.rotate(refresh_token)
    user = _user_or_none(session)
    if user is None or not user.active:
        sessions.revoke(session)
        raise errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
    return token_pair(user, session.id, next_token)


def _user_or_none(session: repo.Session) -> repo.User | None:
    try:
        return repo.get_user(session.tenant_id or "", session.user_id)
    except errors.NotFoundError:
        return None


def log_out(refresh_token: str) -> None:
    session = sessions.find_by_token(refresh_token)
    if session is None or session.revoked:
        raise errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
    sessions.revoke(session)


def list_sessions(principal: Principal, limit: int, start_key: Key | None) -> Page[SessionOut]:
    found, last_key = repo.user_sessions(principal.tenant_id, principal.user_id, limit, start_key)
    now = epoch()
    live = [s for s in found if not s.revoked and (s.expires_at or 0) >= now]
    current = principal.session_id
    return [from_item(SessionOut, s, current=s.id == current) for s in live], last_key


def end_session(principal: Principal, session_id: str) -> None:
    session = sessions.find(session_id)
    if (
        session is None
        or session.revoked
        or session.tenant_id != principal.tenant_id
        or session.user_id != principal.user_id
    ):
        raise errors.NotFoundError("Session not found.")
    sessions.revoke(session)


def change_password(principal: Principal, data: ChangePasswordIn) -> None:
    user = repo.get_user(principal.tenant_id, principal.user_id)
    if not lockout.check_password(user, data.current_password):
        raise errors.ValidationError(
            "The current password is wrong.",
            errors=[{"field": "current_password", "message": "does not match"}],
        )
    repo.set_password(user, hash_password(data.new_password), principal.user_id)
    repo.revoke_sessions(principal.tenant_id, principal.user_id, keep=principal.session_id)


def _is_active_admin(role: str, active: bool) -> bool:
    return role == Role.ADMIN and active


def _unknown_store(store_id: str) -> errors.DomainError:
    return errors.ValidationError(
        "store_ids must be stores of this tenant.",
        errors=[{"field": "store_ids", "message": f"unknown store {store_id}"}],
    )


def create_user(principal: Principal, data: UserIn) -> tuple[UserOut, bool]:
    fields = {
        "email": data.email,
        "full_name": data.full_name,
        "role": data.role.value,
        "store_ids": list(dict.fromkeys(data.store_ids)),
        "active": data.active,
    }
    wanted = tuple(fields.values())

    def same_as(old: repo.User) -> bool:
        return (old.email, old.full_name, old.role, list(old.store_ids), old.active) == wanted

    saved, created = repo.create_user(
        principal.tenant_id,
        data.id or new_id(),
        {**fields, "password_hash": hash_password(data.password)},
        principal.user_id,
        int(_is_active_admin(data.role.value, data.active)),
        same_as,
        effects=[stores_exist(principal.tenant_id, data.store_ids, _unknown_store)],
    )
    return user_out(saved), created


def list_users(principal: Principal, limit: int, start_key: Key | None) -> Page[UserOut]:
    users, last_key = repo.list_users(principal.tenant_id, limit, start_key)
    return [user_out(user) for user in users], last_key


def get_user(principal: Principal, user_id: str) -> UserOut:
    return user_out(repo.get_user(principal.tenant_id, user_id))


def update_user(principal: Principal, user_id: str, patch: UserPatch) -> UserOut:
    changes = sent_fields(patch)
    if "role" in changes:
        changes["role"] = Role(changes["role"]).value
    if "store_ids" in changes:
        changes["store_ids"] = list(dict.fromkeys(changes["store_ids"]))
    effects = (
        [stores_exist(principal.tenant_id, changes["store_ids"], _unknown_store)]
        if "store_ids" in changes
        else []
    )

    def write() -> tuple[repo.User, bool]:
        """The admin counter is shared by the tenant's admins: a conflicting write retries."""
        user = repo.get_user(principal.tenant_id, user_id)
        was_admin = _is_active_admin(user.role, user.active)
        is_admin = _is_active_admin(
            changes.get("role", user.role), changes.get("active", user.active)
        )
        was_active = user.active
        admin_delta = int(is_admin) - int(was_admin)
        repo.update_user(
            user, dict(changes), patch.version, principal.user_id, admin_delta, effects
        )
        return user, was_active

    user, was_active = retry_races(write)
    if was_active and not user.active:
        repo.revoke_sessions(principal.tenant_id, user.id)
    return user_out(user)


def delete_user(principal: Principal, user_id: str) -> None:
    def write() -> repo.User:
        user = repo.get_user(principal.tenant_id, user_id)
        repo.delete_user(user, principal.user_id, -int(_is_active_admin(user.role, user.active)))
        return user

    user = retry_races(write)
    repo.revoke_sessions(principal.tenant_id, user.id)


def assign_users(principal: Principal, store_id: str, data: AssignUsersIn) -> AssignUsersOut:
    """Give users access to a store that stays open while they get it."""
    store = store_of(principal.tenant_id, store_id)
    users = repo.get_users(principal.tenant_id, list(dict.fromkeys(data.user_ids)))
    still_open = stores_exist(
        principal.tenant_id, [store.id], lambda _: errors.NotFoundError("Store not found.")
    )
    repo.assign_store(users, store.id, principal.user_id, [still_open])
    return AssignUsersOut(store_id=store.id, user_ids=[user.id for user in users])


def user_names(tenant_id: str, user_ids: set[str]) -> dict[str, str]:
    """Each user's full name (an unknown or deleted user keeps its id)."""
    names = {}
    for user_id in sorted(uid for uid in user_ids if uid):
        try:
            names[user_id] = repo.get_user(tenant_id, user_id).full_name
        except errors.NotFoundError:
            names[user_id] = user_id
    return names


def principal_by_email(email: str) -> Principal | None:
    """Whom a login e-mail opens, as a principal (the demo data acts as its users)."""
    user = repo.find_login(email)
    return principal_of(user) if user is not None else None


def want_courier(reads: Reads, tenant_id: str, user_id: str) -> None:
    """Read a would-be courier with a request's other reads (`is_active_courier` answers)."""
    repo.want_user(reads, tenant_id, user_id)


def is_active_courier(reads: Reads, tenant_id: str, user_id: str, store_id: str) -> bool:
    """Whether the user (wanted in `reads`) is an active COURIER working in the store."""
    user = repo.user_in(reads, tenant_id, user_id)
    return (
        user is not None
        and user.active
        and user.role == "COURIER"
        and store_id in (user.store_ids or [])
    )
