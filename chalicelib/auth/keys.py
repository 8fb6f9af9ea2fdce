"""The ES256 signing keys: loaded once per container, two may be valid at once (rotation).

Deployed, the key set is a SecureString in SSM Parameter Store named by
SIGNING_KEYS_PARAMETER. Locally it comes from SIGNING_KEYS_JSON (written by the local runtime)
or, in tests, is generated in memory. Format: {"active": "<kid>", "keys": {"<kid>": "<PEM>"}}.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from chalicelib.config import get_settings, read_parameter

ALGORITHM = "ES256"


@dataclass(frozen=True)
class KeyRing:
    active_kid: str
    private_keys: dict[str, Any]

    @property
    def signing_key(self) -> Any:
        return self.private_keys[self.active_kid]

    def public_key(self, kid: str) -> Any | None:
        key = self.private_keys.get(kid)
        return key.public_key() if key is not None else None


_lock = threading.Lock()
_ring: KeyRing | None = None


def key_ring() -> KeyRing:
    global _ring
    with _lock:
        if _ring is None:
            _ring = _load()
        return _ring


def reset_key_ring(raw: str | None = None) -> None:
    """Forget the cached keys (rotation); with `raw`, use that key set instead."""
    global _ring
    with _lock:
        _ring = _parse(raw) if raw else None


def generate_key_set(kid: str) -> str:
    # cryptography loads only where keys are made or read (with pyjwt ~75 ms at a cold start).
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return json.dumps({"active": kid, "keys": {kid: pem}})


def _load() -> KeyRing:
    settings = get_settings()
    if settings.signing_keys_parameter:
        return _parse(read_parameter(settings.signing_keys_parameter))
    if settings.signing_keys_json:
        return _parse(settings.signing_keys_json)
    if settings.is_local:
        return _parse(generate_key_set("local-ephemeral"))
    raise RuntimeError("No signing keys configured (SIGNING_KEYS_PARAMETER)")


def _parse(raw: str) -> KeyRing:
    # cryptography loads only where keys are made or read (with pyjwt ~75 ms at a cold start).
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    data = json.loads(raw)
    keys = {kid: load_pem_private_key(pem.encode(), None) for kid, pem in data["keys"].items()}
    return KeyRing(active_kid=data["active"], private_keys=keys)


def jwks() -> dict[str, list[dict[str, Any]]]:
    # pyjwt with cryptography costs ~75 ms at a cold start: only the key routes load it.
    from jwt.algorithms import ECAlgorithm

    ring = key_ring()
    published = []
    for kid, key in ring.private_keys.items():
        jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
        published.append({**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM})
    return {"keys": published}
