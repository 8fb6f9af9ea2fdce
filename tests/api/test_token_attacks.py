"""Forged, stale and foreign access tokens are refused with 401; two keys verify at rotation."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from chalicelib.auth import keys
from chalicelib.clock import epoch
from tests.support import Tenant


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(tenant: Tenant, **changes: Any) -> dict[str, Any]:
    claims = jwt.decode(tenant.token, options={"verify_signature": False})
    return {**claims, **changes}


def _sign(claims: dict[str, Any], kid: str | None = None) -> str:
    ring = keys.key_ring()
    return jwt.encode(
        claims, ring.signing_key, algorithm="ES256", headers={"kid": kid or ring.active_kid}
    )


def _public_pem() -> bytes:
    return (
        keys.key_ring()
        .signing_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def _hs256_with_public_key(claims: dict[str, Any]) -> str:
    import hashlib
    import hmac

    header = _b64({"alg": "HS256", "typ": "JWT", "kid": keys.key_ring().active_kid})
    signing_input = f"{header}.{_b64(claims)}".encode()
    mac = hmac.new(_public_pem(), signing_input, hashlib.sha256).digest()
    return f"{signing_input.decode()}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _forgeries(tenant: Tenant) -> dict[str, str]:
    now = epoch()
    head, _, signature = tenant.token.split(".")
    promoted = _b64({**_claims(tenant), "role": "ADMIN", "tid": "01JD0000000000000000000000"})
    return {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(tenant))}.",
        "HS256 with the public key": _hs256_with_public_key(_claims(tenant)),
        "wrong issuer": _sign(_claims(tenant, iss="someone-else")),
        "wrong audience": _sign(_claims(tenant, aud="another-api")),
        "expired beyond leeway": _sign(_claims(tenant, iat=now - 1000, exp=now - 31)),
        "tampered claims": f"{head}.{promoted}.{signature}",
        "unknown kid": _sign(_claims(tenant), kid="retired-key"),
        "missing claim": _sign({k: v for k, v in _claims(tenant).items() if k != "tid"}),
        "not a jwt": "not-a-token",
    }


def test_each_forged_token_is_refused(tenant: Tenant) -> None:
    for attack, token in _forgeries(tenant).items():
        reply = tenant.get("/v1/auth/me", token=token)
        assert reply.status == 401, attack
        assert reply.headers["Content-Type"] == "application/problem+json", attack
        assert reply.json["code"] == "UNAUTHENTICATED", attack


def test_missing_or_other_scheme_is_refused(tenant: Tenant) -> None:
    assert tenant.api.get("/v1/auth/me").status == 401
    basic = tenant.api.get("/v1/auth/me", headers={"authorization": f"Basic {tenant.token}"})
    assert basic.status == 401 and basic.json["code"] == "UNAUTHENTICATED"


def test_expiry_within_leeway_is_accepted(tenant: Tenant) -> None:
    now = epoch()
    token = _sign(_claims(tenant, iat=now - 920, exp=now - 10))
    assert tenant.get("/v1/auth/me", token=token).status == 200


def _pem(key: Any) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def restore_keys() -> Iterator[str]:
    ring = keys.key_ring()
    original = {
        "active": ring.active_kid,
        "keys": {kid: _pem(key) for kid, key in ring.private_keys.items()},
    }
    yield json.dumps(original)
    keys.reset_key_ring(json.dumps(original))


def test_rotation_keeps_old_tokens_valid_and_signs_with_the_new_key(
    tenant: Tenant, restore_keys: str
) -> None:
    old = json.loads(restore_keys)
    new_kid = "rotated-key"
    new_pem = json.loads(keys.generate_key_set(new_kid))["keys"][new_kid]
    keys.reset_key_ring(json.dumps({"active": new_kid, "keys": {**old["keys"], new_kid: new_pem}}))

    assert tenant.get("/v1/auth/me").status == 200
    fresh = tenant.api.post("/v1/auth/token/refresh", {"refresh_token": tenant.refresh_token})
    assert jwt.get_unverified_header(fresh.json["access_token"])["kid"] == new_kid
    published = {key["kid"] for key in tenant.api.get("/v1/.well-known/jwks.json").json["keys"]}
    assert published == {*old["keys"], new_kid}

    keys.reset_key_ring(json.dumps({"active": new_kid, "keys": {new_kid: new_pem}}))
    assert tenant.get("/v1/auth/me").status == 401
    assert tenant.get("/v1/auth/me", token=fresh.json["access_token"]).status == 200
