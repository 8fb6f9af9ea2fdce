"""A container reads a session and its user at most once per period (identity/access.py)."""

from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.identity import access
from chalicelib.identity.access import AccessCache

MANAGER = Principal("T1", "U1", "MANAGER", ("S1",), session_id="SESSION1")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Reader:
    def __init__(self, answer: Principal | None) -> None:
        self.answer = answer
        self.calls = 0

    def __call__(self) -> Principal | None:
        self.calls += 1
        return self.answer


def test_a_verdict_is_reused_until_its_period_ends() -> None:
    clock, read = Clock(), Reader(MANAGER)
    cache = AccessCache(clock)
    for _ in range(5):
        assert cache.principal("SESSION1", 60, read) == MANAGER
    clock.now += 59.9
    assert cache.principal("SESSION1", 60, read) == MANAGER and read.calls == 1
    clock.now += 0.2
    read.answer = None
    assert cache.principal("SESSION1", 60, read) is None and read.calls == 2
    assert cache.reads == 2


def test_a_token_issued_after_the_read_is_read_again_once() -> None:
    clock, read = Clock(), Reader(MANAGER)
    cache = AccessCache(clock)
    cache.principal("SESSION1", 60, read, ("first", 990))
    cache.principal("SESSION1", 60, read, ("earlier", 998))
    assert read.calls == 1
    for _ in range(3):
        cache.principal("SESSION1", 60, read, ("refreshed", 1000))
    assert read.calls == 2
    clock.now += 0.5
    cache.principal("SESSION1", 60, read, ("first", 990))
    cache.principal("SESSION1", 60, read, ("refreshed", 1000))
    assert read.calls == 2


def test_a_refusal_is_remembered_too() -> None:
    clock, read = Clock(), Reader(None)
    cache = AccessCache(clock)
    assert cache.principal("REVOKED", 60, read) is None
    assert cache.principal("REVOKED", 60, read) is None
    assert read.calls == 1


def test_a_period_of_zero_reads_every_time() -> None:
    read = Reader(MANAGER)
    cache = AccessCache(Clock())
    for _ in range(3):
        cache.principal("SESSION1", 0, read)
    assert read.calls == 3


def test_sessions_are_read_separately() -> None:
    read = Reader(MANAGER)
    cache = AccessCache(Clock())
    cache.principal("SESSION1", 60, read)
    cache.principal("SESSION2", 60, read)
    assert read.calls == 2


def test_the_cache_stays_bounded(monkeypatch) -> None:
    monkeypatch.setattr(access, "MAX_REMEMBERED", 3)
    clock, read = Clock(), Reader(MANAGER)
    cache = AccessCache(clock)
    for n in range(10):
        cache.principal(f"S{n}", 60, read)
        assert len(cache._verdicts) <= 3
