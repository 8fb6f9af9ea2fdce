"""A customer's points as the API shows them, their ledger, and a manager's adjustments."""

from __future__ import annotations

from chalicelib import customers
from chalicelib.auth.principal import Principal
from chalicelib.loyalty import points
from chalicelib.loyalty import repository as repo
from chalicelib.loyalty.schemas import (
    AdjustmentIn,
    ExpiringOut,
    LoyaltyEntryOut,
    LoyaltyEntryQuery,
    LoyaltyOut,
    PointsAdjusted,
)
from chalicelib.loyalty.wallet import credit_move, debit_move, read_held, rules_of, written
from chalicelib.pagination import Key, Page
from chalicelib.retries import retry_races
from chalicelib.schemas import from_item


def entry_out(entry: repo.Entry) -> LoyaltyEntryOut:
    return from_item(LoyaltyEntryOut, entry, type=entry.entry_type)


def customer_loyalty(principal: Principal, customer_id: str) -> LoyaltyOut:
    """The customer's points and those expiring in the next 90 days, by date (404 for a
    customer the tenant does not have)."""
    customers.get_customer(principal.tenant_id, customer_id)
    _, today = rules_of(principal.tenant_id)
    held = read_held(principal.tenant_id, customer_id)
    soon = points.expiring(held.wallet, held.earnings, today)
    return LoyaltyOut(
        points=held.wallet.points,
        expiring=[ExpiringOut(points=count, expires_on=day) for day, count in soon],
    )


def list_entries(
    principal: Principal, query: LoyaltyEntryQuery, start_key: Key | None
) -> Page[LoyaltyEntryOut]:
    """The customer's entries, newest first (none for a customer the tenant does not have)."""
    items, last_key = repo.entries_page(
        principal.tenant_id, query.customer_id, query.limit, start_key
    )
    return [entry_out(item) for item in items], last_key


def adjust(principal: Principal, customer_id: str, data: AdjustmentIn) -> PointsAdjusted:
    """A manager's ADJUST: a credit that expires like earned points, or a debit that never
    takes the customer below 0 (422)."""
    tenant_id = principal.tenant_id
    customers.get_customer(tenant_id, customer_id)

    def write() -> PointsAdjusted:
        rules, today = rules_of(tenant_id)
        if data.points > 0:
            move = credit_move(
                tenant_id, customer_id, data.points, points.ADJUST, rules, today, reason=data.reason
            )
        else:
            move = debit_move(
                tenant_id,
                customer_id,
                lambda held: points.adjust_down(held.wallet, held.earnings, today, -data.points),
                reason=data.reason,
            )
        done = written(move, principal.user_id)
        repo.write([done.effect])
        return PointsAdjusted(entry=entry_out(done.entries[-1]), points=done.points)

    return retry_races(write)
