"""Catalog imports too large for one request: queued as chunks, applied from the table's stream.

Measured with `python -m tests.perf.bench_import` (creates, the slow case): DynamoDB Local
~23 ms per line (500 lines in 11.4 s; 10 000 lines in ~206 s), moto about twice as fast. API
Gateway gives up after 29 s, so files of up to SYNC_MAX_LINES good lines are applied in the
request (≈ 12 s on DynamoDB Local) and larger ones answer 202 with a job to poll.

A chunk holds whole product families (a parent with its variants) so the order in which
chunks are applied cannot orphan a variant; all chunks share one partition, hence one stream
shard, and are applied one after the other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from chalicelib import errors
from chalicelib.auth.principal import Principal
from chalicelib.catalog import import_repository as repo
from chalicelib.catalog import importer
from chalicelib.catalog.importer import Line, Outcome
from chalicelib.catalog.schemas import ImportAccepted, ImportJobOut, ImportOut
from chalicelib.changes import Change
from chalicelib.clock import iso, new_id
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item

SYNC_MAX_LINES = 500
CHUNK_LINES = 250
CHUNK_BYTES = 300_000
MAX_CHUNKS = 90
MAX_QUEUED_BYTES = 3_500_000
MAX_ERRORS = 1000
QUEUED, RUNNING, DONE = "QUEUED", "RUNNING", "DONE"
FINISH_ATTEMPTS = 5


def import_products(principal: Principal, raw: bytes) -> ImportOut | ImportAccepted:
    """Small files are applied now; larger ones are queued for the stream."""
    columns, lines, outcome = importer.parse_csv(raw)
    if len(lines) <= SYNC_MAX_LINES:
        importer.apply_lines(principal, lines, outcome)
        return outcome.result()
    return _queue(principal, columns, lines, outcome)


def status_url(job_id: str) -> str:
    return f"/v1/import-jobs/{job_id}"


def _queue(
    principal: Principal, columns: list[str], lines: list[Line], outcome: Outcome
) -> ImportAccepted:
    job_id = new_id()
    payloads = list(_chunk_payloads(columns, lines))
    if len(payloads) > MAX_CHUNKS or sum(len(p.encode()) for p, _ in payloads) > MAX_QUEUED_BYTES:
        raise errors.PayloadTooLargeError(
            f"A file is imported in at most {MAX_CHUNKS * CHUNK_LINES} lines and "
            f"{MAX_QUEUED_BYTES // 1_000_000} MB of product data; split it."
        )
    problems = [problem.model_dump() for problem in outcome.result().errors]
    job = repo.start_job(
        principal.tenant_id,
        job_id,
        {
            "status": QUEUED,
            "total_lines": len(lines) + len(problems),
            "processed_lines": len(problems),
            "chunks": len(payloads),
            "errors": json.dumps(problems[:MAX_ERRORS], ensure_ascii=False),
            "truncated": len(problems) > MAX_ERRORS,
            "created_at": iso(),
            "created_by": principal.user_id,
        },
        json.dumps(columns),
        payloads,
    )
    return ImportAccepted(job=to_out(job), status_url=status_url(job_id))


def _chunk_payloads(columns: list[str], lines: list[Line]) -> Iterator[tuple[str, int]]:
    """JSON arrays of [line number, [cells]], whole families together where they fit."""
    families: dict[str, list[Line]] = {}
    for line in lines:
        families.setdefault((line.row.variant_of or line.row.sku).upper(), []).append(line)
    current: list[str] = []
    size = 0
    for family in families.values():
        entries = [
            json.dumps([line.number, [line.cells.get(c, "") for c in columns]], ensure_ascii=False)
            for line in family
        ]
        weight = sum(len(entry.encode()) for entry in entries)
        if current and (len(current) + len(entries) > CHUNK_LINES or size + weight > CHUNK_BYTES):
            yield "[" + ",".join(current) + "]", len(current)
            current, size = [], 0
        for entry in entries:
            if current and (len(current) >= CHUNK_LINES or size + len(entry) > CHUNK_BYTES):
                yield "[" + ",".join(current) + "]", len(current)
                current, size = [], 0
            current.append(entry)
            size += len(entry.encode())
    if current:
        yield "[" + ",".join(current) + "]", len(current)


def apply_chunk(change: Change) -> None:
    """Stream INSERT of a chunk: apply its lines, then count them once with the chunk marked."""
    image = change.new or {}
    tenant_id, job_id = str(image["tenant_id"]), str(image["job_id"])
    chunk = repo.pending_chunk(tenant_id, job_id, int(image["position"]))
    if chunk is None:
        return
    job = repo.get_job(tenant_id, job_id, consistent=True)
    principal = Principal(tenant_id=tenant_id, user_id=job.created_by, role="MANAGER")
    outcome = Outcome()
    numbered = [(int(number), cells) for number, cells in json.loads(chunk.lines or "[]")]
    lines = importer.lines_from_cells(json.loads(chunk.columns), numbered, outcome)
    importer.apply_lines(principal, lines, outcome)
    _count_chunk(job, chunk, outcome)


def _count_chunk(job: repo.Job, chunk: repo.Chunk, outcome: Outcome) -> None:
    for _ in range(FINISH_ATTEMPTS):
        try:
            repo.finish_chunk(job, chunk, _progress(job, outcome))
            return
        except repo.ChunkAlreadyAppliedError:
            return
        except errors.ConflictError:
            job = repo.get_job(job.tenant_id or "", job.id, consistent=True)
    raise errors.ConflictError("The import job kept changing; the chunk will be retried.")


def _progress(job: repo.Job, outcome: Outcome) -> dict[str, object]:
    stored = json.loads(job.errors)
    new = [problem.model_dump() for problem in outcome.result().errors]
    room = max(MAX_ERRORS - len(stored), 0)
    kept = sorted(stored + new[:room], key=lambda problem: problem["line"])
    done = job.processed_chunks + 1 >= job.chunks
    return {
        "created": outcome.created,
        "updated": outcome.updated,
        "errors": json.dumps(kept, ensure_ascii=False),
        "truncated": job.truncated or len(new) > room,
        "status": DONE if done else RUNNING,
        "finished_at": iso() if done else None,
    }


def get_job(principal: Principal, job_id: str) -> ImportJobOut:
    return to_out(repo.get_job(principal.tenant_id, job_id))


def list_jobs(principal: Principal, limit: int, start_key: Key | None) -> Page[ImportJobOut]:
    jobs, last_key = repo.list_jobs(principal.tenant_id, limit, start_key)
    return [to_out(job) for job in jobs], last_key


def to_out(job: repo.Job) -> ImportJobOut:
    return from_item(
        ImportJobOut,
        job,
        errors=json.loads(job.errors),
        lines=job.total_lines,
        applied=job.processed_lines,
    )
