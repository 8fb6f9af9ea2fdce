"""API.md's conventions, applied by chalicelib/http.py to every route."""

from __future__ import annotations

import json

import pytest

from tests.support import Api, Tenant, add_store


def assert_problem(reply, status: int, code: str) -> dict:
    assert reply.status == status, reply
    assert reply.headers["Content-Type"] == "application/problem+json"
    body = reply.json
    assert body["code"] == code and body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("https://")
    return body


def test_health_is_public(api: Api) -> None:
    reply = api.get("/v1/health")
    assert reply.status == 200 and reply.json["status"] == "ok" and reply.json["version"]
    assert reply.headers["X-Request-Id"]


def test_malformed_json_is_400(tenant: Tenant) -> None:
    assert_problem(tenant.post("/v1/stores", body="{name: 1"), 400, "MALFORMED_JSON")
    assert_problem(tenant.post("/v1/stores", body=b"\xff\xfe"), 400, "MALFORMED_JSON")


def test_wrong_types_and_unknown_fields_are_422_with_field_paths(tenant: Tenant) -> None:
    body = assert_problem(
        tenant.post("/v1/stores", {"name": 12, "code": "AB", "colour": "red"}),
        422,
        "VALIDATION_ERROR",
    )
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"name", "colour"}
    nested = assert_problem(
        tenant.api.post(
            "/v1/tenants", {"name": "X", "admin": {"email": "a@b.cm", "password": "short"}}
        ),
        422,
        "VALIDATION_ERROR",
    )
    assert {"admin.password", "admin.full_name"} <= {e["field"] for e in nested["errors"]}


@pytest.mark.parametrize("payload", ["[]", '"text"', "12", "null"])
def test_a_body_that_is_not_an_object_is_422(tenant: Tenant, payload: str) -> None:
    assert_problem(tenant.post("/v1/stores", body=payload), 422, "VALIDATION_ERROR")


def test_strings_are_not_coerced_into_numbers(tenant: Tenant) -> None:
    store = add_store(tenant, "A", "COE")
    reply = tenant.patch(f"/v1/stores/{store['id']}", {"version": "1", "name": "B"})
    assert_problem(reply, 422, "VALIDATION_ERROR")


def test_oversized_body_is_413(tenant: Tenant) -> None:
    huge = json.dumps({"name": "x" * (300 * 1024), "code": "BIG"})
    assert_problem(tenant.post("/v1/stores", body=huge), 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize("content_type", ["text/plain", "foo", "", "application/x-unknown"])
def test_other_content_types_are_415_problems(tenant: Tenant, content_type: str) -> None:
    reply = tenant.post("/v1/stores", body="name=x", headers={"content-type": content_type})
    body = assert_problem(reply, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert body["request_id"] and reply.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_query_parameters_are_422(tenant: Tenant) -> None:
    body = assert_problem(tenant.get("/v1/stores?colour=red"), 422, "VALIDATION_ERROR")
    assert body["errors"][0]["field"] == "colour"
    assert_problem(tenant.get("/v1/stores?limit=500"), 422, "VALIDATION_ERROR")


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-jwt", "Basic abc"])
def test_missing_or_invalid_token_is_401(api: Api, header: str | None) -> None:
    headers = {"authorization": header} if header else {}
    assert_problem(api.get("/v1/stores", headers=headers), 401, "UNAUTHENTICATED")


def test_idempotent_post_replays_the_first_answer(tenant: Tenant) -> None:
    headers = {"Idempotency-Key": "store-create-1"}
    body = {"name": "Replay", "code": "RPL"}
    first = tenant.post("/v1/stores", body, headers=headers)
    again = tenant.post("/v1/stores", body, headers=headers)
    assert first.status == again.status == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(tenant.get("/v1/stores").json["items"]) == 1


def test_idempotency_key_reused_with_another_body_is_422(tenant: Tenant) -> None:
    headers = {"Idempotency-Key": "store-create-2"}
    tenant.post("/v1/stores", {"name": "A", "code": "IK1"}, headers=headers)
    reply = tenant.post("/v1/stores", {"name": "B", "code": "IK2"}, headers=headers)
    assert_problem(reply, 422, "IDEMPOTENCY_KEY_REUSED")


def test_idempotency_keys_are_scoped_per_user(tenant: Tenant, other_tenant: Tenant) -> None:
    headers = {"Idempotency-Key": "same-key"}
    body = {"name": "A", "code": "SCP"}
    assert tenant.post("/v1/stores", body, headers=headers).status == 201
    theirs = other_tenant.post("/v1/stores", body, headers=headers)
    assert theirs.status == 201 and "Idempotent-Replayed" not in theirs.headers


def test_a_failed_request_releases_its_idempotency_key(tenant: Tenant) -> None:
    add_store(tenant, "A", "REL")
    headers = {"Idempotency-Key": "retry-after-fix"}
    body = {"name": "B", "code": "REL"}
    assert tenant.post("/v1/stores", body, headers=headers).status == 409
    store = tenant.get("/v1/stores").json["items"][0]
    tenant.patch(f"/v1/stores/{store['id']}", {"version": 1, "code": "RE2"})
    assert tenant.post("/v1/stores", body, headers=headers).status == 201


def test_idempotency_key_length_is_checked(tenant: Tenant) -> None:
    reply = tenant.post(
        "/v1/stores", {"name": "A", "code": "LEN"}, headers={"Idempotency-Key": "k" * 256}
    )
    assert_problem(reply, 422, "VALIDATION_ERROR")


def test_a_repeat_while_the_first_runs_is_409(tenant: Tenant, stack) -> None:
    from chalice import Response

    from chalicelib import errors
    from chalicelib.http import ROUTES, RequestContext
    from chalicelib.idempotency import run_idempotent
    from chalicelib.identity import repository
    from chalicelib.identity.service import principal_of

    spec = next(r for r in ROUTES if r.path == "/v1/stores" and r.method == "POST")
    principal = principal_of(repository.get_user(tenant.id, tenant.admin_id))
    ctx = RequestContext("r1", principal, None, None, spec, {}, raw_body=b"{}")
    seen: list[str] = []

    def first() -> Response:
        with pytest.raises(errors.RequestInProgressError):
            run_idempotent(ctx, "in-flight", lambda: Response(body="{}", status_code=201))
        seen.append("inner refused")
        return Response(body="{}", status_code=201)

    assert run_idempotent(ctx, "in-flight", first).status_code == 201
    assert seen == ["inner refused"]


def test_soft_deleted_objects_leave_lists(tenant: Tenant) -> None:
    store = add_store(tenant, "Gone", "GON")
    tenant.delete(f"/v1/stores/{store['id']}")
    assert store["id"] not in [s["id"] for s in tenant.get("/v1/stores").json["items"]]
    assert_problem(tenant.delete(f"/v1/stores/{store['id']}"), 404, "NOT_FOUND")


def test_a_method_the_route_lacks_is_405_problem_json(tenant: Tenant) -> None:
    body = assert_problem(tenant.delete("/v1/stores"), 405, "METHOD_NOT_ALLOWED")
    assert "GET" in body["detail"] and "POST" in body["detail"]


def test_deeply_nested_json_is_400_not_500(tenant: Tenant) -> None:
    nested = '{"name": "x", "address": ' + "[" * 5000 + "]" * 5000 + "}"
    assert_problem(tenant.post("/v1/stores", body=nested), 400, "MALFORMED_JSON")


def test_a_file_answer_needs_an_accept_header_naming_it(tenant: Tenant) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    refused = tenant.get("/v1/products/export?format=xlsx", headers={"accept": "application/json"})
    body = assert_problem(refused, 406, "NOT_ACCEPTABLE")
    assert xlsx in body["detail"]
    served = tenant.get("/v1/products/export?format=xlsx", headers={"accept": xlsx})
    assert served.status == 200 and served.body[:2] == b"PK"
