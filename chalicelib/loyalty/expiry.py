"""The loyalty-expiry job (daily, 02:00 tenant local): EXPIRE entries, earning by earning, for
the points past their date. It reads the wallets whose oldest held points expire before today
(an index, never a Scan); a second run the same day finds none and writes nothing."""

from __future__ import annotations

from datetime import date

from chalicelib.loyalty import points
from chalicelib.loyalty import repository as repo
from chalicelib.loyalty.wallet import EXPIRY_BATCH, debit_move, written
from chalicelib.retries import retry_races

PAGE = 100


def expire_points(tenant_id: str, today: date) -> int:
    """How many EXPIRE entries the run wrote for the tenant."""
    count, start_key = 0, None
    while True:
        wallets, start_key = repo.wallets_past_date(tenant_id, today.isoformat(), PAGE, start_key)
        for wallet in wallets:
            count += expire_customer(tenant_id, wallet.customer_id, today)
        if start_key is None:
            return count


def expire_customer(tenant_id: str, customer_id: str, today: date) -> int:
    """The customer's EXPIRE entries, at most EXPIRY_BATCH earnings per write."""
    count = 0
    while True:
        written_now = retry_races(lambda: _expire_batch(tenant_id, customer_id, today))
        count += written_now
        if written_now < EXPIRY_BATCH:
            return count


def _expire_batch(tenant_id: str, customer_id: str, today: date) -> int:
    move = debit_move(
        tenant_id,
        customer_id,
        lambda held: points.expire(held.wallet, held.earnings[:EXPIRY_BATCH], today),
    )
    if not move.entries:
        return 0
    repo.write([written(move, None).effect])
    return len(move.entries)
