"""Access tokens: short-lived ES256 JWTs carrying the principal, with a `kid` header."""

from __future__ import annotations

import secrets
from typing import Any

from chalicelib.auth.keys import ALGORITHM, key_ring
from chalicelib.auth.principal import Principal
from chalicelib.clock import epoch, new_id
from chalicelib.config import get_settings
from chalicelib.errors import UnauthenticatedError

LEEWAY_SECONDS = 30
REQUIRED_CLAIMS = ["sub", "tid", "role", "jti", "iat", "exp", "iss", "aud"]


def issue_access_token(principal: Principal) -> str:
    # pyjwt with cryptography costs ~75 ms at a cold start: only token routes load it.
    import jwt

    settings = get_settings()
    ring = key_ring()
    issued = epoch()
    claims: dict[str, Any] = {
        "sub": principal.user_id,
        "tid": principal.tenant_id,
        "role": principal.role,
        "store_ids": list(principal.store_ids),
        "sid": principal.session_id,
        "jti": new_id(),
        "iat": issued,
        "exp": issued + settings.access_token_ttl,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    return jwt.encode(
        claims, ring.signing_key, algorithm=ALGORITHM, headers={"kid": ring.active_kid}
    )


def verify_access_token(token: str) -> Principal:
    # pyjwt with cryptography costs ~75 ms at a cold start: only token routes load it.
    import jwt

    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise UnauthenticatedError("The access token is malformed.") from error
    if header.get("alg") != ALGORITHM:
        raise UnauthenticatedError("The access token's algorithm is not accepted.")
    public_key = key_ring().public_key(str(header.get("kid", "")))
    if public_key is None:
        raise UnauthenticatedError("The access token's signing key is unknown.")
    try:
        claims = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as error:
        raise UnauthenticatedError("The access token has expired.") from error
    except jwt.PyJWTError as error:
        raise UnauthenticatedError("The access token is invalid.") from error
    return Principal(
        tenant_id=str(claims["tid"]),
        user_id=str(claims["sub"]),
        role=str(claims["role"]),
        store_ids=tuple(claims.get("store_ids") or ()),
        session_id=claims.get("sid"),
        token_id=str(claims["jti"]),
        issued_at=int(claims["iat"]),
    )


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)
