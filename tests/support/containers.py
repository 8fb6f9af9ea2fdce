"""What a container creates and sends: botocore sessions and clients, and the DynamoDB requests,
counted while a block runs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class Creations:
    clients: int = 0
    sessions: int = 0
    seconds: float = 0.0


@contextmanager
def counted_creations() -> Iterator[Creations]:
    """Counts botocore's `create_client` and `Session()` calls while the block runs."""
    import botocore.session

    made = Creations()
    cls = botocore.session.Session
    original_client, original_init = cls.create_client, cls.__init__

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_client(self, *args, **kwargs)
        finally:
            made.clients += 1
            made.seconds += time.perf_counter() - started

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        made.sessions += 1
        original_init(self, *args, **kwargs)

    cls.create_client, cls.__init__ = create_client, init  # type: ignore[method-assign]
    try:
        yield made
    finally:
        cls.create_client, cls.__init__ = original_client, original_init  # type: ignore[method-assign]


@contextmanager
def sent_requests(mark: str = "") -> Iterator[list[tuple[str, bool]]]:
    """(operation, its parameters hold `mark`) of every request botocore sends while the block
    runs (the idempotency layer's records hold theirs)."""
    from botocore.client import BaseClient

    calls: list[tuple[str, bool]] = []
    original = BaseClient._make_api_call

    def counted(self: Any, operation: str, params: dict[str, Any]) -> Any:
        calls.append((operation, bool(mark) and mark in json.dumps(params, default=str)))
        return original(self, operation, params)

    BaseClient._make_api_call = counted  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]


def new_container() -> None:
    """Forget every connection and client the process holds, as a fresh container has none."""
    from chalicelib.db import base
    from chalicelib.identity.access import CACHE

    pending = [base.Entity]
    while pending:
        model = pending.pop()
        model._connection = None
        pending.extend(model.__subclasses__())
    base.forget_connection()
    CACHE.clear()
