"""The headers every answer carries (API.md, headers): security headers and CORS; and the
content types the routes take and give.

http.py applies them to every answer it makes: views, problems, a wrong method and CORS
preflights. An HTML page gets a Content-Security-Policy that allows exactly its own inline
scripts and styles, by their hashes, and same-origin script and style files if it loads any.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from chalicelib.config import get_settings

JSON = "application/json"
# Chalice answers 415 itself for a content type a route does not list; listing the common
# ones lets http.py answer with problem+json instead.
ACCEPTED_CONTENT_TYPES = [
    JSON,
    "text/plain",
    "text/csv",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "application/xml",
    "text/xml",
]


BINARY_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


def lists_content_type(listed: list[str], sent: str) -> bool:
    """Chalice's own test of a request's content type against a route's (any part of the
    header, split at commas and semicolons, or a wildcard)."""
    wanted = {kind.lower() for kind in listed}
    parts = {part.strip() for part in re.split("[,;]", sent.lower())}
    return "*/*" in sent or "*/*" in wanted or bool(parts & wanted)


ALLOWED_REQUEST_HEADERS = "Authorization, Content-Type, Idempotency-Key"
EXPOSED_HEADERS = "X-Request-Id, Idempotent-Replayed, Retry-After"
PREFLIGHT_MAX_AGE = "600"
_INLINE = {
    "script-src": re.compile(
        r"<script(?![^>]*\bsrc\s*=)(?:\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE
    ),
    "style-src": re.compile(r"<style(?:\s[^>]*)?>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE),
}
# A page that loads script or style files (same-origin only: no host is ever allowed).
_LOADED = {
    "script-src": re.compile(r"<script\s[^>]*\bsrc\s*=", re.IGNORECASE),
    "style-src": re.compile(r"<link\s[^>]*\brel\s*=\s*[\"']?stylesheet\b", re.IGNORECASE),
}
PAGE_POLICY = (
    "default-src 'none'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
)


def secure(
    headers: dict[str, Any], body: Any, request_headers: Mapping[str, str], *, private: bool
) -> None:
    """Add the security and CORS headers to an answer's `headers`."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    if private:
        headers["Cache-Control"] = "no-store"
    if _is_html(headers):
        headers["Content-Security-Policy"] = page_policy(body)
    seconds = get_settings().hsts_seconds
    if seconds > 0:
        headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    origin = allowed_origin(request_headers)
    if get_settings().cors_origins:
        _vary(headers, "Origin")
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS


def preflight_headers(methods: list[str], request_headers: Mapping[str, str]) -> dict[str, Any]:
    """What a preflight from an allowed origin may do here; nothing for any other origin."""
    headers: dict[str, Any] = {"Allow": ", ".join(methods)}
    if allowed_origin(request_headers) and _lower(request_headers).get(
        "access-control-request-method"
    ):
        headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return headers


def allowed_origin(request_headers: Mapping[str, str]) -> str | None:
    origin = _lower(request_headers).get("origin", "").rstrip("/")
    return origin if origin and origin in get_settings().cors_origins else None


def page_policy(body: Any) -> str:
    """`frame-ancestors 'none'`, and only the page's own scripts and styles may run: its inline
    blocks by hash, and its files when it loads some (from this origin only)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    directives = list(PAGE_POLICY)
    for directive, pattern in _INLINE.items():
        sources = ["'self'"] if _LOADED[directive].search(text) else []
        sources += sorted({_sha256(block) for block in pattern.findall(text)})
        if sources:
            directives.append(f"{directive} " + " ".join(sources))
    return "; ".join(directives)


def _sha256(block: str) -> str:
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _is_html(headers: Mapping[str, Any]) -> bool:
    content_type = str(_lower(headers).get("content-type", ""))
    return content_type.split(";")[0].strip().lower() == "text/html"


def _vary(headers: dict[str, Any], name: str) -> None:
    present = [v.strip() for v in str(headers.get("Vary", "")).split(",") if v.strip()]
    if name not in present:
        headers["Vary"] = ", ".join([*present, name])


def _lower(headers: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in headers.items()}
