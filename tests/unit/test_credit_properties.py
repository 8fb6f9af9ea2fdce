"""Property: whatever charges, repayments, refunds, adjustments and schedules come, the ledger
adds up to the balance, the balance stays within its rules, and instalments are never overpaid."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib import errors
from chalicelib.credit import entries
from chalicelib.credit.schedule import (
    Instalment,
    Schedule,
    Settlement,
    account_figures,
    allocate_repayment,
    apply_refund,
    apply_write_off,
    earliest_unpaid_due,
    is_overdue,
    unpaid_total,
    validate_schedule,
)

SALES = 4
amounts = st.integers(min_value=1, max_value=6000)
charges = st.tuples(st.just("charge"), st.integers(0, SALES - 1), amounts)
operations = st.one_of(
    charges,
    charges,
    st.tuples(st.just("repay"), amounts),
    st.tuples(st.just("refund"), st.integers(0, SALES - 1), amounts),
    st.tuples(st.just("adjust"), st.integers(-6000, 6000)),
    st.tuples(st.just("schedule"), st.integers(-1, SALES - 1), st.integers(1, 4)),
    st.tuples(st.just("limit"), st.integers(0, 20000)),
    st.tuples(st.just("days"), st.integers(0, 45)),
    st.tuples(st.just("suspend"), st.booleans()),
)


@dataclass
class Book:
    """The account as the storage layer would keep it, changed only through the pure rules."""

    account: entries.Account = field(default_factory=lambda: entries.Account(10000, 0))
    ledger: list[entries.Entry] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    charged: dict[str, int] = field(default_factory=dict)
    today: date = date(2026, 1, 1)

    def post(self, entry: entries.Entry, settlement: Settlement | None = None) -> None:
        self.ledger.append(entry)
        if settlement is not None:
            self.schedules = list(settlement.schedules)
        self.account = replace(
            self.account,
            balance=entry.balance_after,
            earliest_unpaid_due=earliest_unpaid_due(self.schedules),
        )


def charge(book: Book, sale: str, amount: int, block: bool) -> None:
    entry = entries.charge(book.account, amount, today=book.today, block_when_overdue=block)
    assert entry.balance_after <= book.account.credit_limit
    assert not (block and is_overdue(book.account.earliest_unpaid_due, book.today))
    book.charged[sale] = book.charged.get(sale, 0) + amount
    book.post(entry)


def repay(book: Book, amount: int) -> None:
    entry = entries.repayment(book.account, amount)
    due = unpaid_total(book.schedules)
    settled = allocate_repayment(book.schedules, amount)
    paid = sum(allocation.amount for allocation in settled.paid)
    assert paid == min(amount, due)  # up to what is scheduled ...
    assert paid + settled.unallocated == amount  # ... the rest lowers the unscheduled debt
    book.post(entry, settled)


def refund(book: Book, sale: str, amount: int) -> None:
    entry = entries.refund(book.account, amount, sale_charged=book.charged.get(sale, 0))
    settled = apply_refund(book.schedules, sale, amount)
    lowered = sum(allocation.amount for allocation in settled.lowered)
    assert lowered + sum(a.amount for a in settled.paid) + settled.unallocated == amount
    if lowered < amount:  # the sale's own instalments went first
        assert unpaid_total(s for s in settled.schedules if s.sale_id == sale) == 0
    book.charged[sale] -= amount
    book.post(entry, settled)


def adjust(book: Book, amount: int) -> None:
    entry = entries.adjustment(book.account, amount)
    if amount < 0:
        book.post(entry, apply_write_off(book.schedules, book.account.balance, -amount))
    else:
        book.post(entry)


def schedule(book: Book, sale_index: int, count: int) -> None:
    sale = None if sale_index < 0 else f"sale-{sale_index}"
    if sale is not None and any(s.sale_id == sale for s in book.schedules):
        return  # one schedule per sale (a marker in storage)
    uncovered = book.account.balance - unpaid_total(book.schedules)
    total = book.charged.get(sale, 0) if sale is not None else uncovered
    if total < count:
        return
    shares = [total // count] * count
    shares[-1] += total - sum(shares)
    plan = tuple(
        Instalment(book.today + timedelta(days=15 * (i - 1)), amount)
        for i, amount in enumerate(shares)
    )
    sale_charged = book.charged.get(sale, 0) if sale is not None else None
    if validate_schedule(plan, uncovered=uncovered, sale_charged=sale_charged):
        assert total > uncovered  # refused only because the balance is already covered
        return
    book.schedules.append(Schedule(f"01S{len(book.schedules):03d}", plan, sale))
    book.account = replace(book.account, earliest_unpaid_due=earliest_unpaid_due(book.schedules))


def apply(book: Book, operation: tuple, block: bool) -> None:
    kind, *args = operation
    if kind == "charge":
        charge(book, f"sale-{args[0]}", args[1], block)
    elif kind == "repay":
        repay(book, args[0])
    elif kind == "refund":
        refund(book, f"sale-{args[0]}", args[1])
    elif kind == "adjust":
        adjust(book, args[0])
    elif kind == "schedule":
        schedule(book, args[0], args[1])
    elif kind == "limit":
        book.account = replace(book.account, credit_limit=args[0])
    elif kind == "days":
        book.today += timedelta(days=args[0])
    else:
        book.account = replace(book.account, status="SUSPENDED" if args[0] else "ACTIVE")


def check(book: Book) -> None:
    running = 0
    for entry in book.ledger:
        running += entry.amount
        assert entry.balance_after == running
    assert running == book.account.balance >= 0
    assert unpaid_total(book.schedules) <= book.account.balance
    for plan in book.schedules:
        assert all(0 <= i.paid <= i.amount for i in plan.instalments)
    figures = account_figures(book.schedules, book.today)
    assert (figures.overdue_amount > 0) == is_overdue(book.account.earliest_unpaid_due, book.today)


@settings(max_examples=300, deadline=None)
@given(st.lists(operations, min_size=10, max_size=60), st.booleans())
def test_the_ledger_always_adds_up_and_instalments_hold(ops: list[tuple], block: bool) -> None:
    book = Book()
    for operation in ops:
        with suppress(errors.DomainError):  # refused: nothing was written
            apply(book, operation, block)
        check(book)
