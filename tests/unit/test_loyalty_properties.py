"""Property: any interleaving of earnings (replayed too), redemptions, refunds, adjustments,
expiries, setting changes and days passing keeps the ledger equal to the customer's points,
never below 0, and never lets a point past its date be redeemed.

The reference keeps every credit as an explicit lot and spends the earliest-expiring live lot
first; the module under test keeps one `consumed` counter. They must agree at every step."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib import errors
from chalicelib.loyalty import points as loyalty
from chalicelib.loyalty.points import Debit, Earning, PointsEntry, Wallet

EARN_PER_AMOUNT, POINT_VALUE = 1000, 10

operations = st.one_of(
    st.tuples(st.just("sale"), st.integers(0, 30000), st.integers(0, 1500)),
    st.tuples(st.just("replay"), st.integers(0, 100)),
    st.tuples(st.just("refund"), st.integers(0, 100), st.integers(1, 30000), st.booleans()),
    st.tuples(st.just("adjust"), st.integers(-40, 40).filter(bool)),
    st.tuples(st.just("days"), st.integers(0, 12)),
    st.tuples(st.just("expire")),
    st.tuples(st.just("setting"), st.sampled_from([0, 3, 10, 365])),
)


@dataclass
class Sale:
    total: int
    paid_with_points: int
    earned: int = 0
    reversed_target: int = 0
    refunded_other: int = 0
    refunded_points: int = 0


@dataclass
class Reference:
    """Every credit as a lot [points left, expires_on], spent earliest-expiring first."""

    lots: list[list] = field(default_factory=list)

    def live(self, today: date) -> list[list]:
        alive = [lot for lot in self.lots if lot[0] and (lot[1] is None or lot[1] >= today)]
        return sorted(alive, key=lambda lot: lot[1] or date.max)  # stable: credit order on ties

    def redeemable(self, today: date) -> int:
        return sum(lot[0] for lot in self.live(today))

    def held(self) -> int:
        return sum(lot[0] for lot in self.lots)

    def take(self, points: int, today: date) -> None:
        for lot in self.lots:
            if lot[1] is not None and lot[1] < today:
                lot[0] = 0
        for lot in self.live(today):
            share = min(points, lot[0])
            lot[0], points = lot[0] - share, points - share
        assert points == 0


@dataclass
class Customer:
    wallet: Wallet = field(default_factory=lambda: Wallet(0, 0))
    earnings: list[Earning] = field(default_factory=list)
    ledger: list[PointsEntry] = field(default_factory=list)
    markers: set[int] = field(default_factory=set)  # the EARN marker, keyed by the sale
    sales: list[Sale] = field(default_factory=list)
    reference: Reference = field(default_factory=Reference)
    today: date = date(2026, 1, 1)
    expiry_days: int = 10

    def credit(self, points: int, kind: str) -> None:
        latest = self.earnings[-1] if self.earnings else None
        done = loyalty.credit(self.wallet, latest, points, kind, self.today, self.expiry_days)
        self.earnings.append(done.earning)
        self.ledger.append(done.entry)
        self.wallet = done.wallet
        self.reference.lots.append([points, done.earning.expires_on])

    def debit(self, debit: Debit) -> None:
        self.reference.take(debit.taken, self.today)
        self.ledger.extend(debit.entries)
        self.wallet = debit.wallet


def sell(customer: Customer, total: int, wanted_points: int) -> None:
    rules = loyalty.LoyaltyRules(True, EARN_PER_AMOUNT, POINT_VALUE, 0, customer.expiry_days)
    paid_with_points = min(wanted_points * POINT_VALUE, total // POINT_VALUE * POINT_VALUE)
    if paid_with_points:
        points = loyalty.redemption_points(paid_with_points, rules)
        allowed = customer.reference.redeemable(customer.today)
        try:
            redeemed = loyalty.redeem(customer.wallet, customer.earnings, customer.today, points)
        except loyalty.InsufficientPointsError:
            assert points > allowed
            paid_with_points = 0
        else:
            assert points <= allowed  # never a point past its date
            customer.debit(redeemed)
    customer.sales.append(Sale(total, paid_with_points))
    earn(customer, len(customer.sales) - 1)


def earn(customer: Customer, sale_index: int) -> None:
    """The stream's EARN: the marker is written with the points, so a replay does nothing."""
    if sale_index in customer.markers:
        return
    customer.markers.add(sale_index)
    sale = customer.sales[sale_index]
    sale.earned = loyalty.points_earned(sale.total, sale.paid_with_points, EARN_PER_AMOUNT)
    if sale.earned:
        customer.credit(sale.earned, loyalty.EARN)


def refund(customer: Customer, sale: Sale, amount: int, as_points: bool) -> None:
    left = sale.total - sale.refunded_other - sale.refunded_points
    if as_points:
        amount = min(amount, sale.paid_with_points - sale.refunded_points, left)
        sale.refunded_points += amount
        restored = loyalty.points_restored(amount, POINT_VALUE)
        if restored:
            customer.credit(restored, loyalty.RESTORE)
        return
    sale.refunded_other += min(amount, left)
    target = loyalty.reversal_target(
        sale.earned, sale.total, sale.paid_with_points, sale.refunded_other, EARN_PER_AMOUNT
    )
    assert sale.reversed_target <= target <= sale.earned
    due, sale.reversed_target = target - sale.reversed_target, target
    if due:
        taken = loyalty.reverse(customer.wallet, customer.earnings, customer.today, due)
        assert taken.taken == min(due, customer.reference.redeemable(customer.today))
        customer.debit(taken)


def adjust(customer: Customer, points: int) -> None:
    if points > 0:
        customer.credit(points, loyalty.ADJUST)
        return
    allowed = customer.reference.redeemable(customer.today)
    try:
        debit = loyalty.adjust_down(customer.wallet, customer.earnings, customer.today, -points)
    except errors.ValidationError:
        assert -points > allowed
        raise
    customer.debit(debit)


def apply(customer: Customer, operation: tuple) -> None:
    kind, *args = operation
    if kind == "sale":
        sell(customer, args[0], args[1])
    elif kind == "replay" and customer.sales:
        ledger_before = list(customer.ledger)
        earn(customer, args[0] % len(customer.sales))
        assert customer.ledger == ledger_before
    elif kind == "refund" and customer.sales:
        refund(customer, customer.sales[args[0] % len(customer.sales)], args[1], args[2])
    elif kind == "adjust":
        adjust(customer, args[0])
    elif kind == "days":
        customer.today += timedelta(days=args[0])
    elif kind == "expire":
        customer.debit(loyalty.expire(customer.wallet, customer.earnings, customer.today))
    elif kind == "setting":
        customer.expiry_days = args[0]


def check(customer: Customer) -> None:
    running = 0
    for entry in customer.ledger:
        running += entry.points
        assert entry.balance_after == running >= 0
    wallet, today = customer.wallet, customer.today
    assert running == wallet.points == customer.reference.held()
    assert wallet.credited == sum(earning.points for earning in customer.earnings)
    assert loyalty.redeemable(wallet, customer.earnings, today) == customer.reference.redeemable(
        today
    )
    expected: dict[date, int] = {}
    for left, expires_on in customer.reference.live(today):
        if expires_on is not None and expires_on <= today + timedelta(days=90):
            expected[expires_on] = expected.get(expires_on, 0) + left
    assert loyalty.expiring(wallet, customer.earnings, today) == sorted(expected.items())


@settings(max_examples=300, deadline=None)
@given(st.lists(operations, min_size=10, max_size=60))
def test_points_add_up_never_go_negative_and_never_outlive_their_date(ops: list[tuple]) -> None:
    customer = Customer()
    for operation in ops:
        with suppress(errors.ValidationError):  # an adjustment refused: nothing was written
            apply(customer, operation)
        check(customer)


@settings(max_examples=100, deadline=None)
@given(st.lists(operations, min_size=5, max_size=40))
def test_replaying_every_earning_changes_nothing(ops: list[tuple]) -> None:
    customer = Customer()
    for operation in ops:
        with suppress(errors.ValidationError):
            apply(customer, operation)
    ledger, wallet = list(customer.ledger), customer.wallet
    for index in range(len(customer.sales)):
        earn(customer, index)
    assert (customer.ledger, customer.wallet) == (ledger, wallet)
