"""Storage of credit accounts, their ledger entries, schedules and per-sale credit.

Every write that moves an account's balance (`move_balance`) SETs the new balance and ADDs
1 to its `revision` on condition the revision is still the one read, and puts the entry
numbered by that revision: the entry's `balance_after` is exact, the entries never interleave,
and a lost race is rebuilt from a fresh read. The rules are conditions of the same write on
stored attributes (`headroom`, `status`, `earliest_unpaid_due`), so not even a write built on
a stale read can pass them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib import errors
from chalicelib.credit.schedule import NO_DUE_DATE
from chalicelib.db import keys, records
from chalicelib.db.base import OnFail, Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.credit import (
    CreditAccountItem,
    CreditAccountMarkerItem,
    CreditEntryItem,
    CreditSaleItem,
    CreditScheduleItem,
)
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError

Account = CreditAccountItem
Entry = CreditEntryItem
Schedule = CreditScheduleItem
CreditSale = CreditSaleItem


def _index_keys(tenant_id: str, account_id: str, status: str, due: str) -> dict[str, str | None]:
    scheduled = due != NO_DUE_DATE
    return {
        "gsi1pk": keys.credit_accounts_pk(tenant_id),
        "gsi1sk": keys.credit_account_status_sk(status, account_id),
        "gsi2pk": keys.credit_due_pk(tenant_id) if scheduled else None,
        "gsi2sk": keys.credit_due_sk(due, account_id) if scheduled else None,
    }


@serves(
    "Credit account by id",
    "Credit accounts by status",
    "Credit account of a customer",
)
def create_account(
    tenant_id: str, account_id: str, fields: dict[str, Any], actor: str, same_as: Any
) -> tuple[CreditAccountItem, bool]:
    """The account and the marker that keeps it the customer's only one: one write."""
    account = CreditAccountItem(
        id=account_id,
        pk=keys.credit_account_pk(tenant_id, account_id),
        sk=keys.credit_account_sk(),
        tenant_id=tenant_id,
        earliest_unpaid_due=NO_DUE_DATE,
        **fields,
    )
    for name, value in _index_keys(tenant_id, account_id, account.status, NO_DUE_DATE).items():
        setattr(account, name, value)
    marker = CreditAccountMarkerItem(
        pk=keys.customer_pk(tenant_id, account.customer_id),
        sk=keys.customer_account_sk(),
        tenant_id=tenant_id,
        account_id=account_id,
    )

    def claim(tx: Tx) -> None:
        tx.put(
            marker,
            condition=CreditAccountMarkerItem.pk.does_not_exist(),
            on_fail=errors.ConflictError("This customer already has a credit account."),
        )

    return records.create(
        account, actor=actor, effects=[claim], what="Credit account", same_as=same_as
    )


@serves("Credit account by id")
def get_account(tenant_id: str, account_id: str, reads: Reads | None = None) -> CreditAccountItem:
    """The live account, or 404 (from `reads` that wanted it: `want_account`)."""
    key = _account_key(tenant_id, account_id)
    if reads is not None:
        return reads.live(CreditAccountItem, key, what="Credit account")
    return records.get_live(CreditAccountItem, *key, what="Credit account", consistent=True)


@serves("Credit account by id")
def want_account(reads: Reads, tenant_id: str, account_id: str) -> None:
    reads.want([_account_key(tenant_id, account_id)])


def _account_key(tenant_id: str, account_id: str) -> tuple[str, str]:
    return keys.credit_account_pk(tenant_id, account_id), keys.credit_account_sk()


@serves("Credit account of a customer")
def account_id_of_customer(
    tenant_id: str, customer_id: str, reads: Reads | None = None
) -> str | None:
    """The id of the customer's account, if it has one (from `reads` that wanted it)."""
    key = _marker_key(tenant_id, customer_id)
    marker = Reads.find(reads, CreditAccountMarkerItem, key)
    return marker.account_id if marker is not None else None


@serves("Credit account of a customer")
def want_account_of_customer(reads: Reads, tenant_id: str, customer_id: str) -> None:
    reads.want([_marker_key(tenant_id, customer_id)])


def _marker_key(tenant_id: str, customer_id: str) -> tuple[str, str]:
    return keys.customer_pk(tenant_id, customer_id), keys.customer_account_sk()


@serves("Credit account by id", "Credit accounts by status")
def update_account(
    account: CreditAccountItem, changes: dict[str, Any], version: int, actor: str
) -> CreditAccountItem:
    """A new limit or status, on condition of the version read. The headroom moves by the
    limit's change (ADD), so charges written meanwhile are never undone."""
    if account.version != version:
        raise errors.VersionMismatchError(
            f"Credit account is at version {account.version}, not {version}."
        )
    values = records.versioned(account, changes, actor)
    status = values.get("status", account.status)
    values["gsi1sk"] = keys.credit_account_status_sk(status, account.id)
    actions = [
        records.set_value(getattr(CreditAccountItem, name), value) for name, value in values.items()
    ]
    if "credit_limit" in changes:
        actions.append(
            CreditAccountItem.headroom.add(changes["credit_limit"] - account.credit_limit)
        )
    guard = (CreditAccountItem.version == account.version) & (
        CreditAccountItem.deleted_at.does_not_exist()
    )
    tx = Tx()
    tx.change(
        account,
        actions,
        condition=guard,
        on_fail=errors.VersionMismatchError(
            f"Credit account changed since version {version}; read it again."
        ),
    )
    tx.commit()
    if "credit_limit" in changes:
        values["headroom"] = account.headroom + changes["credit_limit"] - account.credit_limit
    return records.mirror(account, values)


@serves("Credit accounts by status")
def accounts_page(
    tenant_id: str, status: str | None, limit: int, start_key: Key | None
) -> Page[CreditAccountItem]:
    prefix = keys.credit_account_status_sk(status, "") if status else None
    return records.query_page(
        CreditAccountItem,
        keys.credit_accounts_pk(tenant_id),
        index=CreditAccountItem.gsi1,
        range_key_condition=CreditAccountItem.gsi1sk.startswith(prefix) if prefix else None,
        limit=limit,
        start_key=start_key,
    )


@serves("Overdue credit accounts")
def overdue_page(
    tenant_id: str, today: str, limit: int, start_key: Key | None
) -> Page[CreditAccountItem]:
    """Accounts whose earliest unpaid due date is before `today` (ISO dates sort as text)."""
    return records.query_page(
        CreditAccountItem,
        keys.credit_due_pk(tenant_id),
        index=CreditAccountItem.gsi2,
        range_key_condition=CreditAccountItem.gsi2sk < today,
        limit=limit,
        start_key=start_key,
    )


@dataclass
class BalanceMove:
    """One write on an account: its entry, the account's new balance, and what else moves."""

    account: CreditAccountItem
    entry_type: str
    amount: int
    entry: dict[str, Any]
    needs_headroom: bool = False
    needs_active: bool = False
    not_overdue_on: str | None = None
    refused: OnFail | None = None
    sale_id: str | None = None
    sale_charged: int = 0
    sale_refunded: int = 0
    schedules: Sequence[tuple[CreditScheduleItem, list[dict[str, Any]]]] = ()
    dues: tuple[str, list[str]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@serves(
    "Credit account by id",
    "Ledger entries of an account",
    "Ledger entries of an account by time",
    "Overdue credit accounts",
    "Credit of a sale",
    "Schedules of an account",
)
def move_balance(move: BalanceMove, actor: str, created_at: str) -> tuple[CreditEntryItem, Effect]:
    """The entry and the account's new balance (and the sale's credit, the schedules settled,
    the account's dues), as an effect of the caller's write."""
    account = move.account
    tenant_id = account.tenant_id or ""
    revision = account.revision + 1
    balance = account.balance + move.amount
    entry = CreditEntryItem(
        id=move.entry.pop("id"),
        pk=account.pk,
        sk=keys.credit_entry_sk(revision),
        tenant_id=tenant_id,
        account_id=account.id,
        revision=revision,
        entry_type=move.entry_type,
        amount=move.amount,
        balance_after=balance,
        currency=account.currency,
        created_at=created_at,
        sale_id=move.sale_id,
        **move.entry,
    )
    entry.gsi1pk = keys.credit_ledger_pk(tenant_id, account.id)
    entry.gsi1sk = keys.credit_entry_time_sk(created_at, revision)
    records.stamp_new(entry, actor)
    actions = [
        CreditAccountItem.balance.set(balance),
        CreditAccountItem.headroom.add(-move.amount),
        CreditAccountItem.revision.set(revision),
        *dues_actions(account, move.dues),
    ]
    condition = _rules(move, CreditAccountItem.revision == account.revision)

    refused = move.refused or AccountMovedError()

    def write(tx: Tx) -> None:
        # A write built on a stale read finds its entry's number taken as well as the revision
        # moved: either refusal is the same lost race (or the rule the fresh read breaks).
        tx.put(entry, condition=CreditEntryItem.pk.does_not_exist(), on_fail=refused)
        tx.change(account, actions, condition=condition, on_fail=refused)
        if move.sale_id and (move.sale_charged or move.sale_refunded):
            _add_sale_credit(tx, account, move)
        for schedule, installments in move.schedules:
            _settle(tx, schedule, installments)

    return entry, write


def _rules(move: BalanceMove, condition: Condition) -> Condition:
    """A charge's rules, checked by the write itself on the account as stored."""
    if move.needs_headroom:
        condition &= CreditAccountItem.headroom >= move.amount
    if move.needs_active:
        condition &= CreditAccountItem.status == "ACTIVE"
    if move.not_overdue_on is not None:
        condition &= CreditAccountItem.earliest_unpaid_due >= move.not_overdue_on
    return condition


class AccountMovedError(LostRaceError):
    """The credit account changed while this request ran: read it again and rebuild."""

    title = "The credit account changed while this request ran"


@serves("Credit account by id", "Overdue credit accounts")
def dues_actions(account: CreditAccountItem, dues: tuple[str, list[str]] | None) -> list[Any]:
    if dues is None:
        return []
    earliest, open_schedules = dues
    indexed = _index_keys(account.tenant_id or "", account.id, account.status, earliest)
    return [
        CreditAccountItem.earliest_unpaid_due.set(earliest),
        CreditAccountItem.open_schedules.set(open_schedules),
        *(
            records.set_value(getattr(CreditAccountItem, name), value)
            if value is not None
            else getattr(CreditAccountItem, name).remove()
            for name, value in indexed.items()
            if name.startswith("gsi2")
        ),
    ]


def _add_sale_credit(tx: Tx, account: CreditAccountItem, move: BalanceMove) -> None:
    item = CreditSaleItem(pk=account.pk, sk=keys.credit_sale_sk(move.sale_id))
    actions: list[Any] = [
        CreditSaleItem.type.set(CreditSaleItem),
        CreditSaleItem.sale_id.set(move.sale_id or ""),
        CreditSaleItem.tenant_id.set(account.tenant_id or ""),
    ]
    if move.sale_charged:
        actions.append(CreditSaleItem.charged.add(move.sale_charged))
    if move.sale_refunded:
        actions.append(CreditSaleItem.refunded.add(move.sale_refunded))
    tx.change(item, actions)


def _settle(tx: Tx, schedule: CreditScheduleItem, installments: list[dict[str, Any]]) -> None:
    tx.change(
        schedule,
        [
            CreditScheduleItem.installments.set(installments),
            CreditScheduleItem.version.add(1),
        ],
        condition=CreditScheduleItem.version == schedule.version,
        on_fail=AccountMovedError(),
    )


@serves("Credit account by id", "Ledger entries of an account")
def write(effects: Sequence[Effect]) -> None:
    records.write(effects)


@serves("Ledger entries of an account")
def entries_page(
    tenant_id: str, account_id: str, limit: int, start_key: Key | None
) -> Page[CreditEntryItem]:
    return records.query_page(
        CreditEntryItem,
        keys.credit_account_pk(tenant_id, account_id),
        range_key_condition=CreditEntryItem.sk.startswith(keys.credit_entries_prefix()),
        limit=limit,
        start_key=start_key,
        newest_first=True,
    )


@serves("Credit of a sale")
def sale_credit(tenant_id: str, account_id: str, sale_id: str) -> CreditSaleItem | None:
    return records.find(
        CreditSaleItem, keys.credit_account_pk(tenant_id, account_id), keys.credit_sale_sk(sale_id)
    )


@serves("Ledger entries of an account by time")
def entries_between(
    tenant_id: str, account_id: str, start: str, end: str, limit: int
) -> tuple[int, list[CreditEntryItem]]:
    """The balance at `start`, and up to `limit` entries written from `start` up to `end`
    (excluded), oldest first: `start` and `end` are RFC 3339 instants. One Query when the period
    holds entries (the first one's balance before it is the opening), two when it holds none
    (the last entry before `start` tells the balance)."""
    pk = keys.credit_ledger_pk(tenant_id, account_id)
    within, _ = records.query_page(
        CreditEntryItem,
        pk,
        index=CreditEntryItem.gsi1,
        range_key_condition=CreditEntryItem.gsi1sk.between(start, end),
        limit=limit,
        start_key=None,
    )
    if within:
        return within[0].balance_after - within[0].amount, within
    before, _ = records.query_page(
        CreditEntryItem,
        pk,
        index=CreditEntryItem.gsi1,
        range_key_condition=CreditEntryItem.gsi1sk < start,
        limit=1,
        start_key=None,
        newest_first=True,
    )
    return (before[0].balance_after if before else 0), within
