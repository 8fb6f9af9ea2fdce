"""Storage of users, their sessions, login failures and the tenant's active-ADMIN count.

A user's e-mail marker and the tenant's admin count change in the same transaction as the
user, so uniqueness and the last-ADMIN rule hold under concurrent requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.auth import sessions
from chalicelib.db import keys, records
from chalicelib.db.base import Entity, Tx
from chalicelib.db.models.identity import AdminCountItem, SessionItem
from chalicelib.db.models.platform import RateCounterItem
from chalicelib.db.models.tenancy import EmailMarkerItem, StoreItem, UserItem
from chalicelib.tenancy.repository import email_marker, email_taken


def last_admin() -> errors.ConflictError:
    return errors.ConflictError("A tenant keeps at least one active ADMIN.")


def _unknown_store(store_id: str) -> errors.ValidationError:
    return errors.ValidationError(
        "store_ids must be stores of this tenant.",
        errors=[{"field": "store_ids", "message": f"unknown store {store_id}"}],
    )


def _check_stores(tx: Tx, tenant_id: str, store_ids: list[str]) -> None:
    for store_id in dict.fromkeys(store_ids):
        tx.check(
            StoreItem,
            keys.tenant_pk(tenant_id),
            keys.store_sk(store_id),
            StoreItem.pk.exists() & StoreItem.deleted_at.does_not_exist(),
            on_fail=_unknown_store(store_id),
        )


def _count_admins(tx: Tx, tenant_id: str, delta: int) -> None:
    """Add `delta` to the tenant's active ADMINs; a decrement may never reach zero."""
    if delta == 0:
        return
    counter = AdminCountItem(pk=keys.tenant_pk(tenant_id), sk=keys.admin_count_sk())
    if delta > 0:
        tx.change(
            counter,
            [AdminCountItem.active_admins.add(delta), AdminCountItem.tenant_id.set(tenant_id)],
        )
        return
    tx.change(
        counter,
        [AdminCountItem.active_admins.add(delta)],
        condition=AdminCountItem.active_admins > -delta,
        on_fail=last_admin,
    )


def create_user(
    tenant_id: str,
    user: UserItem,
    store_ids: list[str],
    actor: str,
    admin_delta: int,
    same_as: Callable[[UserItem], bool],
) -> tuple[UserItem, bool]:
    user.pk, user.sk = keys.tenant_pk(tenant_id), keys.user_sk(user.id)
    user.tenant_id = tenant_id

    def claim(tx: Tx) -> None:
        tx.put(
            email_marker(tenant_id, user),
            condition=EmailMarkerItem.pk.does_not_exist(),
            on_fail=email_taken(user.email),
        )
        _check_stores(tx, tenant_id, store_ids)
        _count_admins(tx, tenant_id, admin_delta)

    return records.create(user, actor=actor, extra=claim, same_as=same_as, what="User")


def list_users(
    tenant_id: str, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[UserItem], dict[str, Any] | None]:
    return records.query_page(
        UserItem,
        keys.tenant_pk(tenant_id),
        range_key_condition=UserItem.sk.startswith(keys.users_prefix()),
        limit=limit,
        start_key=start_key,
    )


def update_user(
    user: UserItem, changes: dict[str, Any], version: int, actor: str, admin_delta: int
) -> None:
    tenant_id = user.tenant_id or ""
    new_email = changes.get("email")

    def guard(tx: Tx) -> None:
        if new_email is not None and new_email != user.email:
            moved = EmailMarkerItem(
                pk=keys.email_pk(new_email),
                sk=keys.email_sk(),
                tenant_id=tenant_id,
                user_id=user.id,
            )
            tx.remove(
                EmailMarkerItem(pk=keys.email_pk(user.email), sk=keys.email_sk()),
                condition=EmailMarkerItem.user_id == user.id,
            )
            tx.put(
                moved, condition=EmailMarkerItem.pk.does_not_exist(), on_fail=email_taken(new_email)
            )
        if "store_ids" in changes:
            _check_stores(tx, tenant_id, list(changes["store_ids"]))
        _count_admins(tx, tenant_id, admin_delta)

    records.update(user, changes, expected_version=version, actor=actor, what="User", extra=guard)


def delete_user(user: UserItem, actor: str, admin_delta: int) -> None:
    marker = EmailMarkerItem(pk=keys.email_pk(user.email), sk=keys.email_sk())

    def release(tx: Tx) -> None:
        tx.remove(marker, condition=EmailMarkerItem.user_id == user.id)
        _count_admins(tx, user.tenant_id or "", admin_delta)

    records.soft_delete(user, actor=actor, what="User", extra=release)


def set_password(user: UserItem, password_hash: str, actor: str) -> None:
    records.update(
        user,
        {"password_hash": password_hash},
        expected_version=user.version,
        actor=actor,
        what="User",
    )


def record_failed_login(user: UserItem) -> int:
    """Count one more failed login atomically; the new count."""
    user.update(actions=[UserItem.failed_logins.add(1)])
    return int(user.failed_logins or 0)


def lock(user: UserItem, until: int, threshold: int) -> None:
    """Lock once the count reached `threshold`; the count starts again for the next round."""
    condition: Condition = UserItem.failed_logins >= threshold
    records.conditional_update(
        user, [UserItem.locked_until.set(until), UserItem.failed_logins.set(0)], condition
    )


def clear_failed_logins(user: UserItem) -> None:
    user.update(actions=[UserItem.failed_logins.set(0), UserItem.locked_until.remove()])


def user_sessions(
    tenant_id: str, user_id: str, limit: int, start_key: dict[str, Any] | None
) -> tuple[list[SessionItem], dict[str, Any] | None]:
    return records.query_page(
        SessionItem,
        keys.user_sessions_pk(tenant_id, user_id),
        index=SessionItem.gsi1,
        limit=limit,
        start_key=start_key,
        newest_first=True,
    )


def _all_sessions(tenant_id: str, user_id: str) -> Iterator[SessionItem]:
    for item in SessionItem.gsi1.query(keys.user_sessions_pk(tenant_id, user_id)):
        if isinstance(item, SessionItem):
            yield item


def revoke_sessions(tenant_id: str, user_id: str, keep: str | None = None) -> int:
    """Revoke every live session of a user but `keep`; how many were revoked."""
    revoked = 0
    for session in _all_sessions(tenant_id, user_id):
        if session.id != keep and not session.revoked:
            sessions.revoke(session)
            revoked += 1
    return revoked


def session_and_user(
    tenant_id: str, session_id: str, user_id: str
) -> tuple[SessionItem | None, UserItem | None]:
    """What an access token's checks read: one consistent BatchGet of its session and user."""
    wanted = [
        (keys.session_pk(session_id), keys.session_sk()),
        (keys.tenant_pk(tenant_id), keys.user_sk(user_id)),
    ]
    found = list(Entity.batch_get(wanted, consistent_read=True))
    session = next((item for item in found if isinstance(item, SessionItem)), None)
    user = next((item for item in found if isinstance(item, UserItem)), None)
    return session, user


def count_attempt(limit: str, subject: str, window_start: int, window_end: int, most: int) -> bool:
    """Add one attempt to a window's counter unless it already holds `most`; False if full."""
    counter = RateCounterItem(
        pk=keys.rate_limit_pk(limit, subject), sk=keys.rate_window_sk(window_start)
    )
    actions = [
        RateCounterItem.hits.add(1),
        RateCounterItem.type.set(RateCounterItem),
        RateCounterItem.expires_at.set(window_end),
    ]
    room = RateCounterItem.hits.does_not_exist() | (RateCounterItem.hits < most)
    return records.conditional_update(counter, actions, room)
