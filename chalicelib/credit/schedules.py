"""Instalment schedules of a credit account: for what a sale charged (one schedule per sale), or
for the part of the balance no schedule covers yet (debts brought in by an ADJUSTMENT). Each is
written with the account's new earliest unpaid due date, which a charge's condition compares
with today (`credit.block_when_overdue`) and the overdue index sorts on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from chalicelib import errors
from chalicelib.auth.principal import Principal
from chalicelib.clock import new_id
from chalicelib.credit import repository as repo
from chalicelib.credit import schedule as rules
from chalicelib.credit import schedules_repository as schedules_repo
from chalicelib.credit.schemas import InstalmentOut, ScheduleIn, ScheduleOut, ScheduleQuery
from chalicelib.credit.service import open_schedules, schedule_of, stored_installments, today_of
from chalicelib.pagination import Key, Page
from chalicelib.retries import retry_races


def schedule_out(item: repo.Schedule, today: date) -> ScheduleOut:
    plain = schedule_of(item)
    return ScheduleOut(
        id=item.id,
        account_id=item.account_id,
        sale_id=item.sale_id,
        installments=[
            InstalmentOut.model_validate(
                {
                    "due_date": i.due_date,
                    "amount": i.amount,
                    "paid": i.paid,
                    "status": rules.instalment_status(i, today),
                }
            )
            for i in plain.instalments
        ],
        created_at=item.created_at,
    )


def _same(data: ScheduleIn) -> Callable[[repo.Schedule], bool]:
    asked = [(i.due_date.isoformat(), i.amount) for i in data.installments]

    def same_as(old: repo.Schedule) -> bool:
        stored = [(i["due_date"], i["amount"]) for i in old.installments]
        return old.sale_id == data.sale_id and stored == asked

    return same_as


def create_schedule(
    principal: Principal, account_id: str, data: ScheduleIn
) -> tuple[ScheduleOut, bool]:
    """201 with the schedule; 422 when its instalments do not fit (API.md), 409 for a sale's
    second schedule. A client id replayed with the same content answers the stored one."""
    tenant_id = principal.tenant_id
    today = today_of(tenant_id)
    if data.id is not None:
        existing = schedules_repo.find_schedule(tenant_id, account_id, data.id)
        if existing is not None:
            if not _same(data)(existing):
                raise errors.ConflictError(f"A credit schedule with id {data.id} already exists.")
            return schedule_out(existing, today), False

    def write() -> tuple[ScheduleOut, bool]:
        account = repo.get_account(tenant_id, account_id)
        schedules = [schedule_of(s) for s in open_schedules(account)]
        instalments = [rules.Instalment(i.due_date, i.amount) for i in data.installments]
        problems = rules.validate_schedule(
            instalments,
            uncovered=rules.uncovered_balance(account.balance, schedules),
            sale_charged=_sale_charged(tenant_id, account.id, data.sale_id),
        )
        if problems:
            raise errors.ValidationError("The schedule does not fit.", errors=problems)
        new = rules.Schedule(data.id or new_id(), tuple(instalments), data.sale_id)
        every = [*schedules, new]
        dues = (
            rules.earliest_unpaid_due(every),
            [s.id for s in every if rules.unpaid_total([s]) > 0],
        )
        stored = (new.id, data.sale_id, stored_installments(new))
        saved, created = schedules_repo.add_schedule(
            account, stored, dues, principal.user_id, _same(data)
        )
        return schedule_out(saved, today), created

    return retry_races(write)


def _sale_charged(tenant_id: str, account_id: str, sale_id: str | None) -> int | None:
    """What the sale still owes the account (charged less refunded); None without a sale."""
    if sale_id is None:
        return None
    credit = repo.sale_credit(tenant_id, account_id, sale_id)
    if credit is None or credit.charged - credit.refunded <= 0:
        raise errors.ValidationError(
            "This sale owes nothing to this credit account.",
            errors=[{"field": "sale_id", "message": "charged nothing to this account"}],
        )
    if credit.schedule_id is not None:
        raise errors.ConflictError("This sale already has a schedule.")
    return credit.charged - credit.refunded


def list_schedules(
    principal: Principal, account_id: str, query: ScheduleQuery, start_key: Key | None
) -> Page[ScheduleOut]:
    """The account's schedules in creation order, instalments with their status of today."""
    account = repo.get_account(principal.tenant_id, account_id)
    items, last_key = schedules_repo.schedules_page(
        principal.tenant_id, account.id, query.limit, start_key
    )
    today = today_of(principal.tenant_id)
    return [schedule_out(item, today) for item in items], last_key
