"""Asynchronous catalog imports: the job a client polls and the chunks the stream applies."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from chalicelib.db.base import Entity, IntegerAttribute


class ImportJobItem(Entity, discriminator="ImportJob"):
    """Counts are only ever added in the transaction that marks a chunk done."""

    id = UnicodeAttribute()
    status = UnicodeAttribute()
    total_lines = IntegerAttribute()
    chunks = IntegerAttribute()
    processed_chunks = IntegerAttribute(default=0)
    processed_lines = IntegerAttribute(default=0)
    created = IntegerAttribute(default=0)
    updated = IntegerAttribute(default=0)
    errors = UnicodeAttribute(default="[]")
    truncated = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    finished_at = UnicodeAttribute(null=True)


class ImportChunkItem(Entity, discriminator="ImportChunk"):
    """Up to a few hundred well-formed CSV lines: `lines` is JSON [[line number, [cells]], ...]
    in the order of `columns`; emptied and left to expire once applied."""

    job_id = UnicodeAttribute()
    position = IntegerAttribute()
    state = UnicodeAttribute()
    columns = UnicodeAttribute()
    lines = UnicodeAttribute(null=True)
    line_count = IntegerAttribute()
