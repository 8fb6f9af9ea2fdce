"""Idempotency-Key: a repeat is the same JSON value, whatever its spacing or key order."""

from __future__ import annotations

from tests.support import Tenant


def test_the_same_json_spelled_otherwise_replays_the_first_answer(tenant: Tenant) -> None:
    headers = {"Idempotency-Key": "store-spelling"}
    first = tenant.post(
        "/v1/stores", body='{"name":"Akwa","code":"SPL","address":"Douala"}', headers=headers
    )
    again = tenant.post(
        "/v1/stores",
        body='{\n  "address": "Douala",\n  "code": "SPL",\n  "name": "Akwa"\n}\n',
        headers=headers,
    )
    assert first.status == again.status == 201, again
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    assert len(tenant.get("/v1/stores").json["items"]) == 1


def test_another_value_under_the_same_key_is_still_refused(tenant: Tenant) -> None:
    headers = {"Idempotency-Key": "store-other-value"}
    assert tenant.post("/v1/stores", {"name": "Akwa", "code": "OTV"}, headers=headers).status == 201
    reply = tenant.post("/v1/stores", {"code": "OTV", "name": "Akwa 2"}, headers=headers)
    assert reply.status == 422 and reply.json["code"] == "IDEMPOTENCY_KEY_REUSED"
