"""Daily jobs at tenant-local times: the instant a local time is first passed, and the runs due
in a scheduler's window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib.scheduling import (
    DAILY_JOBS,
    DueRun,
    due_days,
    due_runs,
    first_passing,
    tick_window,
    zones_due,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_local_time_that_exists_is_passed_at_that_time() -> None:
    assert first_passing(date(2026, 6, 1), time(22, 0), "Africa/Douala") == utc(2026, 6, 1, 21)
    assert first_passing(date(2026, 6, 1), time(8, 0), "America/St_Johns") == utc(
        2026, 6, 1, 10, 30
    )
    assert first_passing(date(2026, 6, 1), time(0, 15), "Asia/Kathmandu") == utc(
        2026, 5, 31, 18, 30
    )


def test_a_local_time_the_clock_jumps_over_is_passed_when_the_jump_ends() -> None:
    assert first_passing(date(2026, 3, 29), time(2, 30), "Europe/Paris") == utc(2026, 3, 29, 1)
    assert first_passing(date(2026, 3, 8), time(2, 15), "America/St_Johns") == utc(
        2026, 3, 8, 5, 30
    )


def test_a_local_time_the_clock_goes_through_twice_is_passed_the_first_time() -> None:
    assert first_passing(date(2026, 10, 25), time(2, 30), "Europe/Paris") == utc(
        2026, 10, 25, 0, 30
    )
    assert first_passing(date(2026, 10, 25), time(3, 0), "Europe/Paris") == utc(2026, 10, 25, 2)


def test_a_day_the_zone_skips_has_no_run() -> None:
    assert first_passing(date(2011, 12, 30), time(1, 0), "Pacific/Apia") is None
    assert first_passing(date(2011, 12, 31), time(0, 0), "Pacific/Apia") == utc(2011, 12, 30, 10)


def test_the_window_leaves_out_its_start_and_holds_its_end() -> None:
    at = time(22, 0)  # 21:00 UTC in Douala
    assert due_days(at, "Africa/Douala", utc(2026, 6, 1, 20, 30), utc(2026, 6, 1, 21)) == [
        date(2026, 6, 1)
    ]
    assert due_days(at, "Africa/Douala", utc(2026, 6, 1, 21), utc(2026, 6, 1, 21, 30)) == []
    assert due_days(at, "Africa/Douala", utc(2026, 6, 1, 20), utc(2026, 6, 1, 20, 30)) == []


def test_a_job_just_before_midnight_runs_after_it_for_the_day_that_ended() -> None:
    at = time(23, 45)
    window = (utc(2026, 6, 1, 22, 30), utc(2026, 6, 1, 23))  # 23:30 to 00:00 local
    assert due_days(at, "Africa/Douala", *window) == [date(2026, 6, 1)]


def test_an_outage_is_made_up_for_at_most_two_days() -> None:
    until = utc(2026, 6, 10, 12)
    days = due_days(time(8, 0), "Africa/Douala", utc(2026, 6, 1), until)
    assert days == [date(2026, 6, 9), date(2026, 6, 10)]


def test_an_empty_or_backward_window_is_due_nothing() -> None:
    moment = utc(2026, 6, 1, 7)
    assert due_days(time(8, 0), "Africa/Douala", moment, moment) == []
    assert due_days(time(8, 0), "Africa/Douala", moment, moment - timedelta(hours=3)) == []


def test_a_window_without_its_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        due_days(time(8, 0), "Africa/Douala", datetime(2026, 6, 1), datetime(2026, 6, 2))


def test_runs_are_due_per_tenant_from_its_zone() -> None:
    zones = {"T1": "Africa/Douala", "T2": "Europe/Paris", "T3": "America/St_Johns"}
    runs = due_runs(zones, utc(2026, 6, 1, 20, 30), utc(2026, 6, 1, 21))
    assert runs == [
        DueRun("T1", "abnormal-discounts", date(2026, 6, 1)),
        DueRun("T2", "cash-variance", date(2026, 6, 1)),
    ]
    assert runs[0].marker_parts == ("T1", "abnormal-discounts", "2026-06-01")
    assert zones_due(set(zones.values()), utc(2026, 6, 1, 20, 30), utc(2026, 6, 1, 21)) == [
        "Africa/Douala",
        "Europe/Paris",
    ]


def test_every_daily_job_of_the_contract_has_its_local_time() -> None:
    contract = {
        "abnormal-discounts": time(22, 0),
        "cash-variance": time(23, 0),
        "overdue-credit": time(8, 0),
        "expiring-lots": time(0, 15),
        "loyalty-expiry": time(2, 0),
        "kpi-snapshot": time(1, 0),
    }
    assert dict(DAILY_JOBS) == contract


def test_a_late_start_covers_the_window_of_its_scheduled_tick() -> None:
    assert tick_window(utc(2026, 6, 1, 21, 0, 7)) == (utc(2026, 6, 1, 20, 30), utc(2026, 6, 1, 21))
    assert tick_window(utc(2026, 6, 1, 21, 29, 59)) == (
        utc(2026, 6, 1, 20, 30),
        utc(2026, 6, 1, 21),
    )
    assert tick_window(utc(2026, 6, 1, 21, 30), timedelta(hours=1)) == (
        utc(2026, 6, 1, 20),
        utc(2026, 6, 1, 21),
    )
    with pytest.raises(ValueError, match="positive"):
        tick_window(utc(2026, 6, 1), timedelta(0))
