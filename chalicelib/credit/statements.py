"""Statements of a credit account over tenant-local days: the balance before the period (the
last entry before it), the period's entries oldest first, the balance after them, and what
remains due on the account's instalments. One query for the entries, one for the entry before.
As JSON, or as a document (HTML, PDF) in the tenant's language.
"""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib import clock, customers, errors, tenancy
from chalicelib.auth.principal import Principal
from chalicelib.clock import day_start_utc, iso, local_date, parse_iso
from chalicelib.credit import repository as repo
from chalicelib.credit import schedule as rules
from chalicelib.credit.ledger import entry_out
from chalicelib.credit.schemas import InstalmentDueOut, StatementOut, StatementQuery
from chalicelib.credit.service import account_out, open_schedules, schedule_of
from chalicelib.documents import Document, Table, to_html, to_pdf
from chalicelib.money import format_amount
from chalicelib.reads_repository import Reads

MAX_DAYS = 366
MAX_ENTRIES = 1000


def statement(principal: Principal, account_id: str, query: StatementQuery) -> StatementOut:
    """422 for more than MAX_DAYS days or MAX_ENTRIES entries."""
    reads = Reads(consistent=True)
    tenancy.want_tenant(reads, principal.tenant_id)
    repo.want_account(reads, principal.tenant_id, account_id)
    tenant = tenancy.settings_in(reads, principal.tenant_id)
    today = local_date(clock.now(), tenant.timezone)
    last = query.to or today
    first = query.from_ or last.replace(day=1)
    if first > last or (last - first).days + 1 > MAX_DAYS:
        raise errors.ValidationError(
            f"A statement covers from 1 to {MAX_DAYS} days, `from` not after `to`.",
            errors=[{"field": "from", "message": f"at most {MAX_DAYS} days before `to`"}],
        )
    account = repo.get_account(principal.tenant_id, account_id, reads)
    start = iso(day_start_utc(first, tenant.timezone))
    end = iso(day_start_utc(last + timedelta(days=1), tenant.timezone))
    opening, within = repo.entries_between(
        principal.tenant_id, account.id, start, end, MAX_ENTRIES + 1
    )
    if len(within) > MAX_ENTRIES:
        raise errors.ValidationError(
            f"The period holds more than {MAX_ENTRIES} entries: ask for a shorter one.",
            errors=[{"field": "from", "message": f"at most {MAX_ENTRIES} entries"}],
        )
    stored = open_schedules(account)
    schedules = [schedule_of(s) for s in stored]
    due = sorted(
        (
            InstalmentDueOut.model_validate(
                {
                    "schedule_id": s.id,
                    "due_date": i.due_date,
                    "amount": i.unpaid,
                    "status": rules.instalment_status(i, today),
                }
            )
            for s in schedules
            for i in s.instalments
            if i.unpaid > 0
        ),
        key=lambda item: (item.due_date, item.schedule_id),
    )
    return StatementOut.model_validate(
        {
            "account": account_out(account, today, stored),
            "from": first,
            "to": last,
            "opening_balance": opening,
            "entries": [entry_out(e) for e in within],
            "closing_balance": within[-1].balance_after if within else opening,
            "installments_due": due,
            "currency": account.currency,
        }
    )


WORDS = {
    "fr": {
        "title": "Relevé de compte client",
        "customer": "Client",
        "period": "Période",
        "opening": "Solde d'ouverture",
        "closing": "Solde de clôture",
        "limit": "Plafond",
        "available": "Crédit disponible",
        "entries": "Opérations",
        "date": "Date",
        "operation": "Opération",
        "amount": "Montant",
        "balance": "Solde",
        "due": "Échéances",
        "due_date": "Échéance",
        "remaining": "Reste dû",
        "status": "Statut",
        "CHARGE": "Achat à crédit",
        "REPAYMENT": "Remboursement",
        "REFUND": "Avoir",
        "ADJUSTMENT": "Ajustement",
        "DUE": "À échoir",
        "PAID": "Payée",
        "OVERDUE": "En retard",
    },
    "en": {
        "title": "Customer account statement",
        "customer": "Customer",
        "period": "Period",
        "opening": "Opening balance",
        "closing": "Closing balance",
        "limit": "Credit limit",
        "available": "Available credit",
        "entries": "Entries",
        "date": "Date",
        "operation": "Operation",
        "amount": "Amount",
        "balance": "Balance",
        "due": "Instalments due",
        "due_date": "Due date",
        "remaining": "Remaining",
        "status": "Status",
        "CHARGE": "Credit purchase",
        "REPAYMENT": "Repayment",
        "REFUND": "Refund",
        "ADJUSTMENT": "Adjustment",
        "DUE": "Due",
        "PAID": "Paid",
        "OVERDUE": "Overdue",
    },
}


def document(principal: Principal, out: StatementOut) -> Document:
    """The statement in the tenant's language, money written its way (Babel)."""
    tenant = tenancy.tenant_settings(principal.tenant_id)
    words = WORDS.get(tenant.locale, WORDS["en"])
    customer = customers.get_customer(principal.tenant_id, out.account.customer_id)

    def money(amount: int) -> str:
        return format_amount(amount, out.currency, tenant.locale)

    def day(value: date) -> str:
        return value.strftime("%d/%m/%Y" if tenant.locale == "fr" else "%Y-%m-%d")

    entries = Table(
        (words["date"], words["operation"], words["amount"], words["balance"]),
        [
            (
                day(local_date(parse_iso(e.created_at), tenant.timezone)),
                words.get(e.type, e.type),
                money(e.amount),
                money(e.balance_after),
            )
            for e in out.entries
        ],
        words["entries"],
    )
    due = Table(
        (words["due_date"], words["remaining"], words["status"]),
        [(day(i.due_date), money(i.amount), words[i.status]) for i in out.installments_due],
        words["due"],
    )
    return Document(
        title=f"{words['title']} — {customer.name}",
        header=[
            (words["customer"], customer.name),
            (words["period"], f"{day(out.from_)} - {day(out.to)}"),
            (words["opening"], money(out.opening_balance)),
            (words["closing"], money(out.closing_balance)),
            (words["limit"], money(out.account.credit_limit)),
            (words["available"], money(out.account.available_credit)),
        ],
        tables=[entries, due],
    )


def render(principal: Principal, out: StatementOut, kind: str) -> tuple[bytes | str, str]:
    printed = document(principal, out)
    if kind == "html":
        return to_html(printed), "text/html; charset=utf-8"
    return to_pdf(printed), "application/pdf"
