"""Reads that several domains need for one request, in one BatchGet: each domain's face names
the keys it wants (`want`), then takes its items from what was found (`item`, `live`). The
first `item` sends the read; a submit reads its tenant, store, counter and levels together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from chalicelib import errors
from chalicelib.db import batches, records
from chalicelib.db.base import Entity
from chalicelib.db.models.common import Record

ItemKey = tuple[str, str]
R = TypeVar("R", bound=Record)
E = TypeVar("E", bound=Entity)


class Reads:
    def __init__(self, *, consistent: bool = False) -> None:
        self.consistent = consistent
        self._wanted: list[ItemKey] = []
        self._found: dict[ItemKey, Any] | None = None

    def want(self, wanted: Iterable[ItemKey]) -> None:
        if self._found is not None:
            raise RuntimeError("These reads were already sent.")
        self._wanted += wanted

    def item(self, key: ItemKey) -> Any | None:
        """The item of a wanted key (None: it does not exist)."""
        if self._found is None:
            self._found = batches.read_together(self._wanted, consistent=self.consistent)
        return self._found.get(key)

    @staticmethod
    def find(reads: Reads | None, model: type[E], key: ItemKey) -> E | None:
        """The `model` item of `key` (None: missing or another kind): from `reads` that wanted
        it, else read alone, consistently."""
        found = reads.item(key) if reads is not None else records.find(model, *key)
        return found if isinstance(found, model) else None

    def live(self, model: type[R], key: ItemKey, *, what: str) -> R:
        """The record of a wanted key, or 404 when it is missing, soft-deleted or another kind."""
        found = self.item(key)
        if not isinstance(found, model) or found.deleted_at is not None:
            raise errors.NotFoundError(f"{what} not found.")
        return found
