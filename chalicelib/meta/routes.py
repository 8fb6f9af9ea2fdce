"""Health, the OpenAPI document, its interactive page and the public signing keys."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib import __version__
from chalicelib.auth.keys import jwks as published
from chalicelib.http import OutputModel, RequestContext, route
from chalicelib.openapi import docs_page, openapi_document

bp = Blueprint(__name__)


class HealthOut(OutputModel):
    status: str
    version: str


@route(bp, "/v1/health", "GET", action=None, response=HealthOut, tag="Meta")
def health(ctx: RequestContext) -> HealthOut:
    """Liveness: answers without touching the database."""
    return HealthOut(status="ok", version=__version__)


@route(bp, "/v1/openapi.json", "GET", action=None, tag="Meta")
def openapi(ctx: RequestContext) -> dict[str, Any]:
    """This API's OpenAPI 3.1 document, generated from the route table and its models."""
    return openapi_document()


@route(bp, "/v1/docs", "GET", action=None, produces=("text/html",), tag="Meta")
def docs(ctx: RequestContext) -> Response:
    """Interactive documentation of the OpenAPI document (self-contained page)."""
    return Response(
        body=docs_page(), status_code=200, headers={"Content-Type": "text/html; charset=utf-8"}
    )


@route(bp, "/v1/.well-known/jwks.json", "GET", action=None, tag="Meta")
def jwks(ctx: RequestContext) -> dict[str, Any]:
    """The public keys that verify access tokens (ES256, by `kid`)."""
    return published()
