"""Password checks with lockout: 5 failures in a row lock an account for 15 minutes.

An unknown e-mail and a wrong password get the same answer after the same hashing work.
The counter lives on the user and changes atomically; it is bookkeeping, not audited.
"""

from __future__ import annotations

from chalicelib import errors
from chalicelib.auth.passwords import verify_password
from chalicelib.clock import epoch
from chalicelib.identity import repository as repo

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _invalid() -> errors.InvalidCredentialsError:
    return errors.InvalidCredentialsError("Wrong e-mail or password.")


def check_login(email: str, password: str) -> repo.User:
    """The active user these credentials open, or 401 / 423."""
    user = repo.find_login(email)
    if user is not None:
        refuse_if_locked(user)
    if not verify_password(user.password_hash if user else None, password):
        if user is not None:
            record_failure(user)
        raise _invalid()
    assert user is not None
    if not user.active:
        raise _invalid()
    record_success(user)
    return user


def check_password(user: repo.User, password: str) -> bool:
    """Whether `password` is the user's, counting a failure toward the lockout."""
    refuse_if_locked(user)
    if verify_password(user.password_hash, password):
        record_success(user)
        return True
    record_failure(user)
    return False


def refuse_if_locked(user: repo.User) -> None:
    remaining = (user.locked_until or 0) - epoch()
    if remaining > 0:
        raise errors.AccountLockedError(
            f"Too many failed logins: try again in {(remaining + 59) // 60} minutes.",
            headers={"Retry-After": str(remaining)},
        )


def record_failure(user: repo.User) -> None:
    if repo.record_failed_login(user) >= MAX_FAILURES:
        repo.lock(user, epoch() + LOCK_SECONDS, MAX_FAILURES)


def record_success(user: repo.User) -> None:
    if user.failed_logins or user.locked_until:
        repo.clear_failed_logins(user)
