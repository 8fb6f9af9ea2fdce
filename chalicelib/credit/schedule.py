"""Instalment schedules of a credit account, from plain values: which schedules are valid, where a
repayment, a refund or a write-off goes, each instalment's status and the account's figures.

Rules (API.md, "Selling on credit"; where it is silent, the choice is written here):
- The instalments of all the account's schedules are settled in one order: due date, then the
  older schedule (ids are ULIDs, so they sort by creation), then the schedule's own order.
- A repayment pays the oldest unpaid instalment first, whether already due or not; what is
  left once every instalment is paid lowers the part of the balance no schedule covers
  (`unallocated`). A repayment is never above the balance, so that part never goes below 0.
- A REFUND of a sale paid on credit lowers that sale's last unpaid instalments first (their
  `amount` shrinks: that debt is gone); what is left settles the other instalments like a
  repayment, then lowers the part no schedule covers.
- A write-off (a negative ADJUSTMENT) lowers the part no schedule covers first, then the last
  unpaid instalments of every schedule.
- So at all times the instalments' unpaid amounts add up to at most the balance.
- An instalment is PAID once fully paid, OVERDUE from the day after its due date (the tenant's
  local date) while it is not, DUE otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from chalicelib.money import MAX_AMOUNT

MAX_INSTALMENTS = 24
DUE, PAID, OVERDUE = "DUE", "PAID", "OVERDUE"
NO_DUE_DATE = "9999-12-31"
"""The stored earliest unpaid due date of an account with nothing scheduled left to pay: later
than any `today`, so a condition `earliest_unpaid_due >= :today` needs no existence test."""


@dataclass(frozen=True)
class Instalment:
    due_date: date
    amount: int
    paid: int = 0

    @property
    def unpaid(self) -> int:
        return self.amount - self.paid


@dataclass(frozen=True)
class Schedule:
    id: str
    instalments: tuple[Instalment, ...]
    sale_id: str | None = None


@dataclass(frozen=True)
class Allocation:
    """An amount that went to one instalment (paid into it, or taken off its amount)."""

    schedule_id: str
    index: int
    due_date: date
    amount: int


@dataclass(frozen=True)
class Settlement:
    """The schedules after a repayment, refund or write-off, and where the money went."""

    schedules: tuple[Schedule, ...]
    paid: tuple[Allocation, ...]
    lowered: tuple[Allocation, ...]
    unallocated: int


@dataclass(frozen=True)
class AccountFigures:
    overdue_amount: int
    overdue_since: date | None
    next_due_date: date | None


def validate_schedule(
    instalments: Sequence[Instalment], *, uncovered: int, sale_charged: int | None = None
) -> list[dict[str, str]]:
    """The problems of a new schedule, as field errors (none: it is valid).

    `uncovered` is the part of the balance no schedule covers yet; `sale_charged` what the
    schedule's sale still owes the account (charged less refunded), None without a sale.
    """
    problems = _shape_problems(instalments)
    if problems:
        return problems
    total = sum(instalment.amount for instalment in instalments)
    if sale_charged is not None and total != sale_charged:
        message = f"the instalments add up to {total}; the sale charged {sale_charged}"
        problems.append({"field": "installments", "message": message})
    if total > uncovered:
        message = f"at most {uncovered}, the part of the balance no schedule covers yet"
        problems.append({"field": "installments", "message": message})
    return problems


def _shape_problems(instalments: Sequence[Instalment]) -> list[dict[str, str]]:
    if not 1 <= len(instalments) <= MAX_INSTALMENTS:
        message = f"between 1 and {MAX_INSTALMENTS} instalments"
        return [{"field": "installments", "message": message}]
    problems = []
    for index, instalment in enumerate(instalments):
        if not 1 <= instalment.amount <= MAX_AMOUNT:
            message = f"between 1 and {MAX_AMOUNT}"
            problems.append({"field": f"installments.{index}.amount", "message": message})
        if index and instalment.due_date <= instalments[index - 1].due_date:
            message = "must be after the previous instalment's due date"
            problems.append({"field": f"installments.{index}.due_date", "message": message})
    return problems


def unpaid_total(schedules: Iterable[Schedule]) -> int:
    return sum(instalment.unpaid for schedule in schedules for instalment in schedule.instalments)


def uncovered_balance(balance: int, schedules: Iterable[Schedule]) -> int:
    """The part of the balance no schedule covers (debts a new schedule may still take)."""
    return balance - unpaid_total(schedules)


def instalment_status(instalment: Instalment, today: date) -> str:
    if instalment.unpaid <= 0:
        return PAID
    return OVERDUE if today > instalment.due_date else DUE


def account_figures(schedules: Iterable[Schedule], today: date) -> AccountFigures:
    """`overdue_amount`, `overdue_since` and `next_due_date` of the account on `today`."""
    unpaid = [i for schedule in schedules for i in schedule.instalments if i.unpaid > 0]
    overdue = [i for i in unpaid if instalment_status(i, today) == OVERDUE]
    oldest_overdue = min((i.due_date for i in overdue), default=None)
    return AccountFigures(
        overdue_amount=sum(i.unpaid for i in overdue),
        overdue_since=None if oldest_overdue is None else oldest_overdue + timedelta(days=1),
        next_due_date=min((i.due_date for i in unpaid), default=None),
    )


def earliest_unpaid_due(schedules: Iterable[Schedule]) -> str:
    """The account attribute a charge's condition compares with today: ISO date or NO_DUE_DATE."""
    dates = [i.due_date for s in schedules for i in s.instalments if i.unpaid > 0]
    return min(dates).isoformat() if dates else NO_DUE_DATE


def is_overdue(earliest_due: str, today: date) -> bool:
    """True when an instalment is past due: the charge's condition is the opposite,
    `earliest_unpaid_due >= :today` (ISO dates compare as strings)."""
    return earliest_due < today.isoformat()


def allocate_repayment(schedules: Sequence[Schedule], amount: int) -> Settlement:
    """Pay `amount` into the oldest unpaid instalments first, across every schedule."""
    book = _Book(schedules)
    paid = book.pay(amount)
    return book.settlement(paid=paid, lowered=[], unallocated=amount - _sum(paid))


def apply_refund(schedules: Sequence[Schedule], sale_id: str, amount: int) -> Settlement:
    """A REFUND of `amount` on a credit sale: its last unpaid instalments shrink first."""
    book = _Book(schedules)
    lowered = book.lower(amount, sale_id=sale_id)
    paid = book.pay(amount - _sum(lowered))
    return book.settlement(paid=paid, lowered=lowered, unallocated=amount - _sum(lowered + paid))


def apply_write_off(schedules: Sequence[Schedule], balance: int, amount: int) -> Settlement:
    """A decrease of `amount` (a negative ADJUSTMENT): the unscheduled debt goes first."""
    book = _Book(schedules)
    unscheduled = min(amount, max(uncovered_balance(balance, schedules), 0))
    lowered = book.lower(amount - unscheduled)
    return book.settlement(paid=[], lowered=lowered, unallocated=unscheduled)


def _sum(allocations: Iterable[Allocation]) -> int:
    return sum(allocation.amount for allocation in allocations)


class _Book:
    """The instalments of an account in settlement order, changed in place while settling."""

    def __init__(self, schedules: Sequence[Schedule]) -> None:
        self._schedules = list(schedules)
        self._instalments = {s.id: list(s.instalments) for s in self._schedules}
        self._sale = {s.id: s.sale_id for s in self._schedules}
        self._order = sorted(
            (instalment.due_date, schedule.id, index)
            for schedule in self._schedules
            for index, instalment in enumerate(schedule.instalments)
        )

    def pay(self, amount: int) -> list[Allocation]:
        """Oldest first: each instalment gets at most what it still lacks."""
        return self._take(amount, self._order, paying=True)

    def lower(self, amount: int, *, sale_id: str | None = None) -> list[Allocation]:
        """Latest first (only the sale's schedule when named): amounts shrink by what is unpaid."""
        order = [p for p in reversed(self._order) if sale_id is None or self._sale[p[1]] == sale_id]
        return self._take(amount, order, paying=False)

    def _take(
        self, amount: int, order: Iterable[tuple[date, str, int]], *, paying: bool
    ) -> list[Allocation]:
        allocations = []
        for due_date, schedule_id, index in order:
            if amount <= 0:
                break
            instalment = self._instalments[schedule_id][index]
            share = min(amount, instalment.unpaid)
            if share <= 0:
                continue
            changed = (
                replace(instalment, paid=instalment.paid + share)
                if paying
                else replace(instalment, amount=instalment.amount - share)
            )
            self._instalments[schedule_id][index] = changed
            allocations.append(Allocation(schedule_id, index, due_date, share))
            amount -= share
        return allocations

    def settlement(
        self, *, paid: list[Allocation], lowered: list[Allocation], unallocated: int
    ) -> Settlement:
        schedules = tuple(
            replace(s, instalments=tuple(self._instalments[s.id])) for s in self._schedules
        )
        return Settlement(schedules, tuple(paid), tuple(lowered), unallocated)
