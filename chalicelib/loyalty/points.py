"""Loyalty arithmetic from plain values: points earned, reversed and restored, redemption rules,
and oldest-points-first without touching every earning at each redemption.

How points are kept (API.md, "Loyalty"; where it is silent, the choice is written here):
- Every credit (EARN, RESTORE, a positive ADJUST) is an `Earning` placed on one line of all the
  points the customer was ever credited: it covers `[cumulative_before, end)`. The customer
  keeps `points` (the ledger's balance) and `consumed`, how far along that line points have
  gone (redeemed, reversed, expired or adjusted away). Points are taken in credit order, so an
  earning holds `clamp(end - consumed, 0, points)` and a debit only moves `consumed`.
- Points expire in that same order: a credit never expires before an earlier credit that still
  holds points (`new_earning` gives it the later of its own date and that one's, "never"
  included). With a steady `expiry_days` this is exactly "each earning expires `expiry_days`
  after it"; after a change of the setting, new points live at least as long as the older ones
  still held.
- Points expire after their `expires_on` (usable through that date, tenant local). Until the
  daily job writes their EXPIRE entries they are held but not redeemable; any debit first
  writes the EXPIRE entries of what is past its date, so a debit only ever takes live points.
- REVERSE of a refunded sale is derived from the sale's own figures (issue 11's design note):
  `earned - floor((total - paid with LOYALTY - refunded) / earn_per_amount)`, never below 0,
  never more than was earned, `refunded` being what went back other than as points; each
  refund takes what that target adds to the previous one, and never more than the customer can
  still give (the rest is forgiven).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from chalicelib import errors

EARN, REDEEM, REVERSE, RESTORE, EXPIRE, ADJUST = (
    "EARN",
    "REDEEM",
    "REVERSE",
    "RESTORE",
    "EXPIRE",
    "ADJUST",
)
EXPIRING_WITHIN_DAYS = 90


class InsufficientPointsError(errors.DomainError):
    status, code, title = 409, "INSUFFICIENT_POINTS", "Insufficient points"


@dataclass(frozen=True)
class LoyaltyRules:
    enabled: bool
    earn_per_amount: int
    point_value: int
    min_redeem_points: int
    expiry_days: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LoyaltyRules:
        """From the tenant's `loyalty` setting (merged with its defaults)."""
        names = ("earn_per_amount", "point_value", "min_redeem_points", "expiry_days")
        return cls(bool(settings["enabled"]), *(int(settings[name]) for name in names))


@dataclass(frozen=True)
class Earning:
    """Points credited at once (EARN, RESTORE or a positive ADJUST); `expires_on` None: never."""

    cumulative_before: int
    points: int
    expires_on: date | None

    @property
    def end(self) -> int:
        return self.cumulative_before + self.points

    def held(self, consumed: int) -> int:
        """What is left of this earning once `consumed` points are gone, oldest first."""
        return min(self.points, max(self.end - consumed, 0))

    def past_date(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today


@dataclass(frozen=True)
class Wallet:
    """A customer's points: the ledger's balance and how many were taken from earnings."""

    points: int
    consumed: int

    @property
    def credited(self) -> int:
        return self.points + self.consumed


@dataclass(frozen=True)
class PointsEntry:
    type: str
    points: int
    balance_after: int
    expires_on: date | None = None


@dataclass(frozen=True)
class Credit:
    earning: Earning
    entry: PointsEntry
    wallet: Wallet


@dataclass(frozen=True)
class Debit:
    """EXPIRE entries for points past their date, then the debit's own entry (none for 0)."""

    entries: tuple[PointsEntry, ...]
    taken: int
    wallet: Wallet


def points_earned(total: int, paid_with_loyalty: int, earn_per_amount: int) -> int:
    return max(total - paid_with_loyalty, 0) // earn_per_amount


def reversal_target(
    earned: int, total: int, paid_with_loyalty: int, refunded: int, earn_per_amount: int
) -> int:
    """How many of a sale's earned points its refunds take back in all.

    `refunded` is what was refunded so far other than as points: a LOYALTY refund gives its
    points back (RESTORE) and leaves untouched what the rest of the sale earned.
    """
    kept = max(total - paid_with_loyalty - refunded, 0) // earn_per_amount
    return min(max(earned - kept, 0), earned)


def points_restored(refunded_loyalty_amount: int, point_value: int) -> int:
    """The points a refunded LOYALTY payment gives back."""
    return refunded_loyalty_amount // point_value


def redemption_points(amount: int, rules: LoyaltyRules) -> int:
    """The points a LOYALTY payment of `amount` redeems, or the 422 that refuses it."""
    if not rules.enabled:
        raise errors.ValidationError("Loyalty is not enabled for this shop.")
    if amount <= 0 or amount % rules.point_value:
        message = f"a positive multiple of {rules.point_value}"
        raise errors.ValidationError(
            f"A loyalty payment is {message}.", errors=[{"field": "amount", "message": message}]
        )
    points = amount // rules.point_value
    if points < rules.min_redeem_points:
        least = rules.min_redeem_points * rules.point_value
        raise errors.ValidationError(
            f"A loyalty payment redeems at least {rules.min_redeem_points} points.",
            errors=[{"field": "amount", "message": f"at least {least}"}],
        )
    return points


def own_expiry(credited_on: date, expiry_days: int) -> date | None:
    return None if expiry_days == 0 else credited_on + timedelta(days=expiry_days)


def new_earning(
    wallet: Wallet, latest: Earning | None, points: int, credited_on: date, expiry_days: int
) -> Earning:
    """The next earning after `latest` (the last one credited): it never expires before it."""
    expires_on = own_expiry(credited_on, expiry_days)
    if latest is not None and latest.held(wallet.consumed) > 0:
        expires_on = _later(expires_on, latest.expires_on)
    return Earning(wallet.credited, points, expires_on)


def _later(first: date | None, second: date | None) -> date | None:
    """The later of two expiry dates, None being never."""
    return None if first is None or second is None else max(first, second)


def credit(
    wallet: Wallet,
    latest: Earning | None,
    points: int,
    kind: str,
    credited_on: date,
    expiry_days: int,
) -> Credit:
    """EARN, RESTORE or a positive ADJUST of `points` (at least 1) credited on a local date."""
    earning = new_earning(wallet, latest, points, credited_on, expiry_days)
    after = Wallet(wallet.points + points, wallet.consumed)
    return Credit(earning, PointsEntry(kind, points, after.points, earning.expires_on), after)


def expired_parts(wallet: Wallet, earnings: Iterable[Earning], today: date) -> list[Earning]:
    """What each earning past its date still holds (as earnings of those points), oldest first."""
    parts = []
    for earning in sorted(earnings, key=lambda e: e.cumulative_before):
        held = earning.held(wallet.consumed)
        if held > 0 and earning.past_date(today):
            parts.append(Earning(earning.end - held, held, earning.expires_on))
    return parts


def redeemable(wallet: Wallet, earnings: Iterable[Earning], today: date) -> int:
    """Points that can be taken today: held, less what is past its date.

    `earnings` holds at least every earning that still holds points and is past its date.
    """
    return wallet.points - sum(part.points for part in expired_parts(wallet, earnings, today))


def expire(wallet: Wallet, earnings: Iterable[Earning], today: date) -> Debit:
    """The daily job: EXPIRE entries for the points past their date."""
    return _debit(wallet, list(earnings), today, 0, EXPIRE)


def redeem(wallet: Wallet, earnings: Iterable[Earning], today: date, points: int) -> Debit:
    """A LOYALTY payment's REDEEM, or 409 INSUFFICIENT_POINTS."""
    live = list(earnings)
    available = redeemable(wallet, live, today)
    if points > available:
        raise InsufficientPointsError(
            f"The customer holds {available} points that can be redeemed; {points} are needed."
        )
    return _debit(wallet, live, today, points, REDEEM)


def reverse(wallet: Wallet, earnings: Iterable[Earning], today: date, points: int) -> Debit:
    """A REVERSE of up to `points`: what the customer no longer holds is forgiven."""
    live = list(earnings)
    return _debit(wallet, live, today, min(points, redeemable(wallet, live, today)), REVERSE)


def adjust_down(wallet: Wallet, earnings: Iterable[Earning], today: date, points: int) -> Debit:
    """A negative ADJUST of `points`; never below 0 (422)."""
    live = list(earnings)
    available = redeemable(wallet, live, today)
    if points > available:
        raise errors.ValidationError(
            f"The customer holds {available} points; an adjustment cannot take {points}.",
            errors=[{"field": "points", "message": f"at least -{available}"}],
        )
    return _debit(wallet, live, today, points, ADJUST)


def _debit(wallet: Wallet, live: list[Earning], today: date, points: int, kind: str) -> Debit:
    entries = []
    balance, consumed = wallet.points, wallet.consumed
    for part in expired_parts(wallet, live, today):
        balance, consumed = balance - part.points, consumed + part.points
        entries.append(PointsEntry(EXPIRE, -part.points, balance, part.expires_on))
    if points:
        balance, consumed = balance - points, consumed + points
        entries.append(PointsEntry(kind, -points, balance))
    return Debit(tuple(entries), points, Wallet(balance, consumed))


def expiring(
    wallet: Wallet,
    earnings: Iterable[Earning],
    today: date,
    within_days: int = EXPIRING_WITHIN_DAYS,
) -> list[tuple[date, int]]:
    """The points that expire from today to `within_days` ahead, by date (`expiring`)."""
    live = list(earnings)
    gone = wallet.consumed + sum(part.points for part in expired_parts(wallet, live, today))
    horizon = today + timedelta(days=within_days)
    by_date: dict[date, int] = {}
    for earning in live:
        held = earning.held(gone)
        if held and earning.expires_on is not None and today <= earning.expires_on <= horizon:
            by_date[earning.expires_on] = by_date.get(earning.expires_on, 0) + held
    return sorted(by_date.items())
