"""What an access token may still do: its session and user as the table has them now.

A token's signature proves who it was issued to; a revoked session (logout, change-password,
session end, reuse of a refresh token) or a user deleted, deactivated or given another role or
stores takes effect within ACCESS_CHECK_SECONDS (60 s) on every route. Each container reads a
session and its user once per period (one consistent BatchGet) and takes the role and stores
from that read, not from the token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from chalicelib import errors
from chalicelib.auth.principal import Principal
from chalicelib.clock import epoch
from chalicelib.config import get_settings
from chalicelib.identity import repository as repo

MAX_REMEMBERED = 10_000
MAX_TOKENS = 32


@dataclass(frozen=True)
class _Verdict:
    principal: Principal | None
    read_at: float
    until: float
    tokens: frozenset[str]

    def covers(self, token_id: str, issued_at: int, now: float) -> bool:
        """Fresh, and read after the token was issued (`iat` counts whole seconds)."""
        return now < self.until and (token_id in self.tokens or issued_at + 1 <= self.read_at)


class AccessCache:
    """Verdicts per session for `seconds`; a verdict of None means access is refused.

    A token issued after its session's verdict was read (a refresh) may carry newer news: the
    session is read again once for it.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._verdicts: dict[str, _Verdict] = {}
        self._lock = threading.Lock()
        self.reads = 0

    def principal(
        self,
        session_id: str,
        seconds: int,
        read: Callable[[], Principal | None],
        token: tuple[str, int] = ("", 0),
    ) -> Principal | None:
        """The verdict for `token` (its id and `iat`), read again with `read` when stale."""
        now = self._clock()
        with self._lock:
            remembered = self._verdicts.get(session_id)
        if remembered is not None and remembered.covers(*token, now):
            return remembered.principal
        self.reads += 1
        known = remembered.tokens if remembered and len(remembered.tokens) < MAX_TOKENS else ()
        verdict = _Verdict(read(), now, now + seconds, frozenset({token[0], *known}))
        if seconds > 0:
            with self._lock:
                self._forget_expired(now)
                self._verdicts[session_id] = verdict
        return verdict.principal

    def clear(self) -> None:
        with self._lock:
            self._verdicts.clear()

    def _forget_expired(self, now: float) -> None:
        if len(self._verdicts) < MAX_REMEMBERED:
            return
        for key in [k for k, v in self._verdicts.items() if v.until <= now]:
            del self._verdicts[key]
        if len(self._verdicts) >= MAX_REMEMBERED:
            self._verdicts.clear()


CACHE = AccessCache()


def current_principal(claimed: Principal) -> Principal:
    """The caller as the table knows them now, or 401 when the token's access has ended."""
    session_id = claimed.session_id
    if not session_id:
        raise _ended()
    seconds = get_settings().access_check_seconds
    token = (claimed.token_id or "", claimed.issued_at)
    principal = CACHE.principal(session_id, seconds, lambda: _read(claimed, session_id), token)
    if principal is None or _whom(principal) != _whom(claimed):
        raise _ended()
    return replace(principal, token_id=claimed.token_id, issued_at=claimed.issued_at)


def _whom(principal: Principal) -> tuple[str, str]:
    return principal.tenant_id, principal.user_id


def _read(claimed: Principal, session_id: str) -> Principal | None:
    session, user = repo.session_and_user(claimed.tenant_id, session_id, claimed.user_id)
    if not _session_is_live(session, claimed) or not _user_may_work(user, claimed):
        return None
    assert user is not None
    return Principal(
        tenant_id=claimed.tenant_id,
        user_id=user.id,
        role=user.role,
        store_ids=tuple(str(s) for s in user.store_ids or ()),
        session_id=session_id,
    )


def _session_is_live(session: repo.Session | None, claimed: Principal) -> bool:
    return (
        session is not None
        and not session.revoked
        and (session.expires_at or 0) >= epoch()
        and session.tenant_id == claimed.tenant_id
        and session.user_id == claimed.user_id
    )


def _user_may_work(user: repo.User | None, claimed: Principal) -> bool:
    return (
        user is not None
        and user.deleted_at is None
        and bool(user.active)
        and user.tenant_id == claimed.tenant_id
    )


def _ended() -> errors.UnauthenticatedError:
    return errors.UnauthenticatedError("The session of this access token has ended; log in again.")
