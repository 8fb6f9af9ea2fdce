"""The credit ledger's writes: charges (a CREDIT payment), repayments, refunds and adjustments.

Each is one entry and the account's new balance in one transaction (repository.move_balance):
the write is conditioned on the account's `revision` read, so `balance_after` is exact and the
entries always add up to the balance; a charge is also conditioned on the rules themselves
(`headroom >= amount`, ACTIVE, no instalment past due), so no race of requests gets past them.
Charges and repayments are parts of the till's write (a payment, a repayment into a shift);
refunds are parts of a sale's refund or cancellation; adjustments are written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib import clock, errors, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, local_date, new_id
from chalicelib.credit import entries, schedule
from chalicelib.credit import repository as repo
from chalicelib.credit.schemas import (
    AdjustmentIn,
    AllocationOut,
    CreditAccountOut,
    EntryCreated,
    EntryOut,
    EntryQuery,
)
from chalicelib.credit.service import account_out, open_schedules, schedule_of, stored_installments
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import LostRaceError, retry_races
from chalicelib.schemas import from_item

CHARGE_ACTIONS = 3
"""A charge's part of the payment's write: the entry put, the account update, the sale's credit."""


@dataclass(frozen=True)
class LedgerWrite:
    """An entry about to be written, the account as the write leaves it, where a repayment
    went, and the write's part (an effect of the caller's transaction)."""

    entry: EntryOut
    account: CreditAccountOut
    allocations: list[AllocationOut]
    effect: Effect


def entry_out(entry: repo.Entry) -> EntryOut:
    return from_item(EntryOut, entry, type=entry.entry_type)


def _rules_account(account: repo.Account) -> entries.Account:
    return entries.Account(
        account.credit_limit, account.balance, account.status, account.earliest_unpaid_due
    )


def _today(timezone: str) -> date:
    return local_date(clock.now(), timezone)


def want_customer_account(reads: Reads, tenant_id: str, customer_id: str) -> None:
    """Read the customer's account marker with a request's other reads."""
    repo.want_account_of_customer(reads, tenant_id, customer_id)


def customer_account_id(tenant_id: str, customer_id: str, reads: Reads | None = None) -> str | None:
    """The id of the customer's credit account, if it has one (from `reads` that wanted it:
    `want_customer_account`). A sale keeps it when its customer is set, so that its CREDIT
    payment reads the account with its other reads."""
    return repo.account_id_of_customer(tenant_id, customer_id, reads)


def want_charge(
    reads: Reads, tenant_id: str, customer_id: str | None, account_id: str | None = None
) -> None:
    """Read the account (`account_id`: the one the sale kept; else the customer's marker, which
    names it) and the tenant's credit rules with a payment's other reads (`charge_sale` takes
    them from there)."""
    tenancy.want_tenant(reads, tenant_id)
    if account_id is not None:
        repo.want_account(reads, tenant_id, account_id)
    elif customer_id is not None:
        repo.want_account_of_customer(reads, tenant_id, customer_id)


def _account_for_sale(
    tenant_id: str,
    customer_id: str | None,
    reads: Reads | None = None,
    account_id: str | None = None,
) -> repo.Account:
    """The account a sale's credit moves: the one the sale kept (`account_id`, read with
    `reads`), else the one the customer's marker names (a sale drafted before its customer's
    account was opened)."""
    if customer_id is None:
        raise errors.ValidationError(
            "A sale without a customer cannot be paid on credit.",
            errors=[{"field": "method", "message": "the sale has no customer"}],
        )
    if account_id is not None:
        return repo.get_account(tenant_id, account_id, reads)
    account_id = repo.account_id_of_customer(tenant_id, customer_id, reads)
    if account_id is None:
        raise errors.ValidationError(
            "The sale's customer has no credit account.",
            errors=[{"field": "method", "message": "the customer has no credit account"}],
        )
    return repo.get_account(tenant_id, account_id)


def charge_sale(
    tenant_id: str,
    customer_id: str | None,
    sale_id: str,
    amount: int,
    actor: str,
    reference: str | None = None,
    reads: Reads | None = None,
    account_id: str | None = None,
) -> LedgerWrite:
    """A CREDIT payment's CHARGE: 422 without a customer or an account, 409 CREDIT_BLOCKED or
    CREDIT_LIMIT_EXCEEDED when the rules refuse it, else its part of the payment's write
    (`reference`: the payment's id; `reads`: the payment's, that wanted `want_charge` with the
    same `account_id`, the one the sale kept)."""
    account = _account_for_sale(tenant_id, customer_id, reads, account_id)
    settings = tenancy.tenant_settings(tenant_id, reads)
    block = bool(settings.credit.get("block_when_overdue", True))
    today = _today(settings.timezone)
    entries.charge(_rules_account(account), amount, today=today, block_when_overdue=block)

    def refused() -> errors.DomainError:
        current = repo.get_account(tenant_id, account.id)
        if current.revision == account.revision:
            try:
                entries.charge(
                    _rules_account(current), amount, today=today, block_when_overdue=block
                )
            except errors.DomainError as error:
                return error
        return LostRaceError("The credit account changed while this payment ran.")

    move = repo.BalanceMove(
        account,
        entries.CHARGE,
        amount,
        {"id": new_id(), "method": "CREDIT", "reference": reference},
        needs_headroom=True,
        needs_active=True,
        not_overdue_on=today.isoformat() if block else None,
        refused=refused,
        sale_id=sale_id,
        sale_charged=amount,
    )
    return _written(move, actor, today)


def _written(
    move: repo.BalanceMove,
    actor: str,
    today: date,
    settled: schedule.Settlement | None = None,
    stored: list[repo.Schedule] | None = None,
) -> LedgerWrite:
    """The move's part of the write, with the schedules it settles (`stored`: the account's
    open schedules when the caller read them) and the account's dues."""
    account = move.account
    if stored is None:
        stored = open_schedules(account)
    if settled is not None:
        changed = {s.id: s for s in settled.schedules}
        move.schedules = [
            (item, stored_installments(changed[item.id]))
            for item in stored
            if changed[item.id] != schedule_of(item)
        ]
        still_open = [s.id for s in settled.schedules if schedule.unpaid_total([s]) > 0]
        move.dues = (schedule.earliest_unpaid_due(settled.schedules), still_open)
        stored = [_with(item, changed[item.id]) for item in stored]
    entry, effect = repo.move_balance(move, actor, iso())
    allocations = [
        AllocationOut(schedule_id=a.schedule_id, due_date=a.due_date, amount=a.amount)
        for a in (settled.paid if settled is not None else ())
    ]
    after = account_out(_after(account, move), today, stored)
    return LedgerWrite(entry_out(entry), after, allocations, effect)


def _after(account: repo.Account, move: repo.BalanceMove) -> repo.Account:
    """The account as the write leaves it (a copy: the one read stays the write's condition)."""
    after = repo.Account.from_raw_data(account.serialize())
    after.balance = account.balance + move.amount
    after.headroom = account.headroom - move.amount
    after.revision = account.revision + 1
    if move.dues is not None:
        after.earliest_unpaid_due, after.open_schedules = move.dues
    return after


def _with(item: repo.Schedule, settled: schedule.Schedule) -> repo.Schedule:
    copy = repo.Schedule.from_raw_data(item.serialize())
    copy.installments = stored_installments(settled)
    return copy


def want_repayment(reads: Reads, tenant_id: str, account_id: str) -> None:
    """Read the account and the tenant's time zone with a repayment's other reads."""
    tenancy.want_tenant(reads, tenant_id)
    repo.want_account(reads, tenant_id, account_id)


def repay(
    tenant_id: str,
    account_id: str,
    amount: int,
    actor: str,
    fields: dict[str, Any],
    reads: Reads | None = None,
) -> LedgerWrite:
    """A REPAYMENT of at most the balance, settling the oldest unpaid instalments first
    (`reads`: the repayment's, that wanted `want_repayment`)."""
    account = repo.get_account(tenant_id, account_id, reads)
    entries.repayment(_rules_account(account), amount)
    stored = open_schedules(account)
    settled = schedule.allocate_repayment([schedule_of(s) for s in stored], amount)
    move = repo.BalanceMove(account, entries.REPAYMENT, -amount, {"id": new_id(), **fields})
    timezone = tenancy.tenant_settings(tenant_id, reads).timezone
    return _written(move, actor, _today(timezone), settled, stored)


def refund_sale(
    tenant_id: str, customer_id: str | None, sale_id: str, amount: int, actor: str
) -> LedgerWrite:
    """A REFUND of a sale paid on credit: at most what the sale charged and the balance (422),
    lowering the sale's last unpaid instalments first."""
    account = _account_for_sale(tenant_id, customer_id)
    credit = repo.sale_credit(tenant_id, account.id, sale_id)
    charged = credit.charged - credit.refunded if credit is not None else 0
    entries.refund(_rules_account(account), amount, sale_charged=charged)
    stored = open_schedules(account)
    settled = schedule.apply_refund([schedule_of(s) for s in stored], sale_id, amount)
    move = repo.BalanceMove(
        account,
        entries.REFUND,
        -amount,
        {"id": new_id(), "method": "CREDIT"},
        sale_id=sale_id,
        sale_refunded=amount,
    )
    return _written(
        move, actor, _today(tenancy.tenant_settings(tenant_id).timezone), settled, stored
    )


def owed_by_sale(tenant_id: str, customer_id: str | None, sale_id: str) -> int:
    """What the sale still owes the customer's account: charged less refunded, at most the
    balance (a repayment lowers what any sale still owes). 0 without an account."""
    if customer_id is None:
        return 0
    account_id = repo.account_id_of_customer(tenant_id, customer_id)
    if account_id is None:
        return 0
    credit = repo.sale_credit(tenant_id, account_id, sale_id)
    if credit is None:
        return 0
    balance = repo.get_account(tenant_id, account_id).balance
    return max(min(credit.charged - credit.refunded, balance), 0)


def adjust(principal: Principal, account_id: str, data: AdjustmentIn) -> EntryCreated:
    """A manager's ADJUSTMENT: never below 0; a decrease writes off unscheduled debt first."""

    def write() -> LedgerWrite:
        tenant_id = principal.tenant_id
        account = repo.get_account(tenant_id, account_id)
        entries.adjustment(_rules_account(account), data.amount)
        settled = None
        if data.amount < 0:
            schedules = [schedule_of(s) for s in open_schedules(account)]
            settled = schedule.apply_write_off(schedules, account.balance, -data.amount)
        move = repo.BalanceMove(
            account, entries.ADJUSTMENT, data.amount, {"id": new_id(), "reason": data.reason}
        )
        written = _written(
            move, principal.user_id, _today(tenancy.tenant_settings(tenant_id).timezone), settled
        )
        repo.write([written.effect])
        return written

    written = retry_races(write)
    return EntryCreated(entry=written.entry, account=written.account)


def list_entries(principal: Principal, query: EntryQuery, start_key: Key | None) -> Page[EntryOut]:
    """The account's entries, newest first (none for an account the tenant does not have)."""
    items, last_key = repo.entries_page(
        principal.tenant_id, query.account_id, query.limit, start_key
    )
    return [entry_out(item) for item in items], last_key
