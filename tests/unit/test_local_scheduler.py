from __future__ import annotations

import logging
import threading
import types
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice import Chalice, Cron, Rate

from chalicelib.local.scheduler import (
    RateSchedule,
    ScheduledJob,
    Scheduler,
    parse_schedule,
    scheduled_jobs,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def next_fire(expression: Any, after: str) -> datetime | None:
    return parse_schedule(expression).next_after(at(after))


class FakeClock:
    def __init__(self, start: str) -> None:
        self.now = at(start)

    def __call__(self) -> datetime:
        return self.now


def job(name: str, handler: Any, period: timedelta = timedelta(minutes=5)) -> ScheduledJob:
    return ScheduledJob(name, handler, RateSchedule(period), f"arn:aws:events:::rule/{name}")


@pytest.mark.parametrize(
    ("expression", "period"),
    [
        (Rate(15, unit=Rate.MINUTES), timedelta(minutes=15)),
        (Rate(1, unit=Rate.HOURS), timedelta(hours=1)),
        (Rate(2, unit=Rate.DAYS), timedelta(days=2)),
        ("rate(1 minute)", timedelta(minutes=1)),
        ("rate(6 hours)", timedelta(hours=6)),
    ],
)
def test_rate_fires_one_period_after(expression: Any, period: timedelta) -> None:
    assert next_fire(expression, "2024-03-10T12:00:30") == at("2024-03-10T12:00:30") + period


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        (Cron(0, 12, "*", "*", "?", "*"), "2024-03-10T12:00:00", "2024-03-11T12:00:00"),
        (Cron(0, 12, "*", "*", "?", "*"), "2024-03-10T11:59:59", "2024-03-10T12:00:00"),
        ("cron(*/15 * * * ? *)", "2024-03-10T12:07:00", "2024-03-10T12:15:00"),
        ("cron(5/20 * * * ? *)", "2024-03-10T12:26:00", "2024-03-10T12:45:00"),
        ("cron(0 9 ? * MON-FRI *)", "2024-03-08T10:00:00", "2024-03-11T09:00:00"),
        ("cron(30 8 ? * 1 *)", "2024-03-10T09:00:00", "2024-03-17T08:30:00"),
        ("cron(0 0 31 * ? *)", "2024-04-01T00:00:00", "2024-05-31T00:00:00"),
        ("cron(0 0 29 FEB ? *)", "2024-03-01T00:00:00", "2028-02-29T00:00:00"),
        ("cron(0 6,18 1-3 * ? *)", "2024-03-01T07:00:00", "2024-03-01T18:00:00"),
        ("cron(0 0 1 JAN ? 2030)", "2024-03-10T00:00:00", "2030-01-01T00:00:00"),
        ("cron(59 23 31 12 ? *)", "2024-12-31T23:59:00", "2025-12-31T23:59:00"),
    ],
)
def test_cron_next_fire_time(expression: Any, after: str, expected: str) -> None:
    assert next_fire(expression, after) == at(expected)


def test_cron_whose_years_are_over_never_fires() -> None:
    assert next_fire("cron(0 0 1 1 ? 2020)", "2024-03-10T00:00:00") is None


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 0 1 * MON *)",
        "cron(0 0 L * ? *)",
        "cron(0 0 ? * 2#1 *)",
        "cron(60 0 * * ? *)",
        "cron(0 0 * * ?)",
        "rate(0 minutes)",
        "rate(5 weeks)",
        "every 5 minutes",
    ],
)
def test_unsupported_expressions_are_rejected(expression: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(expression)


def fake_app_module() -> types.ModuleType:
    module = types.ModuleType("fake_scheduled_app")
    app = Chalice(app_name="fakeshop")

    @app.schedule(Rate(15, unit=Rate.MINUTES), name="tenant-checks")
    def tenant_checks(event: Any) -> dict[str, Any]:
        return {"event": event.to_dict(), "rule": event.resources[0]}

    @app.schedule(Cron(0, 2, "*", "*", "?", "*"))
    def nightly(event: Any) -> str:
        return "nightly"

    module.app = app  # type: ignore[attr-defined]
    module.tenant_checks = tenant_checks  # type: ignore[attr-defined]
    module.nightly = nightly  # type: ignore[attr-defined]
    return module


def test_scheduled_jobs_are_found_in_the_app_event_sources() -> None:
    jobs = {j.name: j for j in scheduled_jobs(fake_app_module(), region="eu-west-3")}

    assert set(jobs) == {"tenant-checks", "nightly"}
    assert jobs["tenant-checks"].rule_arn.endswith(":rule/fakeshop-local-tenant-checks")
    assert jobs["tenant-checks"].rule_arn.startswith("arn:aws:events:eu-west-3:")
    assert jobs["nightly"].schedule.next_after(at("2024-01-01T03:00:00")) == at(
        "2024-01-02T02:00:00"
    )


def test_run_now_invokes_the_handler_with_a_scheduled_event() -> None:
    clock = FakeClock("2024-03-10T12:34:56")
    scheduler = Scheduler(scheduled_jobs(fake_app_module()), clock=clock)

    result = scheduler.run_now("tenant-checks")

    event = result["event"]
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["version"] == "0"
    assert event["time"] == "2024-03-10T12:34:56Z"
    assert event["detail"] == {}
    assert event["id"]
    assert result["rule"].endswith(":rule/fakeshop-local-tenant-checks")


def test_run_now_names_the_known_jobs_for_an_unknown_one() -> None:
    scheduler = Scheduler(scheduled_jobs(fake_app_module()))

    with pytest.raises(KeyError, match="nightly, tenant-checks"):
        scheduler.run_now("nope")


def test_due_jobs_run_and_a_failing_job_does_not_stop_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[str] = []

    def broken(event: dict[str, Any], context: Any) -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    def healthy(event: dict[str, Any], context: Any) -> str:
        calls.append("healthy")
        return "ok"

    clock = FakeClock("2024-03-10T12:00:00")
    scheduler = Scheduler([job("broken", broken), job("healthy", healthy)], clock=clock)
    scheduler.start()
    scheduler.stop()

    assert scheduler.run_due() == []
    clock.now += timedelta(minutes=5)
    with caplog.at_level(logging.ERROR, logger="comptoir.local.scheduler"):
        assert scheduler.run_due() == ["broken", "healthy"]

    assert calls == ["broken", "healthy"]
    assert "scheduled job broken failed" in caplog.text
    assert scheduler.next_fire_times()["healthy"] == at("2024-03-10T12:10:00")


def test_background_thread_keeps_firing_after_errors_and_stops() -> None:
    fired = threading.Event()
    calls: list[str] = []

    def flaky(event: dict[str, Any], context: Any) -> None:
        calls.append(event["time"])
        if len(calls) >= 3:
            fired.set()
        raise RuntimeError("always fails")

    scheduler = Scheduler([job("flaky", flaky, timedelta(milliseconds=10))])
    scheduler.start()
    try:
        assert fired.wait(5), "the job stopped firing after its first error"
    finally:
        scheduler.stop()

    count = len(calls)
    threading.Event().wait(0.05)
    assert len(calls) == count
