"""Storage of asynchronous import jobs and their chunks."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.clock import epoch
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.imports import ImportChunkItem, ImportJobItem
from chalicelib.pagination import Key, Page

Job = ImportJobItem
Chunk = ImportChunkItem
PENDING, DONE = "PENDING", "DONE"
CHUNK_KEEP_SECONDS = 24 * 3600


class ChunkAlreadyAppliedError(errors.ConflictError):
    """A replayed stream record: its chunk was counted by an earlier delivery."""


@serves("Import job by id", "Import chunk by position")
def start_job(
    tenant_id: str,
    job_id: str,
    fields: dict[str, Any],
    columns: str,
    payloads: list[tuple[str, int]],
) -> ImportJobItem:
    """The job and all its chunks (lines, count) in one transaction: a job never waits for a
    missing chunk."""
    job = ImportJobItem(
        id=job_id,
        pk=keys.import_jobs_pk(tenant_id),
        sk=keys.import_job_sk(job_id),
        tenant_id=tenant_id,
        **fields,
    )
    tx = Tx()
    tx.put(job, condition=ImportJobItem.pk.does_not_exist())
    for position, (lines, count) in enumerate(payloads):
        chunk = ImportChunkItem(
            pk=keys.import_chunks_pk(tenant_id, job_id),
            sk=keys.import_chunk_sk(position),
            tenant_id=tenant_id,
            state=PENDING,
            job_id=job_id,
            position=position,
            columns=columns,
            lines=lines,
            line_count=count,
        )
        tx.put(chunk, condition=ImportChunkItem.pk.does_not_exist())
    tx.commit()
    return job


@serves("Import job by id")
def get_job(tenant_id: str, job_id: str, *, consistent: bool = False) -> ImportJobItem:
    try:
        job = ImportJobItem.get(
            keys.import_jobs_pk(tenant_id), keys.import_job_sk(job_id), consistent_read=consistent
        )
    except ImportJobItem.DoesNotExist as missing:
        raise errors.NotFoundError("Import job not found.") from missing
    if not isinstance(job, ImportJobItem):
        raise errors.NotFoundError("Import job not found.")
    return job


@serves("Import jobs of a tenant")
def list_jobs(tenant_id: str, limit: int, start_key: Key | None) -> Page[ImportJobItem]:
    return records.query_page(
        ImportJobItem,
        keys.import_jobs_pk(tenant_id),
        limit=limit,
        start_key=start_key,
        newest_first=True,
    )


@serves("Import chunk by position")
def pending_chunk(tenant_id: str, job_id: str, position: int) -> ImportChunkItem | None:
    chunk = records.find(
        ImportChunkItem, keys.import_chunks_pk(tenant_id, job_id), keys.import_chunk_sk(position)
    )
    return chunk if chunk is not None and chunk.state == PENDING else None


@serves("Import chunk by position", "Import job by id")
def finish_chunk(job: ImportJobItem, chunk: ImportChunkItem, progress: dict[str, Any]) -> None:
    """Mark the chunk applied and add its counts to the job, or neither.

    Raises ChunkAlreadyAppliedError for a replay and ConflictError when another chunk moved
    the job since it was read (read it again and retry).
    """
    tx = Tx()
    tx.change(
        chunk,
        [
            ImportChunkItem.state.set(DONE),
            ImportChunkItem.lines.remove(),
            ImportChunkItem.expires_at.set(epoch() + CHUNK_KEEP_SECONDS),
        ],
        condition=ImportChunkItem.state == PENDING,
        on_fail=ChunkAlreadyAppliedError("This chunk was already applied."),
    )
    tx.change(
        job,
        [
            ImportJobItem.processed_chunks.add(1),
            ImportJobItem.processed_lines.add(chunk.line_count),
            ImportJobItem.created.add(progress["created"]),
            ImportJobItem.updated.add(progress["updated"]),
            ImportJobItem.errors.set(progress["errors"]),
            ImportJobItem.truncated.set(progress["truncated"]),
            ImportJobItem.status.set(progress["status"]),
            *(
                [ImportJobItem.finished_at.set(progress["finished_at"])]
                if progress["finished_at"]
                else []
            ),
        ],
        condition=ImportJobItem.processed_chunks == job.processed_chunks,
        on_fail=errors.ConflictError("The import job moved on; read it again."),
    )
    tx.commit()
