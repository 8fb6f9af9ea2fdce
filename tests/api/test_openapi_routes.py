"""The public documentation routes: the OpenAPI document, its page and the page's files."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from chalicelib.meta import docs_files
from tests.support import Api


def test_the_openapi_document_is_served_and_valid(api: Api) -> None:
    reply = api.get("/v1/openapi.json")
    assert reply.status == 200, reply
    assert reply.headers["Content-Type"].startswith("application/json")
    doc = reply.json
    validate(doc)
    assert "post" in doc["paths"]["/v1/tenants"]
    assert doc["paths"]["/v1/stores"]["get"]["security"] == [{"bearerAuth": []}]


def test_the_docs_page_is_served_as_html(api: Api) -> None:
    reply = api.get("/v1/docs")
    assert reply.status == 200, reply
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.body == docs_files.PAGE.path.read_bytes()


@pytest.mark.parametrize(
    "path,file",
    [
        ("/v1/docs/docs.js", docs_files.START_SCRIPT),
        ("/v1/docs/swagger-ui-bundle.js", docs_files.SWAGGER_UI_SCRIPT),
        ("/v1/docs/swagger-ui.css", docs_files.SWAGGER_UI_STYLE),
    ],
)
def test_the_docs_page_files_are_served_with_their_type_and_may_be_cached(
    api: Api, path: str, file: docs_files.DocsFile
) -> None:
    reply = api.get(path)
    assert reply.status == 200, reply
    assert reply.headers["Content-Type"] == file.content_type
    assert reply.headers["Cache-Control"] == "public, max-age=3600"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in reply.headers
    assert reply.body == file.path.read_bytes()


def test_the_document_declares_the_docs_files_as_public_text(api: Api) -> None:
    paths = api.get("/v1/openapi.json").json["paths"]
    for path, media in (
        ("/v1/docs", "text/html"),
        ("/v1/docs/docs.js", "text/javascript"),
        ("/v1/docs/swagger-ui-bundle.js", "text/javascript"),
        ("/v1/docs/swagger-ui.css", "text/css"),
    ):
        operation = paths[path]["get"]
        assert operation["security"] == [], path
        assert list(operation["responses"]["200"]["content"]) == [media], path


def test_the_documentation_needs_no_token(api: Api) -> None:
    for path in ("/v1/openapi.json", "/v1/docs", "/v1/docs/swagger-ui-bundle.js"):
        assert api.get(path, headers={"authorization": "Bearer nonsense"}).status == 200
