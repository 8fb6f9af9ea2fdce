"""Credit account routes: parse, one service call, serialise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib.credit.schemas import (
    AdjustmentIn,
    CreditAccountIn,
    CreditAccountList,
    CreditAccountOut,
    CreditAccountPatch,
    CreditAccountQuery,
    EntryCreated,
    EntryList,
    EntryQuery,
    RepaymentCreated,
    RepaymentIn,
    ScheduleIn,
    ScheduleList,
    ScheduleOut,
    ScheduleQuery,
    StatementOut,
    StatementQuery,
)
from chalicelib.http import Reply, RequestContext, route
from chalicelib.loading import lazy_modules

if TYPE_CHECKING:
    from chalicelib.credit import ledger, repayments, schedules, service, statements
else:  # loaded by the blueprint's first request
    ledger, repayments, schedules, service, statements = lazy_modules(
        "chalicelib.credit", "ledger", "repayments", "schedules", "service", "statements"
    )

bp = Blueprint(__name__)


@route(
    bp,
    "/v1/credit-accounts",
    "POST",
    action="credit.write",
    body=CreditAccountIn,
    response=CreditAccountOut,
    status=201,
    tag="Credit",
)
def create_account(ctx: RequestContext, body: CreditAccountIn) -> Reply:
    """Open a customer's credit account (one per customer: 409 for a second)."""
    account, created = service.create_account(ctx.user, body)
    return Reply(account, status=201 if created else 200)


@route(
    bp,
    "/v1/credit-accounts",
    "GET",
    action="credit.read",
    query=CreditAccountQuery,
    response=CreditAccountList,
    tag="Credit",
)
def list_accounts(ctx: RequestContext, query: CreditAccountQuery) -> dict[str, object]:
    """Credit accounts, by customer, status, or overdue (an instalment past due)."""
    items, last_key = service.list_accounts(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/credit-accounts/{account_id}",
    "GET",
    action="credit.read",
    response=CreditAccountOut,
    tag="Credit",
)
def get_account(ctx: RequestContext, account_id: str) -> CreditAccountOut:
    """One credit account with its figures of today."""
    return service.get_account(ctx.user, account_id)


@route(
    bp,
    "/v1/credit-accounts/{account_id}",
    "PATCH",
    action="credit.write",
    body=CreditAccountPatch,
    response=CreditAccountOut,
    tag="Credit",
)
def update_account(
    ctx: RequestContext, account_id: str, body: CreditAccountPatch
) -> CreditAccountOut:
    """Change the limit (below the balance: no new charge until back under it) or the status."""
    return service.update_account(ctx.user, account_id, body)


@route(
    bp,
    "/v1/credit-accounts/{account_id}/adjustments",
    "POST",
    action="credit.write",
    body=AdjustmentIn,
    response=EntryCreated,
    status=201,
    tag="Credit",
)
def adjust_account(ctx: RequestContext, account_id: str, body: AdjustmentIn) -> Reply:
    """An ADJUSTMENT entry (signed); the balance never goes below 0."""
    return Reply(ledger.adjust(ctx.user, account_id, body), status=201)


@route(
    bp,
    "/v1/credit-accounts/{account_id}/repayments",
    "POST",
    action="credit.repay",
    body=RepaymentIn,
    response=RepaymentCreated,
    status=201,
    tag="Credit",
)
def repay_account(ctx: RequestContext, account_id: str, body: RepaymentIn) -> Reply:
    """A REPAYMENT (at most the balance) settling the oldest unpaid instalments first; CASH
    goes into the taker's open shift in `store_id`."""
    return Reply(repayments.take_repayment(ctx.user, account_id, body), status=201)


@route(
    bp,
    "/v1/credit-accounts/{account_id}/schedules",
    "POST",
    action="credit.write",
    body=ScheduleIn,
    response=ScheduleOut,
    status=201,
    tag="Credit",
)
def create_schedule(ctx: RequestContext, account_id: str, body: ScheduleIn) -> Reply:
    """Instalments for what a sale charged (one schedule per sale: 409), or for the part of
    the balance no schedule covers yet; due dates strictly increase."""
    schedule, created = schedules.create_schedule(ctx.user, account_id, body)
    return Reply(schedule, status=201 if created else 200)


@route(
    bp,
    "/v1/credit-accounts/{account_id}/schedules",
    "GET",
    action="credit.read",
    query=ScheduleQuery,
    response=ScheduleList,
    tag="Credit",
)
def list_schedules(ctx: RequestContext, account_id: str, query: ScheduleQuery) -> dict[str, object]:
    """The account's schedules, each instalment DUE, PAID or OVERDUE as of today."""
    items, last_key = schedules.list_schedules(
        ctx.user, account_id, query, ctx.start_key(query.cursor)
    )
    return ctx.page(items, last_key)


@route(
    bp,
    "/v1/credit-accounts/{account_id}/statement",
    "GET",
    action="credit.read",
    query=StatementQuery,
    response=StatementOut,
    tag="Credit",
    produces=("application/json", "text/html", "application/pdf"),
)
def account_statement(
    ctx: RequestContext, account_id: str, query: StatementQuery
) -> StatementOut | Response:
    """Opening balance, the period's entries oldest first, closing balance, instalments due;
    `format=html|pdf` prints it in the tenant's language."""
    out = statements.statement(ctx.user, account_id, query)
    if query.format == "json":
        return out
    body, content_type = statements.render(ctx.user, out, query.format)
    return Response(body=body, status_code=200, headers={"Content-Type": content_type})


@route(
    bp,
    "/v1/credit-ledger",
    "GET",
    action="credit.read",
    query=EntryQuery,
    response=EntryList,
    tag="Credit",
)
def list_entries(ctx: RequestContext, query: EntryQuery) -> dict[str, object]:
    """An account's immutable ledger entries, newest first; they add up to its balance."""
    items, last_key = ledger.list_entries(ctx.user, query, ctx.start_key(query.cursor))
    return ctx.page(items, last_key)
