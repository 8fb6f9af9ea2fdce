"""Instalment schedules: validation, where repayments, refunds and write-offs go, statuses."""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib.credit.schedule import (
    DUE,
    MAX_INSTALMENTS,
    NO_DUE_DATE,
    OVERDUE,
    PAID,
    Instalment,
    Schedule,
    account_figures,
    allocate_repayment,
    apply_refund,
    apply_write_off,
    earliest_unpaid_due,
    instalment_status,
    is_overdue,
    uncovered_balance,
    validate_schedule,
)
from chalicelib.money import MAX_AMOUNT

JAN = date(2026, 1, 1)


def days(n: int) -> date:
    return JAN + timedelta(days=n)


def plan(*amounts: int, start: int = 0, step: int = 30) -> tuple[Instalment, ...]:
    return tuple(Instalment(days(start + step * i), amount) for i, amount in enumerate(amounts))


def fields(problems: list[dict[str, str]]) -> list[str]:
    return [problem["field"] for problem in problems]


def amounts(schedule: Schedule) -> list[tuple[int, int]]:
    return [(i.amount, i.paid) for i in schedule.instalments]


# validation


def test_a_sale_schedule_adding_up_to_its_charge_is_valid() -> None:
    assert validate_schedule(plan(3000, 3000, 4000), uncovered=10000, sale_charged=10000) == []


def test_a_sale_schedule_must_add_up_to_what_the_sale_charged() -> None:
    problems = validate_schedule(plan(3000, 3000), uncovered=10000, sale_charged=10000)
    assert fields(problems) == ["installments"]
    assert "10000" in problems[0]["message"]


def test_a_schedule_covers_at_most_the_unscheduled_balance() -> None:
    assert validate_schedule(plan(2000, 2000), uncovered=4000) == []
    assert validate_schedule(plan(1000), uncovered=4000) == []
    problems = validate_schedule(plan(2000, 2001), uncovered=4000)
    assert fields(problems) == ["installments"] and "4000" in problems[0]["message"]


def test_a_sale_schedule_cannot_cover_more_than_is_still_unscheduled() -> None:
    problems = validate_schedule(plan(5000, 5000), uncovered=6000, sale_charged=10000)
    assert fields(problems) == ["installments"]


def test_a_schedule_holds_one_to_twenty_four_instalments() -> None:
    assert fields(validate_schedule((), uncovered=100)) == ["installments"]
    most = plan(*([1] * MAX_INSTALMENTS), step=1)
    assert validate_schedule(most, uncovered=MAX_INSTALMENTS) == []
    too_many = plan(*([1] * (MAX_INSTALMENTS + 1)), step=1)
    assert fields(validate_schedule(too_many, uncovered=100)) == ["installments"]


def test_each_amount_is_a_positive_valid_amount() -> None:
    problems = validate_schedule(plan(0, 5, -1), uncovered=100)
    assert fields(problems) == ["installments.0.amount", "installments.2.amount"]
    big = validate_schedule(plan(MAX_AMOUNT + 1), uncovered=MAX_AMOUNT + 1)
    assert fields(big) == ["installments.0.amount"]


def test_due_dates_strictly_increase() -> None:
    same_day = (Instalment(days(5), 10), Instalment(days(5), 10))
    assert fields(validate_schedule(same_day, uncovered=20)) == ["installments.1.due_date"]
    backwards = (Instalment(days(5), 10), Instalment(days(9), 10), Instalment(days(1), 10))
    assert fields(validate_schedule(backwards, uncovered=30)) == ["installments.2.due_date"]


def test_a_due_date_in_the_past_is_allowed() -> None:
    assert validate_schedule(plan(10, start=-400), uncovered=10) == []


def test_uncovered_balance_is_what_no_schedule_still_owes() -> None:
    schedule = Schedule("S1", (Instalment(days(1), 3000, 1000), Instalment(days(2), 2000)))
    assert uncovered_balance(9000, [schedule]) == 5000


# statuses and figures


def test_an_instalment_is_overdue_from_the_day_after_its_due_date() -> None:
    instalment = Instalment(days(10), 1000)
    assert instalment_status(instalment, days(9)) == DUE
    assert instalment_status(instalment, days(10)) == DUE
    assert instalment_status(instalment, days(11)) == OVERDUE


def test_a_partly_paid_instalment_stays_overdue_and_a_paid_one_is_paid() -> None:
    assert instalment_status(Instalment(days(10), 1000, 999), days(40)) == OVERDUE
    assert instalment_status(Instalment(days(10), 1000, 1000), days(40)) == PAID
    assert instalment_status(Instalment(days(10), 0), days(40)) == PAID


def test_account_figures_from_overdue_and_unpaid_instalments() -> None:
    first = Schedule("S1", (Instalment(days(0), 1000, 1000), Instalment(days(10), 1000, 400)))
    second = Schedule("S2", (Instalment(days(5), 500), Instalment(days(60), 500)))
    figures = account_figures([first, second], today=days(11))
    assert figures.overdue_amount == 600 + 500
    assert figures.overdue_since == days(6)  # the day after the oldest unpaid due date
    assert figures.next_due_date == days(5)  # in the past while overdue


def test_account_figures_before_anything_is_overdue() -> None:
    schedule = Schedule("S1", plan(1000, 1000, start=10))
    figures = account_figures([schedule], today=days(10))
    assert (figures.overdue_amount, figures.overdue_since, figures.next_due_date) == (
        0,
        None,
        days(10),
    )


def test_account_figures_when_everything_is_paid() -> None:
    schedule = Schedule("S1", (Instalment(days(1), 1000, 1000),))
    figures = account_figures([schedule], today=days(50))
    assert (figures.overdue_amount, figures.overdue_since, figures.next_due_date) == (0, None, None)


def test_the_earliest_unpaid_due_date_blocks_from_the_day_after() -> None:
    schedule = Schedule("S1", (Instalment(days(1), 10, 10), Instalment(days(3), 10)))
    earliest = earliest_unpaid_due([schedule])
    assert earliest == days(3).isoformat()
    assert not is_overdue(earliest, days(3))
    assert is_overdue(earliest, days(4))


def test_nothing_left_to_pay_never_blocks() -> None:
    assert earliest_unpaid_due([]) == NO_DUE_DATE
    assert not is_overdue(NO_DUE_DATE, date(2100, 12, 31))


# repayments


def test_a_repayment_settles_the_oldest_instalments_first_across_schedules() -> None:
    older = Schedule("01A", plan(1000, 1000, start=0, step=20))  # days 0 and 20
    newer = Schedule("01B", plan(1000, 1000, start=10, step=20))  # days 10 and 30
    settled = allocate_repayment([older, newer], 2500)
    assert [(a.schedule_id, a.due_date, a.amount) for a in settled.paid] == [
        ("01A", days(0), 1000),
        ("01B", days(10), 1000),
        ("01A", days(20), 500),
    ]
    assert settled.unallocated == 0
    assert amounts(settled.schedules[0]) == [(1000, 1000), (1000, 500)]
    assert amounts(settled.schedules[1]) == [(1000, 1000), (1000, 0)]


def test_same_due_dates_go_to_the_older_schedule_first() -> None:
    later = Schedule("01B", plan(500))
    earlier = Schedule("01A", plan(500))
    settled = allocate_repayment([later, earlier], 600)
    assert [(a.schedule_id, a.amount) for a in settled.paid] == [("01A", 500), ("01B", 100)]


def test_a_repayment_skips_paid_instalments_and_fills_partly_paid_ones() -> None:
    schedule = Schedule("S", (Instalment(days(0), 1000, 1000), Instalment(days(1), 1000, 300)))
    settled = allocate_repayment([schedule], 700)
    assert [(a.index, a.amount) for a in settled.paid] == [(1, 700)]
    assert amounts(settled.schedules[0]) == [(1000, 1000), (1000, 1000)]


def test_what_is_left_after_every_instalment_lowers_the_unscheduled_debt() -> None:
    schedule = Schedule("S", plan(1000))
    settled = allocate_repayment([schedule], 1500)
    assert [a.amount for a in settled.paid] == [1000]
    assert settled.unallocated == 500
    assert allocate_repayment([], 800).unallocated == 800


def test_early_repayment_goes_to_instalments_not_yet_due() -> None:
    settled = allocate_repayment([Schedule("S", plan(1000, 1000, start=100))], 1200)
    assert [(a.due_date, a.amount) for a in settled.paid] == [(days(100), 1000), (days(130), 200)]


# refunds and write-offs


def test_a_refund_lowers_the_sales_last_unpaid_instalments_first() -> None:
    sale = Schedule("01A", (Instalment(days(0), 3000, 3000), *plan(3000, 4000, start=30)), "SALE")
    other = Schedule("01B", plan(2000, start=5), "OTHER")
    settled = apply_refund([sale, other], "SALE", 5000)
    assert [(a.schedule_id, a.index, a.amount) for a in settled.lowered] == [
        ("01A", 2, 4000),
        ("01A", 1, 1000),
    ]
    assert settled.paid == () and settled.unallocated == 0
    assert amounts(settled.schedules[0]) == [(3000, 3000), (2000, 0), (0, 0)]
    assert amounts(settled.schedules[1]) == [(2000, 0)]


def test_a_refund_beyond_the_sales_unpaid_instalments_settles_the_others() -> None:
    sale = Schedule("01A", (Instalment(days(0), 3000, 3000), Instalment(days(30), 3000)), "SALE")
    other = Schedule("01B", plan(2000, 2000, start=5), "OTHER")
    settled = apply_refund([sale, other], "SALE", 4500)
    assert [a.amount for a in settled.lowered] == [3000]
    assert [(a.schedule_id, a.index, a.amount) for a in settled.paid] == [("01B", 0, 1500)]
    assert settled.unallocated == 0


def test_a_refund_of_an_unscheduled_sale_works_like_a_repayment() -> None:
    other = Schedule("01B", plan(2000, start=5), "OTHER")
    settled = apply_refund([other], "SALE", 2500)
    assert settled.lowered == ()
    assert [a.amount for a in settled.paid] == [2000]
    assert settled.unallocated == 500


def test_a_write_off_lowers_unscheduled_debt_then_the_last_instalments() -> None:
    first = Schedule("01A", plan(1000, 1000, start=0))  # days 0, 30
    second = Schedule("01B", plan(1000, start=40))
    settled = apply_write_off([first, second], balance=4000, amount=2500)
    assert settled.unallocated == 1000
    assert [(a.schedule_id, a.index, a.amount) for a in settled.lowered] == [
        ("01B", 0, 1000),
        ("01A", 1, 500),
    ]
    assert amounts(settled.schedules[0]) == [(1000, 0), (500, 0)]


def test_a_small_write_off_leaves_the_schedules_alone() -> None:
    schedule = Schedule("S", plan(1000))
    settled = apply_write_off([schedule], balance=3000, amount=2000)
    assert settled.unallocated == 2000 and settled.lowered == ()
    assert settled.schedules == (schedule,)
