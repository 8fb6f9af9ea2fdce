"""Periods of the lists over time buckets: bounded filter dates, clamped to the tenant's life."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib import periods
from chalicelib.clock import iso, now
from chalicelib.errors import ValidationError
from chalicelib.http import parse_model

SINCE = "2026-01-15T08:00:00Z"


def test_months_run_from_the_last_back_to_the_first() -> None:
    assert periods.months_between("2025-11-30T10:00:00Z", "2026-02-01T00:00:00Z") == [
        "2026-02",
        "2026-01",
        "2025-12",
        "2025-11",
    ]


def test_the_window_uses_the_tenants_local_days() -> None:
    period = periods.window(date(2026, 11, 21), date(2026, 11, 21), "Africa/Douala", SINCE)
    assert (period.start, period.end) == ("2026-11-20T23:00:00Z", "2026-11-21T22:59:59Z")


def test_the_window_starts_no_earlier_than_the_tenants_activity() -> None:
    period = periods.window(date(2000, 1, 1), None, "Africa/Douala", SINCE)
    assert period.start == SINCE
    assert period.months[-1] == "2026-01"


def test_the_window_ends_no_later_than_now() -> None:
    period = periods.window(None, date(2100, 12, 31), "Africa/Douala", SINCE)
    assert period.end <= iso(now())
    assert period.months[0] == iso(now())[:7]


def test_a_period_wholly_in_the_future_or_before_the_tenant_has_no_months() -> None:
    future = periods.window(date(2100, 1, 1), date(2100, 12, 31), "Africa/Douala", SINCE)
    past = periods.window(date(2000, 1, 1), date(2001, 1, 1), "Africa/Douala", SINCE)
    assert future.months == [] and past.months == []


class Query(periods.PeriodQuery):
    pass


@pytest.mark.parametrize(
    "params,field",
    [
        ({"from": "0999-12-31"}, "from"),
        ({"from": "1999-12-31"}, "from"),
        ({"from": "9999-12-31"}, "from"),
        ({"to": "2101-01-01"}, "to"),
        ({"from": "1700006400"}, "from"),
        ({"from": "20260101"}, "from"),
        ({"from": "2026-02-01", "to": "2026-01-31"}, "from"),
    ],
)
def test_filter_dates_outside_the_bounds_or_out_of_order_name_their_field(
    params: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_model(Query, params, location="query")
    assert [error["field"] for error in refused.value.errors or []] == [field]


def test_filter_dates_within_the_bounds_are_taken() -> None:
    query = parse_model(Query, {"from": "2000-01-01", "to": "2100-12-31"}, location="query")
    assert isinstance(query, Query)
    assert (query.from_, query.to) == (periods.FIRST_DAY, periods.LAST_DAY)
