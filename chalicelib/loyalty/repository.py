"""Storage of loyalty wallets, their ledger entries, their earnings and what each sale earned.

Every write that moves a customer's points (`move_points`) SETs the wallet's new points and
`consumed` and ADDs 1 to its `revision` on condition the revision is still the one read (a
wallet not yet written: on condition it does not exist), puts the entries numbered by that
revision, and SETs the customer's `loyalty_points` to the same number in the same transaction:
the entries' `balance_after` is exact, they never interleave, and the customer's points always
equal the ledger's balance. A lost race is rebuilt from a fresh read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib import errors
from chalicelib.db import keys, records
from chalicelib.db.base import OnFail, Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.customers import CustomerItem
from chalicelib.db.models.loyalty import (
    LoyaltyEarningItem,
    LoyaltyEntryItem,
    LoyaltySaleItem,
    LoyaltyWalletItem,
)
from chalicelib.effects import Effect
from chalicelib.loyalty.points import Earning, PointsEntry, Wallet
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError

WalletItem = LoyaltyWalletItem
Entry = LoyaltyEntryItem
SaleLoyalty = LoyaltySaleItem


class WalletMovedError(LostRaceError):
    """The customer's points changed while this request ran: read them again and rebuild."""

    title = "The customer's points changed while this request ran"


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@serves("Loyalty wallet of a customer")
def wallet_of(
    tenant_id: str, customer_id: str, reads: Reads | None = None
) -> LoyaltyWalletItem | None:
    """The customer's wallet, if it has one (from `reads` that wanted it: `want_wallet`)."""
    key = _wallet_key(tenant_id, customer_id)
    return Reads.find(reads, LoyaltyWalletItem, key)


@serves("Loyalty wallet of a customer")
def want_wallet(reads: Reads, tenant_id: str, customer_id: str) -> None:
    reads.want([_wallet_key(tenant_id, customer_id)])


def _wallet_key(tenant_id: str, customer_id: str) -> tuple[str, str]:
    return keys.loyalty_pk(tenant_id, customer_id), keys.loyalty_wallet_sk()


@serves("Earnings of a customer from a point")
def live_earnings(tenant_id: str, customer_id: str, consumed: int) -> list[Earning]:
    """Every earning that may still hold points once `consumed` points are gone, oldest first:
    the last one starting at or before `consumed`, and all those starting after it."""
    pk = keys.loyalty_pk(tenant_id, customer_id)
    at = keys.loyalty_earning_sk(consumed)
    first = LoyaltyEarningItem.query(
        pk,
        range_key_condition=LoyaltyEarningItem.sk.between(keys.loyalty_earnings_prefix(), at),
        scan_index_forward=False,
        limit=1,
        consistent_read=True,
    )
    rest = LoyaltyEarningItem.query(
        pk,
        range_key_condition=LoyaltyEarningItem.sk.between(
            at + "~", keys.loyalty_earnings_prefix() + "~"
        ),
        consistent_read=True,
    )
    found = [*list(first)[:1], *rest]
    return [Earning(e.cumulative_before, e.points, _date(e.expires_on)) for e in found]


@serves("Loyalty of a sale")
def sale_loyalty(tenant_id: str, customer_id: str, sale_id: str) -> LoyaltySaleItem | None:
    return records.find(
        LoyaltySaleItem, keys.loyalty_pk(tenant_id, customer_id), keys.loyalty_sale_sk(sale_id)
    )


@serves("Wallets with points past their date")
def wallets_past_date(
    tenant_id: str, today: str, limit: int, start_key: Key | None
) -> Page[LoyaltyWalletItem]:
    """Wallets whose oldest held points expire before `today` (ISO dates sort as text)."""
    return records.query_page(
        LoyaltyWalletItem,
        keys.loyalty_expiry_pk(tenant_id),
        index=LoyaltyWalletItem.gsi1,
        range_key_condition=LoyaltyWalletItem.gsi1sk < today,
        limit=limit,
        start_key=start_key,
    )


@serves("Loyalty entries of a customer")
def entries_page(
    tenant_id: str, customer_id: str, limit: int, start_key: Key | None
) -> Page[LoyaltyEntryItem]:
    return records.query_page(
        LoyaltyEntryItem,
        keys.loyalty_pk(tenant_id, customer_id),
        range_key_condition=LoyaltyEntryItem.sk.startswith(keys.loyalty_entries_prefix()),
        limit=limit,
        start_key=start_key,
        newest_first=True,
    )


@dataclass
class SaleMark:
    """What a sale has earned, had reversed and restored once the write is done, and the
    marker as read (None: the sale has none yet)."""

    sale_id: str
    earned: int | None
    reversed: int
    restored: int
    read: LoyaltySaleItem | None


@dataclass
class PointsMove:
    """One write on a customer's points: the entries in order, the wallet they leave, the
    earning they credit (if any) and the date of the oldest points then held."""

    tenant_id: str
    customer_id: str
    wallet: LoyaltyWalletItem | None
    entries: Sequence[PointsEntry]
    after: Wallet
    earning: Earning | None = None
    next_expiry: date | None = None
    sale_id: str | None = None
    reason: str | None = None
    mark: SaleMark | None = None
    refused: OnFail | None = None


@serves(
    "Loyalty wallet of a customer",
    "Loyalty entries of a customer",
    "Earnings of a customer from a point",
    "Wallets with points past their date",
    "Loyalty of a sale",
    "Customer by id",
)
def move_points(
    move: PointsMove, actor: str | None, created_at: str, new_id: Any
) -> tuple[list[LoyaltyEntryItem], Effect]:
    """The entries, the wallet's and the customer's new points (and the earning, the sale's
    marker), as an effect of the caller's write. `new_id()` names each entry."""
    read = move.wallet
    revision = (read.revision if read is not None else 0) + 1
    pk = keys.loyalty_pk(move.tenant_id, move.customer_id)
    entries = [
        _entry(move, pk, revision, index, e, new_id()) for index, e in enumerate(move.entries)
    ]
    for entry in entries:
        entry.created_at = created_at
        records.stamp_new(entry, actor)
    refused = move.refused or WalletMovedError()

    def write(tx: Tx) -> None:
        for entry in entries:
            tx.put(entry, condition=LoyaltyEntryItem.pk.does_not_exist(), on_fail=refused)
        _write_wallet(tx, move, pk, revision, refused)
        tx.change(
            CustomerItem(
                pk=keys.customer_pk(move.tenant_id, move.customer_id), sk=keys.customer_sk()
            ),
            [CustomerItem.loyalty_points.set(move.after.points)],
            condition=CustomerItem.pk.exists(),
            on_fail=errors.NotFoundError("Customer not found."),
        )
        if move.earning is not None:
            tx.put(_earning(move, pk, move.earning))
        if move.mark is not None:
            _write_mark(tx, move, pk, move.mark, refused)

    return entries, write


def _entry(
    move: PointsMove, pk: str, revision: int, index: int, entry: PointsEntry, entry_id: str
) -> LoyaltyEntryItem:
    """Entries of one write share its revision: the index keeps them apart and in order."""
    return LoyaltyEntryItem(
        id=entry_id,
        pk=pk,
        sk=keys.loyalty_entry_sk(revision * 100 + index),
        tenant_id=move.tenant_id,
        customer_id=move.customer_id,
        revision=revision,
        entry_type=entry.type,
        points=entry.points,
        balance_after=entry.balance_after,
        sale_id=move.sale_id,
        expires_on=_iso(entry.expires_on),
        reason=move.reason,
    )


def _earning(move: PointsMove, pk: str, earning: Earning) -> LoyaltyEarningItem:
    return LoyaltyEarningItem(
        pk=pk,
        sk=keys.loyalty_earning_sk(earning.cumulative_before),
        tenant_id=move.tenant_id,
        cumulative_before=earning.cumulative_before,
        points=earning.points,
        expires_on=_iso(earning.expires_on),
    )


def _latest(move: PointsMove) -> dict[str, Any] | None:
    if move.earning is not None:
        earning = move.earning
        return {
            "cumulative_before": earning.cumulative_before,
            "points": earning.points,
            "expires_on": _iso(earning.expires_on),
        }
    return move.wallet.latest if move.wallet is not None else None


def _write_wallet(tx: Tx, move: PointsMove, pk: str, revision: int, refused: OnFail) -> None:
    expiry = _iso(move.next_expiry) if move.after.points > 0 else None
    index = {
        "gsi1pk": keys.loyalty_expiry_pk(move.tenant_id) if expiry else None,
        "gsi1sk": keys.loyalty_expiry_sk(expiry, move.customer_id) if expiry else None,
    }
    if move.wallet is None:
        wallet = LoyaltyWalletItem(
            pk=pk,
            sk=keys.loyalty_wallet_sk(),
            tenant_id=move.tenant_id,
            customer_id=move.customer_id,
            points=move.after.points,
            consumed=move.after.consumed,
            revision=revision,
            latest=_latest(move),
            next_expiry=expiry,
        )
        wallet.gsi1pk, wallet.gsi1sk = index["gsi1pk"], index["gsi1sk"]
        tx.put(wallet, condition=LoyaltyWalletItem.pk.does_not_exist(), on_fail=refused)
        return
    actions = [
        LoyaltyWalletItem.points.set(move.after.points),
        LoyaltyWalletItem.consumed.set(move.after.consumed),
        LoyaltyWalletItem.revision.set(revision),
        _set_or_remove("latest", _latest(move)),
        _set_or_remove("next_expiry", expiry),
        *(_set_or_remove(name, value) for name, value in index.items()),
    ]
    tx.change(
        move.wallet,
        actions,
        condition=LoyaltyWalletItem.revision == move.wallet.revision,
        on_fail=refused,
    )


def _set_or_remove(name: str, value: Any) -> Any:
    attribute = getattr(LoyaltyWalletItem, name)
    return attribute.set(value) if value is not None else attribute.remove()


def _write_mark(tx: Tx, move: PointsMove, pk: str, mark: SaleMark, refused: OnFail) -> None:
    item = LoyaltySaleItem(
        pk=pk,
        sk=keys.loyalty_sale_sk(mark.sale_id),
        tenant_id=move.tenant_id,
        sale_id=mark.sale_id,
        earned=mark.earned,
        reversed=mark.reversed,
        restored=mark.restored,
    )
    if mark.read is None:
        condition = LoyaltySaleItem.pk.does_not_exist()
    else:
        condition = (LoyaltySaleItem.reversed == mark.read.reversed) & (
            LoyaltySaleItem.restored == mark.read.restored
        )
        if mark.read.earned is None:
            condition &= LoyaltySaleItem.earned.does_not_exist()
    tx.put(item, condition=condition, on_fail=refused)


@serves("Loyalty wallet of a customer", "Loyalty entries of a customer")
def write(effects: Sequence[Effect]) -> None:
    records.write(effects)
