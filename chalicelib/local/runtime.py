"""The files under `./.local/` (or `$COMPTOIR_LOCAL_DIR`, gitignored).

`secrets.json` keeps an ES256 signing key and a cursor secret across runs so tokens and cursors
stay valid after a restart. `runtime.json` is written by `run` and read by `invoke` to reach
the same DynamoDB and table.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCAL_DIR = Path(os.environ.get("COMPTOIR_LOCAL_DIR") or PROJECT_DIR / ".local")
SECRETS_FILE = "secrets.json"
RUNTIME_FILE = "runtime.json"
# A web client served by a local dev server (e.g. on port 3000) may call the local API.
LOCAL_CORS_ORIGINS = "http://localhost:3000,http://127.0.0.1:3000"
DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_REGION": "eu-west-1",
    "AWS_DEFAULT_REGION": "eu-west-1",
}


def _write_private(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)
    temporary.replace(path)


def _new_signing_key() -> tuple[str, str]:
    # cryptography loads only when a new local signing key is made.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    kid = f"local-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"
    return kid, pem


def load_or_create_secrets(local_dir: Path | None = None) -> dict[str, Any]:
    """`{"signing_keys": {"active": kid, "keys": {kid: pem}}, "cursor_secret": hex}`."""
    path = (local_dir or LOCAL_DIR) / SECRETS_FILE
    if path.is_file():
        stored: dict[str, Any] = json.loads(path.read_text())
        if stored.get("signing_keys", {}).get("keys") and stored.get("cursor_secret"):
            return stored
    kid, pem = _new_signing_key()
    created = {
        "signing_keys": {"active": kid, "keys": {kid: pem}},
        "cursor_secret": secrets.token_hex(32),
    }
    _write_private(path, created)
    return created


def secrets_env(stored: dict[str, Any]) -> dict[str, str]:
    return {
        "SIGNING_KEYS_JSON": json.dumps(stored["signing_keys"]),
        "CURSOR_SECRET": str(stored["cursor_secret"]),
    }


def apply_env(values: dict[str, str], *, override: bool = True) -> None:
    for name, value in values.items():
        if override or not os.environ.get(name):
            os.environ[name] = value


def write_runtime(info: dict[str, Any], local_dir: Path | None = None) -> Path:
    path = (local_dir or LOCAL_DIR) / RUNTIME_FILE
    _write_private(path, {**info, "pid": os.getpid()})
    return path


def remove_runtime(local_dir: Path | None = None) -> None:
    path = (local_dir or LOCAL_DIR) / RUNTIME_FILE
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (FileNotFoundError, ValueError):
        return


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_runtime(local_dir: Path | None = None) -> dict[str, Any] | None:
    """The running instance's `runtime.json`, or None when no instance is running."""
    path = (local_dir or LOCAL_DIR) / RUNTIME_FILE
    try:
        info: dict[str, Any] = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None
    return info if _alive(int(info.get("pid", 0) or 0)) else None
