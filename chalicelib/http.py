"""The one place for HTTP conventions (API.md): every route is declared through `route()`.

It authenticates, checks the permission table, parses and validates bodies and queries into
pydantic models, applies Idempotency-Key, maps domain and storage errors to problem+json,
paginates with signed cursors and logs one line per request. Views never see Chalice.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice import Chalice, Response
from chalice.app import Blueprint, Request
from pydantic import BaseModel, ConfigDict

from chalicelib import errors, http_headers, pagination
from chalicelib.auth.permissions import authorize
from chalicelib.auth.principal import Principal
from chalicelib.auth.tokens import verify_access_token
from chalicelib.clock import new_id
from chalicelib.config import get_settings
from chalicelib.http_headers import (
    ACCEPTED_CONTENT_TYPES,
    BINARY_TYPES,
    JSON,
    lists_content_type,
)
from chalicelib.idempotency import run_idempotent
from chalicelib.log import log_request
from chalicelib.parsing import parse_json_body, parse_model, unknown_query
from chalicelib.problems import problem, to_json, unexpected

AccessCheck = Callable[[Principal], Principal]
"""The caller of a verified token as the table knows them now (identity.access, by app.py)."""


class ComptoirApp(Chalice):
    """Chalice with a per-thread current request (the local server serves in threads),
    problem+json for a method a known path does not have, and the check of access tokens."""

    _state = threading.local()

    def __init__(self, app_name: str, access_check: AccessCheck | None = None) -> None:
        super().__init__(app_name=app_name)
        self.access_check = access_check
        self.api.binary_types.extend(t for t in BINARY_TYPES if t not in self.api.binary_types)

    def __call__(self, event: Any, context: Any) -> dict[str, Any]:
        context_of_request = event.get("requestContext") or {}
        path = context_of_request.get("resourcePath")
        method = context_of_request.get("httpMethod")
        refusal = self._refusal(path, method, event.get("headers") or {})
        if refusal is not None:
            response = problem(refusal, str(context_of_request.get("requestId") or new_id()))
            finish(response, event.get("headers") or {}, private=True)
            answer: dict[str, Any] = response.to_dict()
            return answer
        result: dict[str, Any] = super().__call__(event, context)
        return result

    def _refusal(
        self, path: str | None, method: str | None, headers: dict[str, Any]
    ) -> errors.DomainError | None:
        """What Chalice would refuse in its own words, as a problem: a method the path does not
        have (405), a content type no route lists, e.g. one without a slash (415)."""
        if path not in self.routes or method == "OPTIONS":
            return None
        if method not in self.routes[path]:
            allowed = ", ".join(sorted(self.routes[path]))
            return errors.MethodNotAllowedError(
                f"{method} is not allowed here; use {allowed}.", headers={"Allow": allowed}
            )
        listed = self.routes[path][method].content_types
        sent = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        if sent is not None and listed and not lists_content_type(listed, str(sent)):
            return errors.UnsupportedMediaTypeError(
                f"Send the body as {JSON}, not {str(sent).strip() or 'an empty content type'}."
            )
        return None

    @property  # type: ignore[override]
    def current_request(self) -> Request | None:
        return getattr(self._state, "request", None)

    @current_request.setter
    def current_request(self, value: Request | None) -> None:
        self._state.request = value

    @property  # type: ignore[override]
    def lambda_context(self) -> Any:
        return getattr(self._state, "context", None)

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._state.context = value


class ApiModel(BaseModel):
    """Request bodies: unknown fields are rejected and types are not coerced."""

    # Every model's validator is built on its first use: a cold start builds none.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class QueryModel(BaseModel):
    """Query strings: every value arrives as text, so types are coerced; unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class OutputModel(BaseModel):
    """What the API answers (response bodies and their parts), built on first use."""

    model_config = ConfigDict(defer_build=True)


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    view: Callable[..., Any]
    action: str | None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    summary: str = ""
    tag: str = ""
    raw_body_types: tuple[str, ...] = ()
    produces: tuple[str, ...] = (JSON,)
    max_body_bytes: int | None = None
    # Statuses the route answers beyond those its shape implies (see openapi.py).
    statuses: tuple[int, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.action is None


ROUTES: list[RouteSpec] = []


@dataclass
class Reply:
    """What a view returns when it needs a status, headers or a non-JSON body."""

    body: Any = None
    status: int | None = None
    headers: dict[str, Any] = field(default_factory=dict)


@dataclass
class RequestContext:
    request_id: str
    principal: Principal | None
    ip: str | None
    user_agent: str | None
    route: RouteSpec
    query_params: dict[str, str]
    path_params: dict[str, str] = field(default_factory=dict)
    raw_body: bytes = b""
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def user(self) -> Principal:
        if self.principal is None:
            raise errors.UnauthenticatedError()
        return self.principal

    @property
    def tenant_id(self) -> str:
        return self.user.tenant_id

    def start_key(self, cursor: str | None) -> dict[str, Any] | None:
        """The DynamoDB start key a cursor stands for, checked against tenant and query."""
        return pagination.decode(cursor, self._cursor_scope())

    def page(self, items: list[Any], last_key: dict[str, Any] | None) -> dict[str, Any]:
        return {"items": items, "next_cursor": pagination.encode(last_key, self._cursor_scope())}

    def _cursor_scope(self) -> str:
        filters = sorted(
            (k, v) for k, v in self.query_params.items() if k not in ("cursor", "limit")
        )
        tenant = self.principal.tenant_id if self.principal else "-"
        return json.dumps([tenant, self.route.method, self.route.path, filters])


def route(
    bp: Blueprint | Chalice,
    path: str,
    method: str,
    *,
    action: str | None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    summary: str = "",
    tag: str = "",
    raw_body_types: tuple[str, ...] = (),
    produces: tuple[str, ...] = (JSON,),
    max_body_bytes: int | None = None,
    statuses: tuple[int, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a route: `action` names its line in the permission table (None: public);
    `statuses` are those it answers beyond what its shape implies (e.g. 423 on a login)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        spec = RouteSpec(
            method=method,
            path=path,
            view=view,
            action=action,
            body=body,
            query=query,
            response=response,
            status=status,
            summary=summary or view.__doc__ or "",
            tag=tag,
            raw_body_types=raw_body_types,
            produces=produces,
            max_body_bytes=max_body_bytes,
            statuses=statuses,
        )
        ROUTES.append(spec)

        def handler(**uri_params: str) -> Response:
            request = bp.current_request
            assert request is not None
            app = bp if isinstance(bp, Chalice) else bp.current_app
            return dispatch(spec, request, uri_params, getattr(app, "access_check", None))

        handler.__name__ = f"{view.__name__}_{method.lower()}"
        content_types = ACCEPTED_CONTENT_TYPES + [
            t for t in raw_body_types if t not in ACCEPTED_CONTENT_TYPES
        ]
        bp.route(path, methods=[method], content_types=content_types)(handler)
        _answer_preflights(bp, path)
        return view

    return decorator


_PREFLIGHT_PATHS: set[str] = set()


def _answer_preflights(bp: Blueprint | Chalice, path: str) -> None:
    """OPTIONS on every path, so browsers' CORS preflights reach the app (API Gateway too)."""
    if path in _PREFLIGHT_PATHS:
        return
    _PREFLIGHT_PATHS.add(path)

    def preflight(**uri_params: str) -> Response:
        request = bp.current_request
        asked: Any = (request.headers if request else None) or {}
        methods = sorted({spec.method for spec in ROUTES if spec.path == path} | {"OPTIONS"})
        headers = http_headers.preflight_headers(methods, asked)
        return finish(Response(body="", status_code=204, headers=headers), asked, private=False)

    preflight.__name__ = "preflight_" + "".join(c if c.isalnum() else "_" for c in path)
    bp.route(path, methods=["OPTIONS"])(preflight)


def dispatch(
    spec: RouteSpec,
    request: Request,
    uri_params: dict[str, str],
    access_check: AccessCheck | None = None,
) -> Response:
    started = time.perf_counter()
    ctx = _context(spec, request)
    try:
        response = _handle(spec, ctx, request, uri_params, access_check)
    except errors.DomainError as error:
        response = problem(error, ctx.request_id)
    except Exception as error:  # noqa: BLE001 - the last line of defence: never leak a trace
        response = unexpected(error, ctx.request_id)
    if not _accepted(response, request):
        response = problem(_not_acceptable(response), ctx.request_id)
    response.headers["X-Request-Id"] = ctx.request_id
    finish(response, ctx.headers, private=not (spec.is_public and spec.method == "GET"))
    log_request(
        request_id=ctx.request_id,
        method=spec.method,
        route=spec.path,
        status=response.status_code,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        tenant_id=ctx.principal.tenant_id if ctx.principal else None,
        user_id=ctx.principal.user_id if ctx.principal else None,
    )
    return response


def finish(response: Response, request_headers: Any, *, private: bool) -> Response:
    """Every answer's security and CORS headers; `private` answers are never stored."""
    http_headers.secure(response.headers, response.body, request_headers, private=private)
    return response


def _accepted(response: Response, request: Request) -> bool:
    """API Gateway returns a binary body only to a client whose Accept names its type."""
    content_type = str(response.headers.get("Content-Type", "")).split(";")[0].strip()
    if content_type not in BINARY_TYPES:
        return True
    accept = str(request.headers.get("accept") or "") if request.headers else ""
    wanted = {part.split(";")[0].strip() for part in accept.split(",")}
    return bool(wanted & {content_type, "*/*", content_type.split("/")[0] + "/*"})


def _not_acceptable(response: Response) -> errors.DomainError:
    content_type = str(response.headers.get("Content-Type", "")).split(";")[0].strip()
    return errors.NotAcceptableError(
        f"This answer is a file of type {content_type}: send 'Accept: {content_type}'."
    )


def _context(spec: RouteSpec, request: Request) -> RequestContext:
    context: dict[str, Any] = request.context or {}
    identity: dict[str, Any] = context.get("identity") or {}
    headers: Any = request.headers or {}
    return RequestContext(
        request_id=str(context.get("requestId") or new_id()),
        principal=None,
        ip=identity.get("sourceIp"),
        user_agent=headers.get("user-agent"),
        route=spec,
        query_params=dict(request.query_params or {}),
        content_type=(headers.get("content-type") or "").split(";")[0].strip().lower(),
        headers={str(k).lower(): str(v) for k, v in dict(headers).items()},
    )


def _handle(
    spec: RouteSpec,
    ctx: RequestContext,
    request: Request,
    uri_params: dict[str, str],
    access_check: AccessCheck | None,
) -> Response:
    if not spec.is_public:
        ctx.principal = authenticate(request.headers.get("authorization"), access_check)
        authorize(ctx.principal, spec.action or "")
    ctx.path_params = dict(uri_params)
    kwargs: dict[str, Any] = dict(uri_params)
    if spec.query is not None:
        kwargs["query"] = parse_model(spec.query, ctx.query_params, location="query")
    elif ctx.query_params:
        raise unknown_query(ctx.query_params)
    if spec.method in ("POST", "PUT", "PATCH"):
        ctx.raw_body = _read_body(spec, request)
        if spec.body is not None:
            kwargs["body"] = parse_json_body(spec.body, ctx.raw_body)
    key = request.headers.get("idempotency-key") if request.headers else None
    if spec.method == "POST" and key is not None:
        return run_idempotent(ctx, key, lambda: _invoke(spec, ctx, kwargs))
    return _invoke(spec, ctx, kwargs)


def _invoke(spec: RouteSpec, ctx: RequestContext, kwargs: dict[str, Any]) -> Response:
    result = spec.view(ctx, **kwargs)
    if isinstance(result, Response):
        return result
    reply = result if isinstance(result, Reply) else Reply(body=result)
    status = reply.status or spec.status
    if status == 204:
        return Response(body="", status_code=204, headers=reply.headers)
    headers: dict[str, Any] = {"Content-Type": JSON, **reply.headers}
    return Response(body=to_json(reply.body), status_code=status, headers=headers)


def authenticate(authorization: str | None, access_check: AccessCheck | None) -> Principal:
    """The caller of a verified token, with the role and stores the table has for them now."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise errors.UnauthenticatedError("Send 'Authorization: Bearer <access_token>'.")
    claimed = verify_access_token(authorization[7:].strip())
    if access_check is None:
        raise errors.UnauthenticatedError("This app accepts no access tokens.")
    return access_check(claimed)


def _read_body(spec: RouteSpec, request: Request) -> bytes:
    raw = request.raw_body or b""
    limit = spec.max_body_bytes or get_settings().max_body_bytes
    if len(raw) > limit:
        raise errors.PayloadTooLargeError(f"The body is larger than {limit} bytes.")
    content_type = (request.headers.get("content-type") or JSON).split(";")[0].strip().lower()
    accepted = spec.raw_body_types or ((JSON,) if spec.body is not None else ())
    if raw and accepted and content_type not in accepted:
        raise errors.UnsupportedMediaTypeError(
            f"Send the body as {' or '.join(accepted)}, not {content_type}."
        )
    return raw.encode() if isinstance(raw, str) else bytes(raw)
