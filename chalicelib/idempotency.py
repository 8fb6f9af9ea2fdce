"""Idempotency-Key on POST: replay the first answer, refuse reuse with another body.

A key is claimed with a conditional put before the work runs and completed with the answer
after it. A JSON body is compared by its value (canonical JSON), not by its spelling. A failed
request (4xx or 5xx) releases its key: every write of this API is one atomic transaction, so a
failed request has changed nothing and may be retried.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Protocol

from chalice import Response

from chalicelib import errors
from chalicelib import idempotency_repository as repo
from chalicelib.auth.principal import Principal
from chalicelib.clock import epoch

RETENTION_SECONDS = 24 * 3600
LOCK_SECONDS = 60
MAX_STORED_BODY = 300 * 1024


class _Route(Protocol):
    @property
    def method(self) -> str: ...

    @property
    def path(self) -> str: ...


class Request(Protocol):
    """What a request shows of itself to be recognised when it comes again (http's context)."""

    @property
    def principal(self) -> Principal | None: ...

    @property
    def route(self) -> _Route: ...

    @property
    def path_params(self) -> dict[str, str]: ...

    @property
    def raw_body(self) -> bytes: ...

    @property
    def content_type(self) -> str: ...


def run_idempotent(ctx: Request, key: str, work: Callable[[], Response]) -> Response:
    if not 1 <= len(key) <= 255:
        raise errors.ValidationError(
            "Idempotency-Key must be 1 to 255 characters.",
            errors=[{"field": "Idempotency-Key", "message": "1 to 255 characters"}],
        )
    record, claimed = repo.claim(
        ctx.principal,
        key,
        _fingerprint(ctx),
        now=epoch(),
        lock=LOCK_SECONDS,
        keep=RETENTION_SECONDS,
    )
    if not claimed:
        return _replay(record)
    try:
        response = work()
    except BaseException:
        repo.release(record)
        raise
    _complete(record, response)
    return response


def _fingerprint(ctx: Request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{ctx.route.method} {ctx.route.path} {sorted(ctx.path_params.items())}".encode())
    digest.update(b"\0")
    digest.update(canonical_body(ctx.raw_body, ctx.content_type))
    return digest.hexdigest()


def canonical_body(raw: bytes, content_type: str) -> bytes:
    """The same JSON value gives the same bytes whatever its spacing or key order."""
    if not raw or content_type not in ("", "application/json"):
        return raw
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return raw
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )


def _replay(record: repo.Record) -> Response:
    stored = repo.stored(record)
    if stored.fingerprint != record.fingerprint:
        raise errors.IdempotencyKeyReusedError(
            "This Idempotency-Key was used with another request."
        )
    if stored.state != "DONE":
        raise errors.RequestInProgressError("A request with this Idempotency-Key is still running.")
    headers = {**(stored.headers or {}), "Idempotent-Replayed": "true"}
    return Response(
        body=stored.body or "", status_code=int(stored.status_code or 200), headers=headers
    )


def _complete(record: repo.Record, response: Response) -> None:
    body = response.body if isinstance(response.body, str) else None
    if response.status_code >= 400 or body is None or len(body) > MAX_STORED_BODY:
        repo.release(record)
        return
    repo.complete(record, response.status_code, body, dict(response.headers or {}))
