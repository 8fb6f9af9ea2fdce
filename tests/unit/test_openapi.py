"""The OpenAPI document generated from the route table."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel, Field, computed_field

import app  # noqa: F401 - registers every route
from chalicelib.http import ROUTES, ApiModel, QueryModel, RouteSpec
from chalicelib.openapi import build_document, openapi_document

Doc = dict[str, Any]


def _resolve(doc: Doc, node: Doc) -> Doc:
    while "$ref" in node:
        node = _pointer(doc, node["$ref"])
    return node


def _pointer(doc: Doc, ref: str) -> Doc:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def _operation(doc: Doc, spec: RouteSpec) -> Doc:
    operation = doc["paths"][spec.path][spec.method.lower()]
    assert isinstance(operation, dict)
    return operation


def _view(name: str) -> Any:
    def view(ctx: Any) -> None:
        """First line.

        More words."""

    view.__name__ = name
    return view


@pytest.fixture(scope="module")
def doc() -> Doc:
    return openapi_document()


def test_the_document_is_valid_openapi_3_1(doc: Doc) -> None:
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] == "Comptoir API"


def test_the_document_is_built_once(doc: Doc) -> None:
    assert openapi_document() is doc


def test_every_route_is_an_operation_with_its_method(doc: Doc) -> None:
    assert ROUTES
    for spec in ROUTES:
        operation = _operation(doc, spec)
        assert operation["operationId"].startswith(spec.view.__name__)
        assert operation["summary"] and "\n" not in operation["summary"]
        assert operation["tags"] == [spec.tag or "Other"]
        assert str(spec.status) in operation["responses"]
    count = sum(len(item) for item in doc["paths"].values())
    assert count == len(ROUTES)


def test_operation_ids_are_unique(doc: Doc) -> None:
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_request_bodies_reject_unknown_fields(doc: Doc) -> None:
    bodies = [spec for spec in ROUTES if spec.body is not None]
    assert bodies
    for spec in bodies:
        media = _operation(doc, spec)["requestBody"]["content"]["application/json"]
        assert "$ref" in media["schema"]
        assert _resolve(doc, media["schema"])["additionalProperties"] is False


def test_authenticated_operations_need_a_token(doc: Doc) -> None:
    for spec in ROUTES:
        operation = _operation(doc, spec)
        if spec.is_public:
            assert operation["security"] == []
            assert "403" not in operation["responses"]
        else:
            assert operation["security"] == [{"bearerAuth": []}]
            assert {"401", "403"} <= set(operation["responses"])
            assert operation["x-permission"] == spec.action
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def test_parameters_follow_the_path_and_the_query_model_aliases(doc: Doc) -> None:
    for spec in ROUTES:
        parameters = [_resolve(doc, p) for p in _operation(doc, spec).get("parameters", [])]
        path = [p["name"] for p in parameters if p["in"] == "path"]
        assert path == re.findall(r"{([^}]+)}", spec.path)
        query = {p["name"] for p in parameters if p["in"] == "query"}
        expected = (
            {f.alias or name for name, f in spec.query.model_fields.items()}
            if spec.query
            else set()
        )
        assert query == expected
        headers = {p["name"] for p in parameters if p["in"] == "header"}
        assert headers == ({"Idempotency-Key"} if spec.method == "POST" else set())


def test_errors_are_problem_details(doc: Doc) -> None:
    problem = doc["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "code", "detail", "request_id", "errors"} <= set(
        problem["properties"]
    )
    for spec in ROUTES:
        responses = _operation(doc, spec)["responses"]
        assert {"405", "422", "429"} <= set(responses)
        if "{" in spec.path:
            assert "404" in responses
        if spec.body is not None:
            assert {"400", "413", "415", "422"} <= set(responses)
        for status, response in responses.items():
            if int(status) >= 400:
                error = _pointer(doc, response["$ref"])
                assert "application/problem+json" in error["content"], status
    for status, header in (("429", "Retry-After"), ("503", "Retry-After"), ("405", "Allow")):
        assert header in doc["components"]["responses"][f"Problem{status}"]["headers"]


def _statuses(doc: Doc, method: str, path: str) -> set[int]:
    return {int(status) for status in doc["paths"][path][method.lower()]["responses"]}


def test_every_route_declares_what_its_shape_can_answer(doc: Doc) -> None:
    for spec in ROUTES:
        statuses = _statuses(doc, spec.method, spec.path)
        assert (401 in statuses and 403 in statuses) or spec.is_public, spec.path
        assert (503 in statuses) == (not spec.is_public or spec.method != "GET"), spec.path
        if spec.method in ("POST", "PUT", "PATCH"):
            assert 413 in statuses, spec.path
        if spec.body is not None or spec.raw_body_types:
            assert 415 in statuses, spec.path
        if spec.method in ("POST", "PATCH", "DELETE"):
            assert 409 in statuses, spec.path
        files = {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        assert (406 in statuses) == bool(files & set(spec.produces)), spec.path
        if spec.status == 201 and spec.body is not None and "id" in spec.body.model_fields:
            assert 200 in statuses, spec.path


def test_public_auth_routes_declare_their_refusals(doc: Doc) -> None:
    assert {401, 423, 429} <= _statuses(doc, "POST", "/v1/auth/token")
    assert {401, 429} <= _statuses(doc, "POST", "/v1/auth/token/refresh")
    assert 401 in _statuses(doc, "POST", "/v1/auth/logout")
    assert 401 not in _statuses(doc, "POST", "/v1/tenants")
    assert 503 not in _statuses(doc, "GET", "/v1/health")


def test_posts_naming_other_objects_declare_404(doc: Doc) -> None:
    for method, path in (
        ("POST", "/v1/sales"),
        ("POST", "/v1/payments"),
        ("POST", "/v1/cash-shifts"),
        ("POST", "/v1/categories/reorder"),
        ("GET", "/v1/payments"),
    ):
        assert 404 in _statuses(doc, method, path), path
    assert 404 not in _statuses(doc, "POST", "/v1/brands")


def test_replayed_creates_and_large_imports_are_documented(doc: Doc) -> None:
    created = doc["paths"]["/v1/sales"]["post"]["responses"]
    assert created["200"]["content"] == created["201"]["content"]
    assert "client-made `id`" in created["200"]["description"]
    assert {200, 202} <= _statuses(doc, "POST", "/v1/products/import")


class Item(BaseModel):
    price: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return f"{self.price}"


class ItemIn(ApiModel):
    item: Item


class ItemQuery(QueryModel):
    from_: str | None = Field(None, alias="from")
    limit: int = 50


def _synthetic_routes() -> list[RouteSpec]:
    return [
        RouteSpec(
            "POST",
            "/v1/items",
            _view("save"),
            "items.write",
            body=ItemIn,
            response=Item,
            status=201,
        ),
        RouteSpec(
            "GET", "/v1/items", _view("save"), "items.read", query=ItemQuery, response=list[Item]
        ),
        RouteSpec(
            "POST", "/v1/items/import", _view("save"), "items.write", raw_body_types=("text/csv",)
        ),
        RouteSpec("DELETE", "/v1/items/{item_id}", _view("drop"), "items.write", status=204),
        RouteSpec(
            "GET",
            "/v1/items/{item_id}/sheet",
            _view("sheet"),
            None,
            produces=("application/pdf", "text/html"),
        ),
    ]


def test_a_route_declares_extra_statuses_explicitly() -> None:
    spec = RouteSpec("POST", "/v1/items", _view("save"), None, body=ItemIn, statuses=(202, 423))
    responses = build_document([spec])["paths"]["/v1/items"]["post"]["responses"]
    expected = {"200", "202", "400", "405", "409", "413", "415", "422", "423", "429", "503"}
    assert set(responses) == expected
    assert "content" in responses["202"]


def test_an_extra_status_without_a_problem_response_is_refused() -> None:
    spec = RouteSpec("GET", "/v1/teapot", _view("teapot"), None, statuses=(418,))
    with pytest.raises(ValueError, match="418"):
        build_document([spec])


def test_synthetic_routes_cover_every_shape() -> None:
    doc = build_document(_synthetic_routes())
    validate(doc)
    paths = doc["paths"]
    assert [op["operationId"] for item in paths.values() for op in item.values()] == [
        "save",
        "save_get",
        "save_post",
        "drop",
        "sheet",
    ]
    schemas = doc["components"]["schemas"]
    assert {"Item-Input", "Item-Output"} <= set(schemas)
    assert "label" in schemas["Item-Output"]["properties"]
    assert paths["/v1/items"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] == {"type": "array", "items": {"$ref": "#/components/schemas/Item-Output"}}
    from_ = paths["/v1/items"]["get"]["parameters"][0]
    assert from_["name"] == "from" and from_["schema"] == {"type": "string", "title": "From"}
    csv = paths["/v1/items/import"]["post"]["requestBody"]["content"]
    assert csv == {"text/csv": {"schema": {"type": "string"}}}
    assert "content" not in paths["/v1/items/{item_id}"]["delete"]["responses"]["204"]
    sheet = paths["/v1/items/{item_id}/sheet"]["get"]
    assert set(sheet["responses"]["200"]["content"]) == {"application/pdf", "text/html"}
    assert sheet["summary"] == "First line." and sheet["security"] == []


def test_a_model_named_problem_is_refused() -> None:
    class Problem(BaseModel):
        detail: str

    with pytest.raises(ValueError, match="Problem"):
        build_document([RouteSpec("GET", "/v1/x", _view("x"), None, response=Problem)])


MAIN_SCHEMAS = (
    "SignUpIn",
    "AdminIn",
    "LoginIn",
    "TenantOut",
    "UserIn",
    "UserOut",
    "TokenPair",
    "StoreIn",
    "StoreOut",
    "ProductIn",
    "ProductOut",
    "LevelOut",
    "SaleLineIn",
    "SaleIn",
    "SaleLineOut",
    "SaleOut",
    "ShiftIn",
    "ShiftCloseIn",
    "ShiftMovementIn",
    "ShiftOut",
    "PaymentIn",
    "PaymentOut",
    "CustomerIn",
    "CustomerOut",
)


def test_main_schemas_describe_every_field(doc: Doc) -> None:
    schemas = doc["components"]["schemas"]
    for name in MAIN_SCHEMAS:
        assert schemas[name].get("description"), name
        for field, schema in schemas[name]["properties"].items():
            assert schema.get("description"), f"{name}.{field}"


def test_examples_are_valid_values_of_their_fields(doc: Doc) -> None:
    from jsonschema import Draft202012Validator

    schemas = doc["components"]["schemas"]
    counted = 0
    for name in MAIN_SCHEMAS:
        for field, schema in schemas[name]["properties"].items():
            for example in schema.get("examples", []):
                plain = {k: v for k, v in schema.items() if k != "examples"}
                resolver = {"components": doc["components"], **plain}
                assert Draft202012Validator(resolver).is_valid(example), f"{name}.{field}"
                counted += 1
    assert counted > 150


def test_customer_phones_are_answered_in_e164(doc: Doc) -> None:
    phone = doc["components"]["schemas"]["CustomerOut"]["properties"]["phone"]
    pattern = next(branch["pattern"] for branch in phone["anyOf"] if "pattern" in branch)
    assert re.fullmatch(pattern, "+237699000000") and not re.fullmatch(pattern, "699000000")
