"""Large CSV imports: 202 with a job, chunks applied from the stream, counted exactly once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib import errors
from chalicelib.catalog import import_jobs
from chalicelib.catalog import import_repository as repo
from tests.support import Stack, Tenant, import_csv

# Nine lines: a parent whose variants are spread over the file, one malformed line (5) and
# three that only the catalog can refuse (7: unknown parent, 8: barcode of line 4, 9: no name).
FILE = """sku,name,barcode,category,price,variant_of,attributes
PHONE-A,Phone A,,Phones,1000,,
CASE-1,Case,,Accessories,200,,
PHONE-A-RED,Phone A red,111,,1100,PHONE-A,colour=red
BAD-PRICE,Bad,,,douze,,
CABLE-1,Cable,,Cables,50,,
ORPHAN,Orphan,,,10,NOPE,
PHONE-A-BLUE,Phone A blue,111,,1100,PHONE-A,colour=blue
NO-NAME,,,,,,
CASE-2,Case 2,,Accessories,250,,
"""
APPLIED = 5


@pytest.fixture(autouse=True)
def small_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A threshold and chunk size that make a nine-line file a job of several chunks."""
    monkeypatch.setattr(import_jobs, "SYNC_MAX_LINES", 3)
    monkeypatch.setattr(import_jobs, "CHUNK_LINES", 3)


@pytest.fixture
def finished(tenant: Tenant, drain: Callable[[], int]) -> Iterator[dict[str, Any]]:
    accepted = import_csv(tenant, FILE)
    assert accepted.status == 202, accepted
    drain()
    yield {"accepted": accepted, "job": tenant.get(accepted.json["status_url"]).json}


def test_a_large_file_is_queued_with_a_status_url(finished: dict[str, Any]) -> None:
    accepted = finished["accepted"]
    job = accepted.json["job"]
    assert accepted.headers["Location"] == accepted.json["status_url"]
    assert accepted.json["status_url"] == f"/v1/import-jobs/{job['id']}"
    assert job["status"] == "QUEUED" and job["total_lines"] == 9
    assert job["processed_lines"] == 1 and job["processed_chunks"] == 0 and job["chunks"] == 3
    assert [error["line"] for error in job["errors"]] == [5]


def test_the_stream_applies_every_chunk_and_reports_bad_lines(
    tenant: Tenant, finished: dict[str, Any]
) -> None:
    job = finished["job"]
    assert job["status"] == "DONE" and job["finished_at"] is not None
    assert job["processed_chunks"] == job["chunks"] and job["processed_lines"] == 9
    assert (job["lines"], job["applied"]) == (job["total_lines"], 9)
    assert (job["created"], job["updated"]) == (APPLIED, 0)
    assert [error["line"] for error in job["errors"]] == [5, 7, 8, 9]
    assert "barcode 111 already appears on line 4" in job["errors"][2]["message"]
    assert "NOPE" in job["errors"][1]["message"] and job["truncated"] is False

    parent = tenant.get("/v1/products?sku=PHONE-A").json["items"][0]
    red = tenant.get("/v1/products?sku=PHONE-A-RED").json["items"][0]
    assert red["variant_of"] == parent["id"] and red["attributes"] == {"colour": "red"}
    assert tenant.get("/v1/products?sku=CASE-2").json["items"][0]["price"] == 250


def test_replaying_the_stream_changes_no_count(
    stack: Stack, tenant: Tenant, drain: Callable[[], int]
) -> None:
    replay = stack.replay_from_now()
    accepted = import_csv(tenant, FILE)
    assert accepted.status == 202, accepted
    drain()
    job = tenant.get(accepted.json["status_url"]).json
    tenant.patch(
        f"/v1/products/{tenant.get('/v1/products?sku=CASE-1').json['items'][0]['id']}",
        {"version": 1, "price": 999},
    )
    assert replay.drain() > 0
    assert tenant.get(accepted.json["status_url"]).json == job
    case = tenant.get("/v1/products?sku=CASE-1").json["items"][0]
    assert case["price"] == 999 and case["version"] == 2


def test_a_chunk_applied_but_not_marked_is_counted_once(
    tenant: Tenant, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between applying a chunk's lines and marking it: the retry re-applies (upsert
    by sku) and counts the chunk once."""
    real_finish = repo.finish_chunk
    crashes = iter([True])

    def finish_or_crash(*args: Any) -> None:
        if next(crashes, False):
            raise errors.UnavailableError("the Lambda died")
        real_finish(*args)

    monkeypatch.setattr(repo, "finish_chunk", finish_or_crash)
    accepted = import_csv(tenant, FILE)
    drain()
    job = tenant.get(accepted.json["status_url"]).json
    assert job["status"] == "DONE" and job["processed_lines"] == 9
    assert job["created"] + job["updated"] == APPLIED
    assert len(tenant.get("/v1/products?limit=50").json["items"]) == APPLIED


def test_small_files_still_answer_at_once(tenant: Tenant) -> None:
    reply = import_csv(tenant, "sku,name,price\nA-1,A,1\nA-2,B,2\nA-3,C,oops\n")
    assert reply.status == 200
    assert reply.json == {
        "created": 2,
        "updated": 0,
        "errors": [{"line": 4, "message": reply.json["errors"][0]["message"]}],
    }


def test_a_file_beyond_the_job_limits_is_refused(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_jobs, "MAX_CHUNKS", 2)
    reply = import_csv(tenant, FILE)
    assert reply.status == 413 and reply.json["code"] == "PAYLOAD_TOO_LARGE"
    assert tenant.get("/v1/import-jobs").json["items"] == []


def test_jobs_are_listed_newest_first_and_hidden_from_other_tenants(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    first = import_csv(tenant, FILE).json["job"]["id"]
    second = import_csv(tenant, FILE.replace("PHONE-A", "PHONE-B")).json["job"]["id"]
    assert [job["id"] for job in tenant.get("/v1/import-jobs").json["items"]] == [second, first]
    page = tenant.get("/v1/import-jobs?limit=1").json
    assert [job["id"] for job in page["items"]] == [second] and page["next_cursor"]

    stolen = other_tenant.get(f"/v1/import-jobs/{first}")
    assert stolen.status == 404 and stolen.json["code"] == "NOT_FOUND"
    assert other_tenant.get("/v1/import-jobs").json["items"] == []
    assert tenant.get("/v1/import-jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV").status == 404
