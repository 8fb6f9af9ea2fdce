"""The OpenAPI 3.1 document of the route table (GET /v1/docs shows it with Swagger UI).

Chalice produces no usable OpenAPI, so the document is built from `http.ROUTES`: each route's
pydantic models give its schemas, and its declaration (auth, body, path) gives its errors.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from chalicelib import __version__
from chalicelib.http import JSON, ROUTES, RouteSpec
from chalicelib.problems import PROBLEM_JSON
from chalicelib.route_statuses import (
    ERRORS,
    PATH_PARAM,
    REPLAYED,
    SUCCESS,
    error_statuses,
    success_statuses,
)

Schema = dict[str, Any]
SchemaKey = tuple[Any, JsonSchemaMode]

OPENAPI_VERSION = "3.1.0"
SCHEMA_REF = "#/components/schemas/{model}"
BEARER = "bearerAuth"

DESCRIPTION = """\
Multi-tenant retail management API. Conventions that hold on every route:

- **Base path**: every route starts with `/v1`. Locally `http://127.0.0.1:8000/v1/...`;
  deployed behind the API Gateway stage `api`, `https://<host>/api/v1/...`.
- **Auth**: `Authorization: Bearer <access_token>` except on public routes; the tenant always
  comes from the token.
- **Ids** are ULIDs (26 characters, Crockford base32). `POST` bodies may carry a client-made `id`.
- **Money** is an integer in the minor unit of the tenant's currency (`1500` XAF, `1234` for
  12.34 EUR); **rates** are basis points; **quantities** are integers in the product's unit.
  No floats anywhere. Every amount, quantity and total is at most 2^53 - 1 (422 beyond).
- **Lists** take `limit` (1-200, default 50) and an opaque `cursor`, and answer
  `{"items": [...], "next_cursor": ...}` (`null` on the last page).
- **Versions**: `PATCH` bodies send the `version` they read (stale: 409 `VERSION_MISMATCH`).
  An absent field is unchanged; `null` clears an optional field and is 422 on a required one.
- **Idempotency**: every `POST` accepts an `Idempotency-Key` header; a repeat within 24 h
  replays the first answer with `Idempotent-Replayed: true`.
- **Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `code`.
"""


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The document of every registered route (built once: routes register at import)."""
    return build_document(ROUTES)


def build_document(routes: Sequence[RouteSpec]) -> dict[str, Any]:
    schemas = _Schemas.generate(routes)
    paths: dict[str, dict[str, Any]] = {}
    for spec, operation_id in zip(routes, _operation_ids(routes), strict=True):
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(
            spec, operation_id, schemas
        )
    tags = list(dict.fromkeys(_tag(spec) for spec in routes))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Comptoir API", "version": __version__, "description": DESCRIPTION},
        "servers": [
            {"url": "/", "description": "Local server (http://127.0.0.1:8000)."},
            {"url": "/api", "description": "Deployed behind the API Gateway stage `api`."},
        ],
        "tags": [{"name": name} for name in tags],
        "paths": paths,
        "components": _components(schemas.definitions),
    }


@dataclass(frozen=True)
class _Schemas:
    """All models come from one generation, so a shared model gets one name everywhere and a
    model whose input and output differ is split into `Name-Input` / `Name-Output`, the same
    way on every run."""

    refs: dict[SchemaKey, Schema]
    definitions: dict[str, Schema]

    @classmethod
    def generate(cls, routes: Sequence[RouteSpec]) -> _Schemas:
        keys: list[SchemaKey] = []
        for spec in routes:
            for key in _schema_keys(spec):
                if key not in keys:
                    keys.append(key)
        generator = GenerateJsonSchema(by_alias=True, ref_template=SCHEMA_REF)
        inputs = [
            (annotation, mode, TypeAdapter(annotation).core_schema) for annotation, mode in keys
        ]
        refs, definitions = generator.generate_definitions(inputs)
        return cls(refs=dict(refs), definitions={str(k): v for k, v in definitions.items()})

    def of(self, annotation: Any, mode: JsonSchemaMode) -> Schema:
        return dict(self.refs[(annotation, mode)])

    def resolve(self, schema: Schema) -> Schema:
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema
        return self.definitions[ref.rsplit("/", 1)[-1]]


def _schema_keys(spec: RouteSpec) -> list[SchemaKey]:
    keys: list[SchemaKey] = []
    if spec.body is not None:
        keys.append((spec.body, "validation"))
    if spec.query is not None:
        keys.append((spec.query, "validation"))
    if spec.response is not None:
        keys.append((spec.response, "serialization"))
    return keys


def _operation_ids(routes: Sequence[RouteSpec]) -> list[str]:
    """View names, made unique with the method and then a counter should two views share one."""
    seen: set[str] = set()
    ids: list[str] = []
    for spec in routes:
        base = spec.view.__name__
        candidate = base if base not in seen else f"{base}_{spec.method.lower()}"
        counter = 2
        while candidate in seen:
            candidate = f"{base}_{spec.method.lower()}_{counter}"
            counter += 1
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _operation(spec: RouteSpec, operation_id: str, schemas: _Schemas) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": _summary(spec),
        "description": _description(spec),
        "tags": [_tag(spec)],
    }
    parameters = _parameters(spec, schemas)
    if parameters:
        operation["parameters"] = parameters
    body = _request_body(spec, schemas)
    if body:
        operation["requestBody"] = body
    operation["responses"] = _responses(spec, schemas)
    operation["security"] = [] if spec.is_public else [{BEARER: []}]
    if spec.action is not None:
        operation["x-permission"] = spec.action
    return operation


def _tag(spec: RouteSpec) -> str:
    return spec.tag or "Other"


def _text(spec: RouteSpec) -> str:
    return inspect.cleandoc(spec.summary or spec.view.__doc__ or "")


def _summary(spec: RouteSpec) -> str:
    text = _text(spec)
    return text.splitlines()[0] if text else f"{spec.method} {spec.path}"


def _description(spec: RouteSpec) -> str:
    access = (
        "Public: no token needed."
        if spec.is_public
        else f"Needs a bearer token whose role grants `{spec.action}`."
    )
    text = _text(spec)
    return f"{text}\n\n{access}" if text else access


def _parameters(spec: RouteSpec, schemas: _Schemas) -> list[Schema]:
    parameters: list[Schema] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in PATH_PARAM.findall(spec.path)
    ]
    if spec.query is not None:
        parameters.extend(_query_parameters(schemas.resolve(schemas.of(spec.query, "validation"))))
    if spec.method == "POST":
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return parameters


def _query_parameters(model_schema: Schema) -> list[Schema]:
    required = set(model_schema.get("required", ()))
    parameters: list[Schema] = []
    for name, schema in model_schema.get("properties", {}).items():
        parameter: Schema = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": _without_null(schema),
        }
        if "description" in schema:
            parameter["description"] = schema["description"]
        parameters.append(parameter)
    return parameters


def _without_null(schema: Schema) -> Schema:
    """A query string cannot carry null: `X | None` parameters are documented as plain `X`."""
    branches = schema.get("anyOf", [])
    kept = [branch for branch in branches if branch != {"type": "null"}]
    if len(kept) != 1 or len(branches) != 2:
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf" and not (k == "default" and v is None)}
    return {**kept[0], **rest}


def _request_body(spec: RouteSpec, schemas: _Schemas) -> Schema | None:
    content: dict[str, Schema] = {
        media: {"schema": {"type": "string"}} for media in spec.raw_body_types
    }
    if spec.body is not None:
        content[JSON] = {"schema": schemas.of(spec.body, "validation")}
    if not content:
        return None
    return {"required": True, "content": content}


def _responses(spec: RouteSpec, schemas: _Schemas) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(status): _success(spec, status, schemas) for status in success_statuses(spec)
    }
    for status in error_statuses(spec):
        responses[str(status)] = {"$ref": f"#/components/responses/Problem{status}"}
    return responses


def _success(spec: RouteSpec, status: int, schemas: _Schemas) -> Schema:
    headers: dict[str, Any] = {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}
    if spec.method == "POST":
        headers["Idempotent-Replayed"] = {"$ref": "#/components/headers/IdempotentReplayed"}
    replayed = status == 200 and spec.status == 201
    description = REPLAYED if replayed else SUCCESS.get(status, "Success.")
    response: Schema = {"description": description, "headers": headers}
    if status != 204:
        response["content"] = {
            media: {"schema": _media_schema(spec, media, schemas)} for media in spec.produces
        }
    return response


def _media_schema(spec: RouteSpec, media: str, schemas: _Schemas) -> Schema:
    if media == JSON:
        if spec.response is None:
            return {"type": "object"}
        return schemas.of(spec.response, "serialization")
    if media.startswith("text/"):
        return {"type": "string"}
    return {"type": "string", "contentMediaType": media}


def _components(definitions: dict[str, Schema]) -> dict[str, Any]:
    if "Problem" in definitions:
        raise ValueError("A pydantic model named 'Problem' clashes with the problem schema.")
    return {
        "schemas": {**definitions, "Problem": _problem_schema()},
        "responses": {
            f"Problem{status}": _problem_response(status, text) for status, text in ERRORS.items()
        },
        "parameters": {"IdempotencyKey": _idempotency_key()},
        "headers": _headers(),
        "securitySchemes": {
            BEARER: {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "Access token from `POST /v1/auth/token` (15 minutes).",
            },
        },
    }


def _problem_schema() -> Schema:
    text = {"type": "string"}
    field_error = {
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": dict(text), "message": dict(text)},
    }
    return {
        "type": "object",
        "title": "Problem",
        "description": "RFC 9457 problem details; `code` is stable, the rest is for humans.",
        "required": ["type", "title", "status", "code"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": dict(text),
            "status": {"type": "integer"},
            "code": {"type": "string", "examples": ["VALIDATION_ERROR", "NOT_FOUND"]},
            "detail": {"type": ["string", "null"]},
            "request_id": dict(text),
            "errors": {"type": "array", "items": field_error},
        },
    }


def _problem_response(status: int, description: str) -> Schema:
    response: Schema = {
        "description": description,
        "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in (429, 503):
        response["headers"]["Retry-After"] = {"$ref": "#/components/headers/RetryAfter"}
    if status == 405:
        response["headers"]["Allow"] = {"$ref": "#/components/headers/Allow"}
    return response


def _idempotency_key() -> Schema:
    return {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Makes a retried POST safe: a repeat within 24 h replays the first answer.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    }


def _headers() -> dict[str, Schema]:
    return {
        "RequestId": {
            "description": "This request's id, also in the problem body and the logs.",
            "schema": {"type": "string"},
        },
        "IdempotentReplayed": {
            "description": "`true` when the answer replays an earlier one.",
            "schema": {"type": "string", "enum": ["true"]},
        },
        "RetryAfter": {
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "minimum": 0},
        },
        "Allow": {
            "description": "The methods this path takes.",
            "schema": {"type": "string"},
        },
    }
