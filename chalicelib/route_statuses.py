"""Every status a route can answer, derived from its declaration in `http.route()`.

The OpenAPI document declares exactly these, so a client (or a fuzzer checking status-code
conformance) can rely on them: http.py answers each for the reason given below, and a route
adds what its shape cannot tell (423 on a login, 202 for a queued import) with `statuses=`.
"""

from __future__ import annotations

import re

from chalicelib.http import RouteSpec
from chalicelib.http_headers import BINARY_TYPES

PATH_PARAM = re.compile(r"{([^}]+)}")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
BODY_METHODS = ("POST", "PUT", "PATCH")
REFERENCE = re.compile(r"^(\w+_ids?|ids)$")

ERRORS: dict[int, str] = {
    400: "The body is not valid JSON (`MALFORMED_JSON`).",
    401: "Missing, invalid or expired token (`UNAUTHENTICATED`), or wrong e-mail or password "
    "(`INVALID_CREDENTIALS`).",
    403: "The user's role or stores do not allow this (`FORBIDDEN`).",
    404: "No such object in this tenant (`NOT_FOUND`).",
    405: "This path does not take that method (`METHOD_NOT_ALLOWED`); `Allow` lists those it "
    "takes.",
    406: "The answer is a file of a type the `Accept` header does not name (`NOT_ACCEPTABLE`).",
    409: "Conflicts with the current state (`CONFLICT`, `VERSION_MISMATCH`, `INVALID_STATE`, "
    "`REQUEST_IN_PROGRESS`, ...).",
    413: "The body is too large (`PAYLOAD_TOO_LARGE`).",
    415: "The body's content type is not accepted (`UNSUPPORTED_MEDIA_TYPE`).",
    422: "The request is invalid (`VALIDATION_ERROR`, `IDEMPOTENCY_KEY_REUSED`).",
    423: "The account is locked after repeated failed logins (`ACCOUNT_LOCKED`).",
    429: "Too many requests (`RATE_LIMITED`); retry after `Retry-After` seconds.",
    503: "Temporarily unavailable; retry after `Retry-After` seconds (`UNAVAILABLE`).",
}
SUCCESS = {200: "OK.", 201: "Created.", 202: "Accepted.", 204: "No content."}
REPLAYED = "The object already created with this client-made `id` and the same content."


def success_statuses(spec: RouteSpec) -> list[int]:
    """The route's status, 200 for a create that a client-made `id` replays, and the extra
    2xx statuses its declaration names."""
    statuses = {spec.status, *(status for status in spec.statuses if status < 300)}
    if spec.status == 201 and spec.body is not None and "id" in spec.body.model_fields:
        statuses.add(200)
    return sorted(statuses)


def error_statuses(spec: RouteSpec) -> list[int]:
    """Every error the route can answer, derived from its declaration (http.py answers them):

    405 another method on its path; 422 any query key it does not take; 429 the deployed stage
    throttles every route; 503 the table is busy (every route but the public reads, which
    never touch it); 400/415 a body it parses; 413 any body sent; 401/403 a token and a role;
    404 a path id or an id the body or query refers to; 406 a file a client must `Accept`;
    409 a write (state, version, client id, a request still running).
    """
    extra = {status for status in spec.statuses if status >= 400}
    if extra - set(ERRORS):
        raise ValueError(
            f"{spec.method} {spec.path}: no problem response for {extra - set(ERRORS)}"
        )
    statuses = {405, 422, 429, *extra}
    if not (spec.is_public and spec.method == "GET"):
        statuses.add(503)
    if spec.body is not None:
        statuses.update((400, 415))
    if spec.raw_body_types:
        statuses.add(415)
    if spec.method in BODY_METHODS:
        statuses.add(413)
    if not spec.is_public:
        statuses.update((401, 403))
    if PATH_PARAM.search(spec.path) or _refers_to_ids(spec):
        statuses.add(404)
    if set(spec.produces) & set(BINARY_TYPES):
        statuses.add(406)
    if spec.method in WRITE_METHODS:
        statuses.add(409)
    return sorted(statuses)


def _refers_to_ids(spec: RouteSpec) -> bool:
    """A body or query field that names other objects (`store_id`, `user_ids`...)."""
    models = [model for model in (spec.body, spec.query) if model is not None]
    return any(REFERENCE.match(name) for model in models for name in model.model_fields)
