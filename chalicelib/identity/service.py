"""Refresh, logout, sessions, password change and the users of a tenant, as plain functions.

Revoking a session or deleting a user, or changing their role, stores, active flag or password,
reaches the access tokens already issued within 60 s (chalicelib/identity/access.py).
"""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.auth import sessions
from chalicelib.auth.passwords import hash_password
from chalicelib.auth.permissions import Role
from chalicelib.auth.principal import Principal
from chalicelib.clock import epoch, new_id
from chalicelib.db.models.identity import SessionItem
from chalicelib.db.models.tenancy import UserItem
from chalicelib.identity import lockout
from chalicelib.identity import repository as repo
from chalicelib.identity.schemas import ChangePasswordIn, SessionOut, UserIn, UserPatch
from chalicelib.retries import retry_races
from chalicelib.schemas import sent_fields
from chalicelib.tenancy import repository as tenancy_repo
from chalicelib.tenancy.schemas import TokenPair, UserOut
from chalicelib.tenancy.service import token_pair, user_out

Page = tuple[list[Any], dict[str, Any] | None]


def refresh(refresh_token: str) -> TokenPair:
    """The next token pair of a session, with the user's current role and stores."""
    session, next_token = sessions.rotate(refresh_token)
    user = _user_or_none(session)
    if user is None or not user.active:
        sessions.revoke(session)
        raise errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
    return token_pair(user, session.id, next_token)


def _user_or_none(session: SessionItem) -> UserItem | None:
    try:
        return tenancy_repo.get_user(session.tenant_id or "", session.user_id)
    except errors.NotFoundError:
        return None


def log_out(refresh_token: str) -> None:
    session = sessions.find_by_token(refresh_token)
    if session is None or session.revoked:
        raise errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
    sessions.revoke(session)


def session_out(session: SessionItem, principal: Principal) -> SessionOut:
    return SessionOut(
        id=session.id,
        created_at=session.created_at,
        last_used_at=session.last_used_at,
        ip=session.ip,
        user_agent=session.user_agent,
        current=session.id == principal.session_id,
    )


def list_sessions(principal: Principal, limit: int, start_key: dict[str, Any] | None) -> Page:
    found, last_key = repo.user_sessions(principal.tenant_id, principal.user_id, limit, start_key)
    now = epoch()
    live = [s for s in found if not s.revoked and (s.expires_at or 0) >= now]
    return [session_out(session, principal) for session in live], last_key


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
    user = tenancy_repo.get_user(principal.tenant_id, principal.user_id)
    if not lockout.check_password(user, data.current_password):
        raise errors.ValidationError(
            "The current password is wrong.",
            errors=[{"field": "current_password", "message": "does not match"}],
        )
    repo.set_password(user, hash_password(data.new_password), principal.user_id)
    repo.revoke_sessions(principal.tenant_id, principal.user_id, keep=principal.session_id)


def _is_active_admin(role: str, active: bool) -> bool:
    return role == Role.ADMIN and active


def create_user(principal: Principal, data: UserIn) -> tuple[UserOut, bool]:
    user = UserItem(
        id=data.id or new_id(),
        email=data.email,
        full_name=data.full_name,
        role=data.role.value,
        store_ids=list(dict.fromkeys(data.store_ids)),
        active=data.active,
        password_hash=hash_password(data.password),
    )

    def same_as(old: UserItem) -> bool:
        return (old.email, old.full_name, old.role, list(old.store_ids), old.active) == (
            user.email,
            user.full_name,
            user.role,
            user.store_ids,
            user.active,
        )

    saved, created = repo.create_user(
        principal.tenant_id,
        user,
        list(data.store_ids),
        principal.user_id,
        int(_is_active_admin(user.role, user.active)),
        same_as,
    )
    return user_out(saved), created


def list_users(principal: Principal, limit: int, start_key: dict[str, Any] | None) -> Page:
    users, last_key = repo.list_users(principal.tenant_id, limit, start_key)
    return [user_out(user) for user in users], last_key


def get_user(principal: Principal, user_id: str) -> UserOut:
    return user_out(tenancy_repo.get_user(principal.tenant_id, user_id))


def update_user(principal: Principal, user_id: str, patch: UserPatch) -> UserOut:
    changes = sent_fields(patch)
    if "role" in changes:
        changes["role"] = Role(changes["role"]).value
    if "store_ids" in changes:
        changes["store_ids"] = list(dict.fromkeys(changes["store_ids"]))

    def write() -> tuple[UserItem, bool]:
        """The admin counter is shared by the tenant's admins: a conflicting write retries."""
        user = tenancy_repo.get_user(principal.tenant_id, user_id)
        was_admin = _is_active_admin(user.role, user.active)
        is_admin = _is_active_admin(
            changes.get("role", user.role), changes.get("active", user.active)
        )
        was_active = user.active
        repo.update_user(
            user, dict(changes), patch.version, principal.user_id, int(is_admin) - int(was_admin)
        )
        return user, was_active

    user, was_active = retry_races(write)
    if was_active and not user.active:
        repo.revoke_sessions(principal.tenant_id, user.id)
    return user_out(user)


def delete_user(principal: Principal, user_id: str) -> None:
    def write() -> UserItem:
        user = tenancy_repo.get_user(principal.tenant_id, user_id)
        repo.delete_user(user, principal.user_id, -int(_is_active_admin(user.role, user.active)))
        return user

    user = retry_races(write)
    repo.revoke_sessions(principal.tenant_id, user.id)
