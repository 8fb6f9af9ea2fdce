"""Loyalty's part of the stream: points earned when a sale with a customer becomes PAID,
taken back (REVERSE) and given back (RESTORE) as it is refunded, all derived from the sale
item's own records (one partition, delivered in order), so EARN and REVERSE never race.

Each sale has a marker in its customer's points partition holding what it earned, had
reversed and restored, written in the same transaction as the points and on condition of the
values read: a record delivered again finds its targets reached and writes nothing, so a sale
earns exactly once however often the stream delivers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.changes import Change
from chalicelib.loyalty import points
from chalicelib.loyalty import repository as repo
from chalicelib.loyalty.wallet import credit_move, debit_move, rules_of, written
from chalicelib.retries import retry_races

SETTLED = frozenset({"PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CANCELLED"})


@dataclass(frozen=True)
class SaleFigures:
    """What a sale record says about its points: its total, what was paid and refunded with
    points, what was refunded in all, and whether this record is the one making it PAID."""

    tenant_id: str
    customer_id: str
    sale_id: str
    total: int
    loyalty_paid: int
    refunded: int
    loyalty_refunded: int
    becomes_paid: bool


def _figures(change: Change) -> SaleFigures | None:
    new = change.new or {}
    old = change.old or {}
    if not new.get("customer_id") or new.get("status") not in SETTLED:
        return None
    watched = ("status", "refunded_total", "loyalty_refunded")
    if change.old is not None and all(old.get(name) == new.get(name) for name in watched):
        return None

    def number(image: Mapping[str, Any], name: str) -> int:
        return int(image.get(name) or 0)

    return SaleFigures(
        tenant_id=str(new["tenant_id"]),
        customer_id=str(new["customer_id"]),
        sale_id=str(new["id"]),
        total=number(new, "total"),
        loyalty_paid=number(new, "loyalty_paid"),
        refunded=number(new, "refunded_total"),
        loyalty_refunded=number(new, "loyalty_refunded"),
        becomes_paid=new.get("status") == "PAID" and old.get("status") != "PAID",
    )


def on_sale_points(change: Change) -> None:
    """Earn, reverse or restore what this sale record asks for, each at most once."""
    figures = _figures(change)
    if figures is not None:
        settle_sale(figures)


def settle_sale(figures: SaleFigures) -> None:
    """Bring the sale's points to what its figures say (nothing when they already are)."""
    retry_races(lambda: _earn(figures))
    retry_races(lambda: _restore(figures))
    retry_races(lambda: _reverse(figures))


def _mark(figures: SaleFigures) -> repo.SaleMark:
    read = repo.sale_loyalty(figures.tenant_id, figures.customer_id, figures.sale_id)
    if read is None:
        return repo.SaleMark(figures.sale_id, None, 0, 0, None)
    return repo.SaleMark(figures.sale_id, read.earned, read.reversed, read.restored, read)


def _credit(
    figures: SaleFigures,
    mark: repo.SaleMark,
    amount: int,
    kind: str,
    rules: points.LoyaltyRules,
    today: date,
) -> None:
    """Credit the sale's customer `amount` points of `kind`, moving the sale's mark with them."""
    move = credit_move(
        figures.tenant_id,
        figures.customer_id,
        amount,
        kind,
        rules,
        today,
        sale_id=figures.sale_id,
        mark=mark,
    )
    repo.write([written(move, None).effect])


def _earn(figures: SaleFigures) -> None:
    mark = _mark(figures)
    rules, today = rules_of(figures.tenant_id)
    if not figures.becomes_paid or mark.earned is not None or not rules.enabled:
        return
    earned = points.points_earned(figures.total, figures.loyalty_paid, rules.earn_per_amount)
    mark.earned = earned
    if earned == 0:
        return
    _credit(figures, mark, earned, points.EARN, rules, today)


def _restore(figures: SaleFigures) -> None:
    """The points of the sale's refunded LOYALTY payments, given back once."""
    mark = _mark(figures)
    rules, today = rules_of(figures.tenant_id)
    target = points.points_restored(figures.loyalty_refunded, rules.point_value)
    if target <= mark.restored:
        return
    amount, mark.restored = target - mark.restored, target
    _credit(figures, mark, amount, points.RESTORE, rules, today)


def _reverse(figures: SaleFigures) -> None:
    """What the sale's refunds (other than as points) take back of what it earned."""
    mark = _mark(figures)
    if not mark.earned:
        return
    rules, today = rules_of(figures.tenant_id)
    target = points.reversal_target(
        mark.earned,
        figures.total,
        figures.loyalty_paid,
        figures.refunded - figures.loyalty_refunded,
        rules.earn_per_amount,
    )
    if target <= mark.reversed:
        return
    wanted, mark.reversed = target - mark.reversed, target
    move = debit_move(
        figures.tenant_id,
        figures.customer_id,
        lambda held: points.reverse(held.wallet, held.earnings, today, wanted),
        sale_id=figures.sale_id,
        mark=mark,
    )
    repo.write([written(move, None).effect])
