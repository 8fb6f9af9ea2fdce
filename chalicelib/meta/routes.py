"""Health, the OpenAPI document, its interactive page and its files, the public signing keys."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib import __version__
from chalicelib.auth.keys import jwks as published
from chalicelib.http import OutputModel, RequestContext, route
from chalicelib.meta import docs_files
from chalicelib.openapi import openapi_document

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
    """Interactive documentation of the OpenAPI document (Swagger UI), with "Try it out"."""
    return docs_files.answer(docs_files.PAGE)


@route(bp, "/v1/docs/docs.js", "GET", action=None, produces=("text/javascript",), tag="Meta")
def docs_start_script(ctx: RequestContext) -> Response:
    """The docs page's script that starts Swagger UI on this API's document."""
    return docs_files.answer(docs_files.START_SCRIPT)


@route(
    bp,
    "/v1/docs/swagger-ui-bundle.js",
    "GET",
    action=None,
    produces=("text/javascript",),
    tag="Meta",
)
def swagger_ui_script(ctx: RequestContext) -> Response:
    """Swagger UI's script, served by this API so the docs page loads nothing from elsewhere."""
    return docs_files.answer(docs_files.SWAGGER_UI_SCRIPT)


@route(bp, "/v1/docs/swagger-ui.css", "GET", action=None, produces=("text/css",), tag="Meta")
def swagger_ui_style(ctx: RequestContext) -> Response:
    """Swagger UI's style sheet, served by this API like its script."""
    return docs_files.answer(docs_files.SWAGGER_UI_STYLE)


@route(bp, "/v1/.well-known/jwks.json", "GET", action=None, tag="Meta")
def jwks(ctx: RequestContext) -> dict[str, Any]:
    """The public keys that verify access tokens (ES256, by `kid`)."""
    return published()
