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
from typing import TYPE_CHECKING

from chalice import Response
from pynamodb.exceptions import PutError

from chalicelib import errors
from chalicelib.clock import epoch
from chalicelib.db.base import is_conditional_failure
from chalicelib.db.keys import idempotency_pk
from chalicelib.db.models.platform import IdempotencyItem

if TYPE_CHECKING:
    from chalicelib.http import RequestContext

RETENTION_SECONDS = 24 * 3600
LOCK_SECONDS = 60
MAX_STORED_BODY = 300 * 1024
SK = "IDEM"


def run_idempotent(ctx: RequestContext, key: str, work: Callable[[], Response]) -> Response:
    if not 1 <= len(key) <= 255:
        raise errors.ValidationError(
            "Idempotency-Key must be 1 to 255 characters.",
            errors=[{"field": "Idempotency-Key", "message": "1 to 255 characters"}],
        )
    scope = f"T#{ctx.principal.tenant_id}#{ctx.principal.user_id}" if ctx.principal else "PUBLIC"
    record = IdempotencyItem(
        pk=idempotency_pk(scope, key),
        sk=SK,
        fingerprint=_fingerprint(ctx),
        state="IN_PROGRESS",
        locked_until=epoch() + LOCK_SECONDS,
        expires_at=epoch() + RETENTION_SECONDS,
    )
    if not _claim(record):
        return _replay(record)
    try:
        response = work()
    except BaseException:
        record.delete()
        raise
    _complete(record, response)
    return response


def _fingerprint(ctx: RequestContext) -> str:
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


def _claim(record: IdempotencyItem) -> bool:
    now = epoch()
    takeover = (IdempotencyItem.state == "IN_PROGRESS") & (IdempotencyItem.locked_until < now)
    expired = IdempotencyItem.expires_at < now
    try:
        record.save(condition=IdempotencyItem.pk.does_not_exist() | takeover | expired)
    except PutError as error:
        if is_conditional_failure(error):
            return False
        raise
    return True


def _replay(record: IdempotencyItem) -> Response:
    stored = IdempotencyItem.get(record.pk, SK, consistent_read=True)
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


def _complete(record: IdempotencyItem, response: Response) -> None:
    body = response.body if isinstance(response.body, str) else None
    if response.status_code >= 400 or body is None or len(body) > MAX_STORED_BODY:
        record.delete()
        return
    record.update(
        actions=[
            IdempotencyItem.state.set("DONE"),
            IdempotencyItem.status_code.set(response.status_code),
            IdempotencyItem.body.set(body),
            IdempotencyItem.headers.set(dict(response.headers or {})),
        ]
    )
