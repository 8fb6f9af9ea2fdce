"""The public documentation routes: the OpenAPI document and its offline page."""

from __future__ import annotations

from openapi_spec_validator import validate

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
    assert reply.headers["Content-Type"].startswith("text/html")
    page = reply.body.decode("utf-8")
    assert "openapi.json" in page and "https://" not in page


def test_the_documentation_needs_no_token(api: Api) -> None:
    for path in ("/v1/openapi.json", "/v1/docs"):
        assert api.get(path, headers={"authorization": "Bearer nonsense"}).status == 200
