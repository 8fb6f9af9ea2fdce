"""Writes that lost a race to a concurrent one are rebuilt from fresh reads and tried again."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from types import TracebackType
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


class Attempt:
    """One try of a write: a lost race leaves the `with` block quietly unless it was the last
    try, so the loop around it tries again after a short random pause."""

    def __init__(self, number: int, last: bool) -> None:
        self.number = number
        self.last = last

    def __enter__(self) -> Attempt:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        if not isinstance(error, errors.ConflictError) or self.last or not is_lost_race(error):
            return False
        time.sleep(random.uniform(0, min(0.005 * 2**self.number, 0.1)))
        return True


def race_attempts(attempts: int = 10) -> Iterator[Attempt]:
    """The tries of a write that reads, builds and commits its own transaction:
    `for attempt in race_attempts(): with attempt: return write(...)`."""
    for number in range(attempts):
        yield Attempt(number, last=number == attempts - 1)


def retry_races(write: Callable[[], T], attempts: int = 10) -> T:
    """Run `write` until it wins (the same tries as `race_attempts`, for a closure)."""
    for attempt in race_attempts(attempts):
        with attempt:
            return write()
    raise AssertionError("unreachable: the last attempt re-raises")
