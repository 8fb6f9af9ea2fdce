"""Storage of users, their e-mail markers, the tenant's active-ADMIN count, login sessions and
the rate-limit counters of the auth routes.

A user's e-mail marker and the tenant's admin count change in the same transaction as the
user, so uniqueness and the last-ADMIN rule hold under concurrent requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import errors
from chalicelib.clock import iso
from chalicelib.db import batches, keys, records
from chalicelib.db.base import Entity, Tx
from chalicelib.db.failures import is_conditional_failure
from chalicelib.db.keys import serves
from chalicelib.db.models.identity import AdminCountItem, SessionItem
from chalicelib.db.models.platform import RateCounterItem
from chalicelib.db.models.tenancy import EmailMarkerItem, UserItem
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads

User = UserItem
Session = SessionItem


def _last_admin() -> errors.ConflictError:
    return errors.ConflictError("A tenant keeps at least one active ADMIN.")


def _email_taken(email: str) -> errors.ConflictError:
    return errors.ConflictError(f"The e-mail {email} is already registered.")


def _new_user(tenant_id: str, user_id: str, fields: dict[str, Any]) -> UserItem:
    return UserItem(
        id=user_id,
        pk=keys.tenant_pk(tenant_id),
        sk=keys.user_sk(user_id),
        tenant_id=tenant_id,
        **fields,
    )


def _claim_email(tx: Tx, tenant_id: str, user_id: str, email: str) -> None:
    marker = EmailMarkerItem(
        pk=keys.email_pk(email), sk=keys.email_sk(), tenant_id=tenant_id, user_id=user_id
    )
    tx.put(marker, condition=EmailMarkerItem.pk.does_not_exist(), on_fail=_email_taken(email))


def _release_email(tx: Tx, user_id: str, email: str) -> None:
    marker = EmailMarkerItem(pk=keys.email_pk(email), sk=keys.email_sk())
    tx.remove(marker, condition=EmailMarkerItem.user_id == user_id)


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
        on_fail=_last_admin,
    )


@serves("User by id", "Login by e-mail", "Active ADMINs of a tenant", "Session by id")
def sign_up(
    tenant_id: str,
    admin_id: str,
    fields: dict[str, Any],
    session: SessionItem,
    effects: Sequence[Effect],
) -> UserItem:
    """The first ADMIN, its e-mail marker, its first session and the admin count, with the
    tenant (an effect): one transaction."""
    admin = records.stamp_new(_new_user(tenant_id, admin_id, fields), admin_id)
    tx = Tx()
    records.apply(tx, effects)
    tx.put(admin, condition=UserItem.pk.does_not_exist())
    _claim_email(tx, tenant_id, admin.id, admin.email)
    tx.put(session)
    tx.put(
        AdminCountItem(
            pk=keys.tenant_pk(tenant_id),
            sk=keys.admin_count_sk(),
            tenant_id=tenant_id,
            active_admins=1,
        )
    )
    tx.commit()
    return admin


@serves("User by id", "Login by e-mail", "Active ADMINs of a tenant")
def create_user(
    tenant_id: str,
    user_id: str,
    fields: dict[str, Any],
    actor: str,
    admin_delta: int,
    same_as: Callable[[UserItem], bool],
    effects: Sequence[Effect] = (),
) -> tuple[UserItem, bool]:
    user = _new_user(tenant_id, user_id, fields)

    def claim(tx: Tx) -> None:
        _claim_email(tx, tenant_id, user.id, user.email)
        _count_admins(tx, tenant_id, admin_delta)

    return records.create(
        user, actor=actor, effects=[claim, *effects], same_as=same_as, what="User"
    )


@serves("Login by e-mail", "User by id")
def find_login(email: str) -> UserItem | None:
    """The live user whose login this e-mail is."""
    marker = records.find(EmailMarkerItem, keys.email_pk(email), keys.email_sk())
    if marker is None or marker.tenant_id is None:
        return None
    user = records.find(UserItem, keys.tenant_pk(marker.tenant_id), keys.user_sk(marker.user_id))
    if user is None or user.deleted_at is not None:
        return None
    return user


@serves("User by id")
def get_user(tenant_id: str, user_id: str) -> UserItem:
    return records.get_live(UserItem, keys.tenant_pk(tenant_id), keys.user_sk(user_id), what="User")


@serves("User by id")
def want_user(reads: Reads, tenant_id: str, user_id: str) -> None:
    """Read the user with a request's other reads."""
    reads.want([(keys.tenant_pk(tenant_id), keys.user_sk(user_id))])


@serves("User by id")
def user_in(reads: Reads, tenant_id: str, user_id: str) -> UserItem | None:
    """The live user from reads that wanted it (None: there is none)."""
    found = reads.item((keys.tenant_pk(tenant_id), keys.user_sk(user_id)))
    return found if isinstance(found, UserItem) and found.deleted_at is None else None


@serves("User by id")
def get_users(tenant_id: str, user_ids: list[str]) -> list[UserItem]:
    """Live users of the tenant, in the order asked; 404 if any is missing. One BatchGet."""
    pk = keys.tenant_pk(tenant_id)
    found = {
        u.id: u
        for u in batches.batch_get(UserItem, [(pk, keys.user_sk(i)) for i in user_ids])
        if u.deleted_at is None
    }
    missing = [user_id for user_id in user_ids if user_id not in found]
    if missing:
        raise errors.NotFoundError(f"User not found: {', '.join(missing)}.")
    return [found[user_id] for user_id in user_ids]


@serves("Users of a tenant")
def list_users(tenant_id: str, limit: int, start_key: Key | None) -> Page[UserItem]:
    return records.tenant_page(UserItem, tenant_id, keys.users_prefix(), limit, start_key)


@serves("User by id", "Login by e-mail", "Active ADMINs of a tenant")
def update_user(
    user: UserItem,
    changes: dict[str, Any],
    version: int,
    actor: str,
    admin_delta: int,
    effects: Sequence[Effect] = (),
) -> None:
    tenant_id = user.tenant_id or ""
    new_email = changes.get("email")

    def guard(tx: Tx) -> None:
        if new_email is not None and new_email != user.email:
            _release_email(tx, user.id, user.email)
            _claim_email(tx, tenant_id, user.id, new_email)
        _count_admins(tx, tenant_id, admin_delta)

    records.update(
        user,
        changes,
        expected_version=version,
        actor=actor,
        what="User",
        effects=[guard, *effects],
    )


@serves("User by id", "Login by e-mail", "Active ADMINs of a tenant")
def delete_user(user: UserItem, actor: str, admin_delta: int) -> None:
    def release(tx: Tx) -> None:
        _release_email(tx, user.id, user.email)
        _count_admins(tx, user.tenant_id or "", admin_delta)

    records.soft_delete(user, actor=actor, what="User", effects=[release])


@serves("User by id")
def assign_store(
    users: list[UserItem], store_id: str, actor: str, effects: Sequence[Effect]
) -> None:
    """Add the store to each user who lacks it, each on condition of the version read."""
    tx = Tx()
    records.apply(tx, effects)
    changed = {}
    for user in users:
        if store_id in user.store_ids:
            continue
        changed[user.id] = records.change(
            tx,
            user,
            {"store_ids": [*user.store_ids, store_id]},
            actor=actor,
            on_fail=errors.ConflictError("The data changed while this request ran; try again."),
        )
    tx.commit()
    for user in users:
        if user.id in changed:
            records.mirror(user, changed[user.id])


@serves("User by id")
def set_password(user: UserItem, password_hash: str, actor: str) -> None:
    records.update(
        user,
        {"password_hash": password_hash},
        expected_version=user.version,
        actor=actor,
        what="User",
    )


@serves("User by id")
def record_failed_login(user: UserItem) -> int:
    """Count one more failed login atomically; the new count."""
    user.update(actions=[UserItem.failed_logins.add(1)])
    return int(user.failed_logins or 0)


@serves("User by id")
def lock(user: UserItem, until: int, threshold: int) -> None:
    """Lock once the count reached `threshold`; the count starts again for the next round."""
    records.conditional_update(
        user,
        [UserItem.locked_until.set(until), UserItem.failed_logins.set(0)],
        UserItem.failed_logins >= threshold,
    )


@serves("User by id")
def clear_failed_logins(user: UserItem) -> None:
    user.update(actions=[UserItem.failed_logins.set(0), UserItem.locked_until.remove()])


@serves("Session by id", "Live sessions of a user")
def new_session(
    tenant_id: str, user_id: str, fields: dict[str, Any], *, session_id: str, expires_at: int
) -> SessionItem:
    """A session not yet saved (sign-up writes it with the tenant)."""
    now = iso()
    return SessionItem(
        pk=keys.session_pk(session_id),
        sk=keys.session_sk(),
        id=session_id,
        tenant_id=tenant_id,
        user_id=user_id,
        created_at=now,
        last_used_at=now,
        gsi1pk=keys.user_sessions_pk(tenant_id, user_id),
        gsi1sk=keys.user_session_sk(now, session_id),
        expires_at=expires_at,
        **fields,
    )


@serves("Session by id")
def save_session(session: SessionItem) -> None:
    session.save()


@serves("Session by id")
def find_session(session_id: str) -> SessionItem | None:
    return records.find(SessionItem, keys.session_pk(session_id), keys.session_sk())


@serves("Session by id")
def rotate_session(
    session: SessionItem, presented: str, next_hash: str, *, at: str, expires_at: int
) -> bool:
    """The next refresh hash, on condition the presented one is current and the session live;
    False when another rotation or a revocation came first."""
    try:
        session.update(
            actions=[
                SessionItem.previous_hash.set(session.refresh_hash),
                SessionItem.refresh_hash.set(next_hash),
                SessionItem.last_used_at.set(at),
                SessionItem.expires_at.set(expires_at),
            ],
            condition=(SessionItem.refresh_hash == presented) & (SessionItem.revoked == False),  # noqa: E712
        )
    except UpdateError as error:
        if is_conditional_failure(error):
            return False
        raise
    return True


@serves("Session by id", "Live sessions of a user")
def revoke_session(session: SessionItem) -> None:
    """Revoked sessions leave the user's index of live sessions."""
    session.update(
        actions=[
            SessionItem.revoked.set(True),
            SessionItem.gsi1pk.remove(),
            SessionItem.gsi1sk.remove(),
        ]
    )


@serves("Live sessions of a user")
def user_sessions(
    tenant_id: str, user_id: str, limit: int, start_key: Key | None
) -> Page[SessionItem]:
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


@serves("Live sessions of a user", "Session by id")
def revoke_sessions(tenant_id: str, user_id: str, keep: str | None = None) -> int:
    """Revoke every live session of a user but `keep`; how many were revoked."""
    revoked = 0
    for session in _all_sessions(tenant_id, user_id):
        if session.id != keep and not session.revoked:
            revoke_session(session)
            revoked += 1
    return revoked


@serves("Session and user of an access token")
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


@serves("Attempts in a rate-limit window")
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
