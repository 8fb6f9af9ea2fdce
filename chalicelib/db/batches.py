"""Many items in one call: BatchGetItem by key, BatchWriteItem for records with fresh ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from chalicelib.db.base import Entity
from chalicelib.db.records import R, stamp_new

E = TypeVar("E", bound=Entity)


def batch_get(model: type[E], wanted: Iterable[tuple[str, str]]) -> list[E]:
    """The items of these keys that exist (PynamoDB asks for them 100 per call)."""
    unique = list(dict.fromkeys(wanted))
    if not unique:
        return []
    return list(model.batch_get(unique))


def read_together(wanted: Iterable[tuple[str, str]], *, consistent: bool) -> dict[Any, Entity]:
    """Items of any kinds by key, in one BatchGet per 100 keys; missing ones are absent."""
    unique = list(dict.fromkeys(wanted))
    found = Entity.batch_get(unique, consistent_read=consistent) if unique else []
    return {(item.pk, item.sk): item for item in found}


def put_new(items: Iterable[R], actor: str | None) -> None:
    """Records with fresh ids (an import): no condition to hold, so one batch write."""
    with Entity.batch_write() as batch:
        for item in items:
            batch.save(stamp_new(item, actor))
