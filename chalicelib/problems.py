"""Answers as JSON, and errors as RFC 9457 problem details carrying their API.md code."""

from __future__ import annotations

import json
from typing import Any

from chalice import Response
from pydantic import BaseModel

from chalicelib import errors
from chalicelib.log import logger

PROBLEM_JSON = "application/problem+json"


def to_json(body: Any) -> str:
    """Compact JSON, UTF-8 as is; each model (at any depth) serialized by pydantic's core as
    its own `model_dump_json` says (its aliases, its config), not dumped to Python first."""
    if isinstance(body, BaseModel):
        return body.model_dump_json()
    if isinstance(body, dict):
        return "{" + ",".join(f"{_text(key)}:{to_json(value)}" for key, value in body.items()) + "}"
    if isinstance(body, (list, tuple)):
        return "[" + ",".join(to_json(value) for value in body) + "]"
    return _text(body)


def _text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def problem(error: errors.DomainError, request_id: str) -> Response:
    body: dict[str, Any] = {
        "type": f"https://comptoir.app/problems/{error.code.lower().replace('_', '-')}",
        "title": error.title,
        "status": error.status,
        "code": error.code,
        "detail": error.detail,
        "request_id": request_id,
        **error.extra,
    }
    if error.errors:
        body["errors"] = error.errors
    headers: dict[str, Any] = {"Content-Type": PROBLEM_JSON, **error.headers}
    return Response(body=to_json(body), status_code=error.status, headers=headers)


def unexpected(error: Exception, request_id: str) -> Response:
    """The answer to an error no domain rule raised: 409 or 503 for storage, else 500."""
    # pynamodb pulls in botocore (~120 ms at a cold start): only a failing request needs it.
    from chalicelib.db.failures import is_storage_error, storage_error

    if is_storage_error(error):
        logger().warning("storage error", extra={"request_id": request_id, "error": repr(error)})
        return problem(storage_error(error), request_id)  # type: ignore[arg-type]
    logger().exception("unexpected error", extra={"request_id": request_id})
    return problem(
        errors.InternalError("Something went wrong on our side; it has been logged."), request_id
    )
