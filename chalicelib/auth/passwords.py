"""Password hashing with argon2id at OWASP's recommended cost (m=19 MiB, t=2, p=1)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> Any:
    # argon2 loads only where a password is hashed or checked.
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return str(_hasher().hash("comptoir-timing-equaliser"))


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, burn the same time and answer False."""
    # argon2 loads only where a password is hashed or checked.
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash or _dummy_hash(), password)) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False
