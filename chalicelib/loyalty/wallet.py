"""Moves of a customer's points: credits (EARN, RESTORE, a positive ADJUST) and debits (REDEEM,
REVERSE, EXPIRE, a negative ADJUST), each one write built on one read (repository.move_points).

The arithmetic is points.py's; here a move reads the wallet (and, for a debit, the earnings
that may still hold points), asks points.py what it writes, and hands the write back. A debit
first expires what is past its date. Inside a payment's write those EXPIRE entries are merged
into one (REDEEM_ACTIONS stays fixed whatever the customer's history); the daily job writes
them earning by earning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from chalicelib import clock, errors, tenancy
from chalicelib.clock import iso, local_date, new_id
from chalicelib.effects import Effect
from chalicelib.loyalty import points
from chalicelib.loyalty import repository as repo
from chalicelib.loyalty.points import Debit, Earning, LoyaltyRules, PointsEntry, Wallet
from chalicelib.reads_repository import Reads

REDEEM_ACTIONS = 4
"""A redemption's part of the payment's write: an EXPIRE and a REDEEM entry put, the wallet
update and the customer's points."""
EXPIRY_BATCH = 90
"""Earnings the expiry job expires in one write (each is an EXPIRE entry put)."""


@dataclass(frozen=True)
class PointsWrite:
    """Entries about to be written, the points they leave, and the write's part."""

    entries: list[repo.Entry]
    points: int
    effect: Effect


def earning_of(stored: dict[str, Any] | None) -> Earning | None:
    """The latest earning as the wallet keeps it."""
    if not stored:
        return None
    expires_on = stored.get("expires_on")
    return Earning(
        int(stored["cumulative_before"]),
        int(stored["points"]),
        date.fromisoformat(expires_on) if expires_on else None,
    )


@dataclass(frozen=True)
class Held:
    """A customer's points as read: the stored wallet, its figures, the earnings read."""

    item: repo.WalletItem | None
    wallet: Wallet
    earnings: list[Earning]

    @property
    def latest(self) -> Earning | None:
        return earning_of(self.item.latest) if self.item is not None else None


def rules_of(tenant_id: str, reads: Reads | None = None) -> tuple[LoyaltyRules, date]:
    """The tenant's loyalty rules and its local today (from `reads` that wanted the tenant)."""
    found = tenancy.tenant_settings(tenant_id, reads)
    return LoyaltyRules.from_settings(found.loyalty), local_date(clock.now(), found.timezone)


def want_redeem(reads: Reads, tenant_id: str, customer_id: str | None) -> None:
    """Read the tenant's rules and the customer's wallet with a payment's other reads
    (`redeem_for_sale` takes them from there)."""
    tenancy.want_tenant(reads, tenant_id)
    if customer_id is not None:
        repo.want_wallet(reads, tenant_id, customer_id)


def read_held(
    tenant_id: str, customer_id: str, with_earnings: bool = True, reads: Reads | None = None
) -> Held:
    item = repo.wallet_of(tenant_id, customer_id, reads)
    wallet = Wallet(item.points, item.consumed) if item is not None else Wallet(0, 0)
    earnings = (
        repo.live_earnings(tenant_id, customer_id, wallet.consumed)
        if with_earnings and item is not None
        else []
    )
    return Held(item, wallet, earnings)


def oldest_expiry(earnings: list[Earning], consumed: int) -> date | None:
    """The date of the oldest points still held (credits expire in credit order)."""
    for earning in sorted(earnings, key=lambda e: e.cumulative_before):
        if earning.held(consumed) > 0:
            return earning.expires_on
    return None


def credit_move(
    tenant_id: str,
    customer_id: str,
    amount: int,
    kind: str,
    rules: LoyaltyRules,
    today: date,
    **fields: object,
) -> repo.PointsMove:
    """EARN, RESTORE or a positive ADJUST of `amount` points, credited today."""
    held = read_held(tenant_id, customer_id, with_earnings=False)
    credited = points.credit(held.wallet, held.latest, amount, kind, today, rules.expiry_days)
    latest = held.latest
    still_held = latest is not None and held.wallet.points > 0
    next_expiry = held.item.next_expiry if held.item is not None and still_held else None
    return repo.PointsMove(
        tenant_id,
        customer_id,
        held.item,
        [credited.entry],
        credited.wallet,
        earning=credited.earning,
        next_expiry=date.fromisoformat(next_expiry) if next_expiry else credited.earning.expires_on,
        **fields,  # type: ignore[arg-type]
    )


def debit_move(
    tenant_id: str,
    customer_id: str,
    take: Callable[[Held], Debit],
    reads: Reads | None = None,
    **fields: object,
) -> repo.PointsMove:
    """A debit `take` computes from the points held (EXPIRE entries first, then its own)."""
    held = read_held(tenant_id, customer_id, reads=reads)
    debit = take(held)
    return repo.PointsMove(
        tenant_id,
        customer_id,
        held.item,
        list(debit.entries),
        debit.wallet,
        next_expiry=oldest_expiry(held.earnings, debit.wallet.consumed),
        **fields,  # type: ignore[arg-type]
    )


def written(move: repo.PointsMove, actor: str | None) -> PointsWrite:
    entries, effect = repo.move_points(move, actor, iso(), new_id)
    return PointsWrite(entries, move.after.points, effect)


def merged_expiry(entries: list[PointsEntry]) -> list[PointsEntry]:
    """The EXPIRE entries before a debit as one entry (what a payment's write can hold)."""
    expired = [entry for entry in entries if entry.type == points.EXPIRE]
    if len(expired) <= 1:
        return entries
    merged = replace(
        expired[-1],
        points=sum(entry.points for entry in expired),
        expires_on=expired[-1].expires_on,
    )
    return [merged, *(entry for entry in entries if entry.type != points.EXPIRE)]


def redeem_for_sale(
    tenant_id: str,
    customer_id: str | None,
    sale_id: str,
    amount: int,
    actor: str,
    reads: Reads | None = None,
) -> PointsWrite:
    """A LOYALTY payment's REDEEM: 422 without a customer, with loyalty disabled, for an amount
    not a multiple of `point_value` or below `min_redeem_points`; 409 INSUFFICIENT_POINTS
    when the customer cannot give them; else its part of the payment's write, which holds only
    on condition the customer's points are still the ones read (`reads`: the payment's, that
    wanted `want_redeem`)."""
    if customer_id is None:
        raise errors.ValidationError(
            "A sale without a customer cannot be paid with points.",
            errors=[{"field": "method", "message": "the sale has no customer"}],
        )
    rules, today = rules_of(tenant_id, reads)
    wanted = points.redemption_points(amount, rules)
    move = debit_move(
        tenant_id,
        customer_id,
        lambda held: points.redeem(held.wallet, held.earnings, today, wanted),
        reads,
        sale_id=sale_id,
    )
    move.entries = merged_expiry(list(move.entries))
    read_revision = move.wallet.revision if move.wallet is not None else 0

    def refused() -> errors.DomainError:
        fresh = read_held(tenant_id, customer_id)
        revision = fresh.item.revision if fresh.item is not None else 0
        if revision == read_revision:
            try:
                points.redeem(fresh.wallet, fresh.earnings, today, wanted)
            except points.InsufficientPointsError as error:
                return error
        return repo.WalletMovedError("The customer's points changed while this payment ran.")

    move.refused = refused
    return written(move, actor)
