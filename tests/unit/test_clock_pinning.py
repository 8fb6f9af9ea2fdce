"""`clock.pinned_at` runs a block at a past instant and gives the real clock back afterwards."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import clock

PAST = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _reads_the_real_clock() -> bool:
    return abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_pinned_block_reads_the_instant_through_now_and_iso() -> None:
    with clock.pinned_at(PAST) as moment:
        assert moment == PAST
        assert clock.now() == PAST
        assert clock.iso() == "2026-01-15T09:30:00Z"
    assert _reads_the_real_clock()


def test_the_real_clock_comes_back_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), clock.pinned_at(PAST):
        raise RuntimeError("the block failed")
    assert _reads_the_real_clock()


def test_pinned_blocks_nest_and_unwind_in_order() -> None:
    later = PAST + timedelta(hours=2)
    with clock.pinned_at(PAST):
        with clock.pinned_at(later):
            assert clock.now() == later
        assert clock.now() == PAST


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"), clock.pinned_at(datetime(2026, 1, 15)):
        pass


def test_other_threads_keep_the_real_clock() -> None:
    seen: list[bool] = []
    with clock.pinned_at(PAST):
        other = threading.Thread(target=lambda: seen.append(_reads_the_real_clock()))
        other.start()
        other.join()
        assert clock.now() == PAST
    assert seen == [True]


def test_every_module_reads_the_time_through_the_clock_module() -> None:
    """`from chalicelib.clock import now` would keep whichever `now` was there when the module
    loaded (modules load on first use): a pinned or patched clock must reach every caller."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "chalicelib"
    bound = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module == "chalicelib.clock"
        and any(alias.name == "now" for alias in node.names)
    ]
    assert bound == []
