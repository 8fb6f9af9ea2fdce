"""Opaque, signed cursors bound to the tenant and the query they were issued for."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from functools import lru_cache
from typing import Any

from chalicelib.config import get_settings, read_parameter
from chalicelib.errors import ValidationError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


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


def _sign(payload: bytes, scope: str) -> str:
    mac = hmac.new(_secret(), payload + b"|" + scope.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:16]).decode().rstrip("=")


def encode(last_key: dict[str, Any] | None, scope: str) -> str | None:
    if not last_key:
        return None
    payload = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(payload, scope)}"


def decode(cursor: str | None, scope: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        body, signature = cursor.split(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError as error:
        raise _invalid() from error
    if not hmac.compare_digest(signature, _sign(payload, scope)):
        raise _invalid()
    value = json.loads(payload)
    if not isinstance(value, dict):
        raise _invalid()
    return value


def _invalid() -> ValidationError:
    return ValidationError(
        "The cursor is not valid for this query.",
        errors=[{"field": "cursor", "message": "invalid or tampered cursor, or another query"}],
    )
