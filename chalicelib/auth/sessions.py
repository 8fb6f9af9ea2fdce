"""Refresh tokens and the sessions they belong to.

A refresh token is `<session id>.<secret>`; only the secret's SHA-256 is stored. Each use
rotates it; presenting the previous secret again revokes the whole session (stolen-token
defence). Sessions expire by TTL 30 days after their last rotation.
"""

from __future__ import annotations

import hashlib
import hmac

from pynamodb.exceptions import UpdateError

from chalicelib import errors
from chalicelib.auth.tokens import new_refresh_token
from chalicelib.clock import epoch, iso, new_id
from chalicelib.config import get_settings
from chalicelib.db import keys, records
from chalicelib.db.failures import is_conditional_failure
from chalicelib.db.models.identity import SessionItem


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_session(
    tenant_id: str, user_id: str, ip: str | None, user_agent: str | None
) -> tuple[SessionItem, str]:
    """A session not yet saved, with its first refresh token."""
    session_id, secret, now = new_id(), new_refresh_token(), iso()
    session = SessionItem(
        pk=keys.session_pk(session_id),
        sk=keys.session_sk(),
        id=session_id,
        tenant_id=tenant_id,
        user_id=user_id,
        refresh_hash=_hash(secret),
        ip=ip,
        user_agent=(user_agent or "")[:256] or None,
        created_at=now,
        last_used_at=now,
        gsi1pk=keys.user_sessions_pk(tenant_id, user_id),
        gsi1sk=keys.user_session_sk(now, session_id),
        expires_at=epoch() + get_settings().refresh_token_ttl,
    )
    return session, f"{session_id}.{secret}"


def start_session(
    tenant_id: str, user_id: str, ip: str | None, user_agent: str | None
) -> tuple[SessionItem, str]:
    session, refresh_token = new_session(tenant_id, user_id, ip, user_agent)
    session.save()
    return session, refresh_token


def rotate(refresh_token: str) -> tuple[SessionItem, str]:
    """Exchange a refresh token for the next one of the same session."""
    session_id, _, secret = refresh_token.partition(".")
    session = _live_session(session_id)
    presented = _hash(secret)
    if not hmac.compare_digest(presented, session.refresh_hash):
        if session.previous_hash and hmac.compare_digest(presented, session.previous_hash):
            revoke(session)
        raise _invalid()
    next_secret = new_refresh_token()
    try:
        session.update(
            actions=[
                SessionItem.previous_hash.set(session.refresh_hash),
                SessionItem.refresh_hash.set(_hash(next_secret)),
                SessionItem.last_used_at.set(iso()),
                SessionItem.expires_at.set(epoch() + get_settings().refresh_token_ttl),
            ],
            condition=(SessionItem.refresh_hash == presented) & (SessionItem.revoked == False),  # noqa: E712
        )
    except UpdateError as error:
        if is_conditional_failure(error):
            revoke(session)
            raise _invalid() from error
        raise
    return session, f"{session.id}.{next_secret}"


def find_by_token(refresh_token: str) -> SessionItem | None:
    session_id, _, secret = refresh_token.partition(".")
    session = (
        records.find(SessionItem, keys.session_pk(session_id), keys.session_sk())
        if session_id
        else None
    )
    if session is None or not hmac.compare_digest(_hash(secret), session.refresh_hash):
        return None
    return session


def find(session_id: str) -> SessionItem | None:
    return (
        records.find(SessionItem, keys.session_pk(session_id), keys.session_sk())
        if session_id
        else None
    )


def revoke(session: SessionItem) -> None:
    session.update(
        actions=[
            SessionItem.revoked.set(True),
            SessionItem.gsi1pk.remove(),
            SessionItem.gsi1sk.remove(),
        ]
    )


def _live_session(session_id: str) -> SessionItem:
    session = (
        records.find(SessionItem, keys.session_pk(session_id), keys.session_sk())
        if session_id
        else None
    )
    if session is None or session.revoked or (session.expires_at or 0) < epoch():
        raise _invalid()
    return session


def _invalid() -> errors.UnauthenticatedError:
    return errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
