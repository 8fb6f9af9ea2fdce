"""Refresh tokens and the sessions they belong to.

A refresh token is `<session id>.<secret>`; only the secret's SHA-256 is stored. Each use
rotates it; presenting the previous secret again revokes the whole session (stolen-token
defence). Sessions expire by TTL 30 days after their last rotation.
"""

from __future__ import annotations

import hashlib
import hmac

from chalicelib import errors
from chalicelib.auth.tokens import new_refresh_token
from chalicelib.clock import epoch, iso, new_id
from chalicelib.config import get_settings
from chalicelib.identity import repository as repo


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _expiry() -> int:
    return epoch() + get_settings().refresh_token_ttl


def new_session(
    tenant_id: str, user_id: str, ip: str | None, user_agent: str | None
) -> tuple[repo.Session, str]:
    """A session not yet saved, with its first refresh token."""
    session_id, secret = new_id(), new_refresh_token()
    session = repo.new_session(
        tenant_id,
        user_id,
        {"refresh_hash": _hash(secret), "ip": ip, "user_agent": (user_agent or "")[:256] or None},
        session_id=session_id,
        expires_at=_expiry(),
    )
    return session, f"{session_id}.{secret}"


def start_session(
    tenant_id: str, user_id: str, ip: str | None, user_agent: str | None
) -> tuple[repo.Session, str]:
    session, refresh_token = new_session(tenant_id, user_id, ip, user_agent)
    repo.save_session(session)
    return session, refresh_token


def rotate(refresh_token: str) -> tuple[repo.Session, str]:
    """Exchange a refresh token for the next one of the same session."""
    session_id, _, secret = refresh_token.partition(".")
    session = _live_session(session_id)
    presented = _hash(secret)
    if not hmac.compare_digest(presented, session.refresh_hash):
        if session.previous_hash and hmac.compare_digest(presented, session.previous_hash):
            repo.revoke_session(session)
        raise _invalid()
    next_secret = new_refresh_token()
    if not repo.rotate_session(
        session, presented, _hash(next_secret), at=iso(), expires_at=_expiry()
    ):
        repo.revoke_session(session)
        raise _invalid()
    return session, f"{session.id}.{next_secret}"


def find_by_token(refresh_token: str) -> repo.Session | None:
    session_id, _, secret = refresh_token.partition(".")
    session = find(session_id)
    if session is None or not hmac.compare_digest(_hash(secret), session.refresh_hash):
        return None
    return session


def find(session_id: str) -> repo.Session | None:
    return repo.find_session(session_id) if session_id else None


def revoke(session: repo.Session) -> None:
    repo.revoke_session(session)


def _live_session(session_id: str) -> repo.Session:
    session = find(session_id)
    if session is None or session.revoked or (session.expires_at or 0) < epoch():
        raise _invalid()
    return session


def _invalid() -> errors.UnauthenticatedError:
    return errors.UnauthenticatedError("The refresh token is invalid, expired or revoked.")
