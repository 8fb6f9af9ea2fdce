"""Which months the kpi-snapshot job clears of their marks: those that ended more than
JOURNAL_DAYS days before today, after the last one cleared, at most 13 in one run."""

from __future__ import annotations

from datetime import date

from chalicelib.reports.jobs import SETTLING_MONTHS, last_settled_month, months_between
from chalicelib.reports.rollups import JOURNAL_DAYS


def test_a_month_is_settled_once_it_ended_more_than_the_journal_days_ago() -> None:
    assert JOURNAL_DAYS == 3
    assert last_settled_month(date(2034, 9, 3)) == "2034-07"
    assert last_settled_month(date(2034, 9, 4)) == "2034-08"
    assert last_settled_month(date(2034, 1, 4)) == "2033-12"
    assert last_settled_month(date(2034, 1, 2)) == "2033-11"


def test_the_months_after_the_last_cleared_up_to_the_latest_settled() -> None:
    assert months_between("2034-07", "2034-08") == ["2034-08"]
    assert months_between("2034-08", "2034-08") == []
    assert months_between("2033-11", "2034-02") == ["2033-12", "2034-01", "2034-02"]


def test_a_run_clears_at_most_the_last_thirteen_months() -> None:
    months = months_between("2020-01", "2034-08")
    assert len(months) == SETTLING_MONTHS == 13
    assert (months[0], months[-1]) == ("2033-08", "2034-08")
