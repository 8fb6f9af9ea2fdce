"""Pages of lists and their opaque cursors: the resume state of a list, encrypted and
authenticated (AES-GCM) and bound to the tenant and the query they were issued for, so a client
can neither read nor forge one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from chalicelib.config import get_settings, read_parameter
from chalicelib.errors import ValidationError

if TYPE_CHECKING:
    # cryptography loads only where a cursor is read or written.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

T = TypeVar("T")
Key = dict[str, Any]
"""Where a list resumes: a DynamoDB start key, or a walk's state over several partitions."""
Page = tuple[list[T], Key | None]
"""One page of a list and where the next one starts (None: the list is done)."""

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
NONCE_BYTES = 12
MAX_CURSOR_CHARS = 4096


def every(page: Callable[[Key | None], Page[T]]) -> list[T]:
    """Every item of a small list, page after page (`page` reads one from a start key)."""
    found: list[T] = []
    start_key: Key | None = None
    while True:
        items, start_key = page(start_key)
        found += items
        if start_key is None:
            return found


@lru_cache(maxsize=1)
def _secret() -> bytes:
    settings = get_settings()
    if settings.cursor_secret_parameter:
        return read_parameter(settings.cursor_secret_parameter).encode()
    if settings.cursor_secret:
        return settings.cursor_secret.encode()
    if settings.is_local:
        return secrets.token_bytes(32)
    raise RuntimeError("CURSOR_SECRET is not configured")


@lru_cache(maxsize=1)
def _cipher() -> AESGCM:
    """The AES-256 key is derived from the configured secret, never the secret itself."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(hmac.new(_secret(), b"comptoir cursor key v1", hashlib.sha256).digest())


def encode(state: dict[str, Any] | None, scope: str) -> str | None:
    """The cursor for a list's resume state; the scope (tenant and query) is authenticated."""
    if not state:
        return None
    payload = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    nonce = os.urandom(NONCE_BYTES)
    return _text(nonce + _cipher().encrypt(nonce, payload, scope.encode()))


def decode(cursor: str | None, scope: str) -> dict[str, Any] | None:
    """The resume state of a cursor issued for this scope; 422 on the `cursor` field else."""
    if not cursor:
        return None
    # cryptography loads only where a cursor is read or written.
    from cryptography.exceptions import InvalidTag

    if len(cursor) > MAX_CURSOR_CHARS or not cursor.isascii():
        raise _invalid()
    try:
        sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if _text(sealed) != cursor:
            raise ValueError("not the canonical spelling of a cursor")
        payload = _cipher().decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], scope.encode())
        value = json.loads(payload)
    except (binascii.Error, ValueError, InvalidTag) as error:
        raise _invalid() from error
    if not isinstance(value, dict):
        raise _invalid()
    return value


def _text(sealed: bytes) -> str:
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def _invalid() -> ValidationError:
    return ValidationError(
        "The cursor is not valid for this query.",
        errors=[{"field": "cursor", "message": "invalid or tampered cursor, or another query"}],
    )
