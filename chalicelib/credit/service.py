"""Credit accounts as plain functions: open one per customer, read them with their figures of
today, change their limit or status. The ledger's writes are in ledger.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib import clock, customers, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.clock import local_date, new_id
from chalicelib.credit import entries
from chalicelib.credit import repository as repo
from chalicelib.credit import schedules_repository as schedules_repo
from chalicelib.credit.schedule import (
    AccountFigures,
    Instalment,
    Schedule,
    account_figures,
)
from chalicelib.credit.schemas import (
    CreditAccountIn,
    CreditAccountOut,
    CreditAccountPatch,
    CreditAccountQuery,
)
from chalicelib.pagination import Key, Page
from chalicelib.schemas import from_item, sent_fields

OVERDUE_PAGE = 100


def today_of(tenant_id: str) -> date:
    """The tenant's local date now: what due dates are compared with."""
    return local_date(clock.now(), tenancy.tenant_settings(tenant_id).timezone)


def schedule_of(item: repo.Schedule) -> Schedule:
    """A stored schedule as the pure rules read it."""
    return Schedule(
        id=item.id,
        sale_id=item.sale_id,
        instalments=tuple(
            Instalment(date.fromisoformat(i["due_date"]), i["amount"], i["paid"])
            for i in item.installments
        ),
    )


def stored_installments(schedule: Schedule) -> list[dict[str, Any]]:
    return [
        {"due_date": i.due_date.isoformat(), "amount": i.amount, "paid": i.paid}
        for i in schedule.instalments
    ]


def open_schedules(account: repo.Account) -> list[repo.Schedule]:
    if not account.open_schedules:
        return []
    return schedules_repo.schedules_by_id(
        account.tenant_id or "", account.id, account.open_schedules
    )


def account_out(
    account: repo.Account, today: date, schedules: list[repo.Schedule] | None = None
) -> CreditAccountOut:
    if schedules is None:
        schedules = open_schedules(account)
    figures: AccountFigures = account_figures([schedule_of(s) for s in schedules], today)
    return from_item(
        CreditAccountOut,
        account,
        available_credit=entries.available_credit(account.credit_limit, account.balance),
        overdue_amount=figures.overdue_amount,
        overdue_since=figures.overdue_since,
        next_due_date=figures.next_due_date,
    )


def create_account(principal: Principal, data: CreditAccountIn) -> tuple[CreditAccountOut, bool]:
    customer = customers.get_customer(principal.tenant_id, data.customer_id)
    settings = tenancy.tenant_settings(principal.tenant_id)
    fields = {
        "customer_id": customer.id,
        "credit_limit": data.credit_limit,
        "headroom": data.credit_limit,
        "balance": 0,
        "revision": 0,
        "status": entries.ACTIVE,
        "currency": settings.currency,
    }
    account, created = repo.create_account(
        principal.tenant_id,
        data.id or new_id(),
        fields,
        principal.user_id,
        same_as=lambda old: (
            (old.customer_id, old.credit_limit) == (data.customer_id, data.credit_limit)
        ),
    )
    return account_out(account, local_date(clock.now(), settings.timezone), []), created


def get_account(principal: Principal, account_id: str) -> CreditAccountOut:
    account = repo.get_account(principal.tenant_id, account_id)
    return account_out(account, today_of(principal.tenant_id))


def update_account(
    principal: Principal, account_id: str, patch: CreditAccountPatch
) -> CreditAccountOut:
    account = repo.get_account(principal.tenant_id, account_id)
    repo.update_account(account, sent_fields(patch), patch.version, principal.user_id)
    return account_out(account, today_of(principal.tenant_id))


def list_accounts(
    principal: Principal, query: CreditAccountQuery, start_key: Key | None
) -> Page[CreditAccountOut]:
    """By customer (its marker), overdue (accounts indexed on their earliest unpaid due date,
    compared with today) or by status: each a key query."""
    tenant_id = principal.tenant_id
    today = today_of(tenant_id)
    if query.customer_id is not None:
        return _of_customer(tenant_id, query, today), None
    if query.overdue:
        # One page of the index, then its accounts of the status asked for: the page's work
        # stays bounded, and it may hold fewer than `limit` items.
        items, last_key = repo.overdue_page(tenant_id, today.isoformat(), query.limit, start_key)
        items = [item for item in items if query.status in (None, item.status)]
    else:
        items, last_key = repo.accounts_page(tenant_id, query.status, query.limit, start_key)
    return [account_out(item, today) for item in items], last_key


@dataclass(frozen=True)
class OverdueAccount:
    """An account with an instalment past due, and what it owes past due."""

    account_id: str
    customer_id: str
    balance: int
    overdue_amount: int
    overdue_since: date


def overdue_accounts(tenant_id: str, today: date) -> list[OverdueAccount]:
    """Every account with an instalment past due on `today`: the overdue index page by page
    (its cost grows with the accounts overdue, never with sales), each account's open
    schedules in one BatchGet."""
    found: list[OverdueAccount] = []
    start_key: Key | None = None
    while True:
        items, start_key = repo.overdue_page(tenant_id, today.isoformat(), OVERDUE_PAGE, start_key)
        for account in items:
            figures = account_figures([schedule_of(s) for s in open_schedules(account)], today)
            if figures.overdue_amount > 0 and figures.overdue_since is not None:
                found.append(
                    OverdueAccount(
                        account_id=account.id,
                        customer_id=account.customer_id,
                        balance=account.balance,
                        overdue_amount=figures.overdue_amount,
                        overdue_since=figures.overdue_since,
                    )
                )
        if start_key is None:
            return found


def _of_customer(tenant_id: str, query: CreditAccountQuery, today: date) -> list[CreditAccountOut]:
    account_id = repo.account_id_of_customer(tenant_id, query.customer_id or "")
    if account_id is None:
        return []
    account = repo.get_account(tenant_id, account_id)
    overdue = account.earliest_unpaid_due < today.isoformat()
    if query.status not in (None, account.status) or (query.overdue and not overdue):
        return []
    return [account_out(account, today)]
