"""Writes that lost a race to a concurrent one are rebuilt from fresh reads and tried again."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from chalicelib import errors
from chalicelib.db.failures import is_transaction_conflict

T = TypeVar("T")


class LostRaceError(errors.ConflictError):
    """A concurrent write changed what this one was built on: read again and rebuild."""


def is_lost_race(error: errors.DomainError) -> bool:
    """Worth retrying: a condition on what was read failed, or DynamoDB cancelled a write
    that conflicted with another transaction."""
    if isinstance(error, LostRaceError):
        return True
    return error.__cause__ is not None and is_transaction_conflict(error.__cause__)


def retry_races(write: Callable[[], T], attempts: int = 10) -> T:
    """Run `write` (which reads, builds and commits its own transaction) until it wins."""
    for attempt in range(attempts):
        try:
            return write()
        except errors.ConflictError as error:
            if attempt == attempts - 1 or not is_lost_race(error):
                raise
            time.sleep(random.uniform(0, min(0.005 * 2**attempt, 0.1)))
    raise AssertionError("unreachable")
