"""Loyalty arithmetic: earning, reversal, restore, redemption rules, oldest points first, expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib import errors
from chalicelib.loyalty.points import (
    ADJUST,
    EXPIRE,
    REDEEM,
    RESTORE,
    REVERSE,
    Earning,
    InsufficientPointsError,
    LoyaltyRules,
    PointsEntry,
    Wallet,
    adjust_down,
    credit,
    expire,
    expiring,
    new_earning,
    own_expiry,
    points_earned,
    points_restored,
    redeem,
    redeemable,
    redemption_points,
    reversal_target,
    reverse,
)

DAY = date(2026, 1, 1)
RULES = LoyaltyRules(
    enabled=True, earn_per_amount=1000, point_value=10, min_redeem_points=0, expiry_days=365
)


def on(n: int) -> date:
    return DAY + timedelta(days=n)


def two_earnings() -> tuple[Wallet, list[Earning]]:
    """10 points expiring on day 10, then 5 expiring on day 20, none used yet."""
    return Wallet(15, 0), [Earning(0, 10, on(10)), Earning(10, 5, on(20))]


def test_points_are_earned_on_what_was_not_paid_with_points() -> None:
    assert points_earned(12500, 0, 1000) == 12
    assert points_earned(12500, 3000, 1000) == 9
    assert points_earned(999, 0, 1000) == 0
    assert points_earned(1000, 2000, 1000) == 0


def test_reversal_follows_what_the_sale_still_earns() -> None:
    # 10 000 paid, 10 points; two refunds of 1 500 each: 2 then 1 more (the sale keeps 7)
    assert reversal_target(10, 10000, 0, 1500, 1000) == 2
    assert reversal_target(10, 10000, 0, 3000, 1000) == 3
    assert reversal_target(10, 10000, 0, 10000, 1000) == 10


def test_reversal_counts_the_points_paid_part_out() -> None:
    # 10 000 of which 2 000 in points: 8 earned; a full refund takes back all 8, never more
    assert reversal_target(8, 10000, 2000, 10000, 1000) == 8
    assert reversal_target(8, 10000, 2000, 3000, 1000) == 3


def test_reversal_never_goes_below_zero_nor_above_what_was_earned() -> None:
    assert reversal_target(0, 10000, 0, 5000, 1000) == 0
    assert reversal_target(3, 10000, 0, 0, 1000) == 0  # no refund yet: 3 - 10 is below 0
    assert reversal_target(30, 10000, 0, 0, 1000) == 20  # earned more than the rule gives
    assert reversal_target(30, 10000, 0, 99999, 1000) == 30


def test_a_refunded_loyalty_payment_gives_its_points_back() -> None:
    assert points_restored(2000, 10) == 200
    assert points_restored(2005, 10) == 200


def test_rules_come_from_the_tenant_setting() -> None:
    setting = {
        "enabled": True,
        "earn_per_amount": 500,
        "point_value": 5,
        "min_redeem_points": 20,
        "expiry_days": 0,
    }
    assert LoyaltyRules.from_settings(setting) == LoyaltyRules(True, 500, 5, 20, 0)


def test_a_redemption_is_a_multiple_of_the_point_value() -> None:
    assert redemption_points(2000, RULES) == 200
    for amount in (2005, 0, -10):
        with pytest.raises(errors.ValidationError) as raised:
            redemption_points(amount, RULES)
        assert raised.value.errors == [{"field": "amount", "message": "a positive multiple of 10"}]


def test_a_redemption_redeems_at_least_the_minimum() -> None:
    rules = LoyaltyRules(True, 1000, 10, 50, 365)
    assert redemption_points(500, rules) == 50
    with pytest.raises(errors.ValidationError) as raised:
        redemption_points(490, rules)
    assert raised.value.errors == [{"field": "amount", "message": "at least 500"}]


def test_no_redemption_without_loyalty() -> None:
    with pytest.raises(errors.ValidationError):
        redemption_points(100, LoyaltyRules(False, 1000, 10, 0, 365))


def test_an_earning_expires_expiry_days_after_it_or_never() -> None:
    assert own_expiry(DAY, 365) == date(2027, 1, 1)
    assert own_expiry(DAY, 0) is None


def test_earnings_line_up_after_everything_credited() -> None:
    wallet = Wallet(points=7, consumed=5)
    earning = new_earning(wallet, Earning(0, 12, on(365)), 4, on(3), 365)
    assert earning == Earning(12, 4, on(368))


def test_a_new_earning_never_expires_before_an_older_one_still_held() -> None:
    wallet = Wallet(points=10, consumed=0)
    older = Earning(0, 10, on(365))
    assert new_earning(wallet, older, 5, on(10), 30).expires_on == on(365)
    assert new_earning(wallet, Earning(0, 10, None), 5, on(10), 30).expires_on is None
    assert new_earning(wallet, older, 5, on(10), 0).expires_on is None


def test_once_the_older_points_are_used_a_new_earning_keeps_its_own_date() -> None:
    wallet = Wallet(points=0, consumed=10)
    assert new_earning(wallet, Earning(0, 10, None), 5, on(10), 30).expires_on == on(40)
    assert new_earning(Wallet(0, 0), None, 5, on(10), 30) == Earning(0, 5, on(40))


def test_a_credit_adds_an_entry_and_an_earning() -> None:
    credited = credit(Wallet(3, 2), Earning(0, 5, on(100)), 4, RESTORE, on(1), 365)
    assert credited.entry == PointsEntry(RESTORE, 4, 7, on(366))
    assert credited.earning == Earning(5, 4, on(366))
    assert credited.wallet == Wallet(7, 2)


def test_points_can_be_redeemed_through_their_date_and_not_after() -> None:
    wallet, earnings = two_earnings()
    assert redeemable(wallet, earnings, on(10)) == 15
    assert redeemable(wallet, earnings, on(11)) == 5
    assert redeemable(wallet, earnings, on(21)) == 0


def test_a_redemption_takes_the_oldest_points_first() -> None:
    wallet, earnings = two_earnings()
    debit = redeem(wallet, earnings, on(5), 12)
    assert debit.entries == (PointsEntry(REDEEM, -12, 3),)
    assert debit.wallet == Wallet(3, 12)
    assert redeemable(debit.wallet, earnings, on(15)) == 3  # only the younger points are left


def test_a_redemption_first_expires_what_is_past_its_date() -> None:
    wallet, earnings = two_earnings()
    debit = redeem(wallet, earnings, on(11), 5)
    assert debit.entries == (PointsEntry(EXPIRE, -10, 5, on(10)), PointsEntry(REDEEM, -5, 0))
    assert debit.wallet == Wallet(0, 15)


def test_expired_points_cannot_be_redeemed_before_the_job_runs() -> None:
    wallet, earnings = two_earnings()
    with pytest.raises(InsufficientPointsError) as raised:
        redeem(wallet, earnings, on(11), 6)
    assert (raised.value.status, raised.value.code) == (409, "INSUFFICIENT_POINTS")


def test_a_reversal_takes_what_is_held_and_forgives_the_rest() -> None:
    wallet, earnings = two_earnings()
    debit = reverse(wallet, earnings, on(11), 8)
    assert debit.taken == 5
    assert debit.entries[-1] == PointsEntry(REVERSE, -5, 0)
    nothing = reverse(Wallet(0, 15), earnings, on(11), 3)
    assert (nothing.taken, nothing.entries) == (0, ())


def test_an_adjustment_never_takes_points_below_zero() -> None:
    wallet, earnings = two_earnings()
    assert adjust_down(wallet, earnings, on(1), 15).entries == (PointsEntry(ADJUST, -15, 0),)
    with pytest.raises(errors.ValidationError):
        adjust_down(wallet, earnings, on(11), 6)


def test_the_daily_job_expires_each_earning_past_its_date_once() -> None:
    wallet, earnings = two_earnings()
    used = redeem(wallet, earnings, on(2), 4).wallet
    job = expire(used, earnings, on(21))
    assert job.entries == (PointsEntry(EXPIRE, -6, 5, on(10)), PointsEntry(EXPIRE, -5, 0, on(20)))
    assert job.wallet == Wallet(0, 15)
    assert expire(job.wallet, earnings, on(22)).entries == ()


def test_expiring_lists_the_next_ninety_days_by_date() -> None:
    wallet = Wallet(20, 3)
    earnings = [
        Earning(0, 5, on(0)),  # past its date on day 1: not listed
        Earning(5, 5, on(1)),
        Earning(10, 4, on(91)),
        Earning(14, 2, on(91)),
        Earning(16, 3, on(92)),  # beyond 90 days
        Earning(19, 4, None),  # never
    ]
    assert expiring(wallet, earnings, on(1)) == [(on(1), 5), (on(91), 6)]


def test_expiring_leaves_out_what_was_used() -> None:
    wallet, earnings = two_earnings()
    used = redeem(wallet, earnings, on(0), 12).wallet
    assert expiring(used, earnings, on(0)) == [(on(20), 3)]
