"""Statements of a credit account: the balance before the period, its entries oldest first,
the balance after them, the instalments still due; at most 366 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support import CreditTill, Stack, adjust_credit, credit_till


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return credit_till(stack.api)


def _today() -> date:
    return datetime.now(ZoneInfo("Africa/Douala")).date()


def test_a_statement_of_this_month_lists_its_entries_oldest_first(till: CreditTill) -> None:
    customer, account = till.customer(limit=20000)
    adjust_credit(till.tenant, str(account), 5000, "Cahier")
    sale = till.sale(customer, 3000)
    assert till.pay(sale, 3000).status == 201
    due = (_today() + timedelta(days=20)).isoformat()
    body = {"sale_id": sale, "installments": [{"due_date": due, "amount": 3000}]}
    assert till.tenant.post(f"/v1/credit-accounts/{account}/schedules", body).status == 201
    repay = {"amount": 1000, "method": "CARD"}
    assert till.tenant.post(f"/v1/credit-accounts/{account}/repayments", repay).status == 201
    reply = till.tenant.get(f"/v1/credit-accounts/{account}/statement")
    assert reply.status == 200, reply
    statement = reply.json
    assert statement["from"] == _today().replace(day=1).isoformat()
    assert statement["to"] == _today().isoformat()
    assert statement["opening_balance"] == 0 and statement["closing_balance"] == 7000
    assert [(e["type"], e["amount"]) for e in statement["entries"]] == [
        ("ADJUSTMENT", 5000),
        ("CHARGE", 3000),
        ("REPAYMENT", -1000),
    ]
    assert statement["account"]["balance"] == 7000 and statement["currency"] == "XAF"
    # The repayment paid the oldest instalment first: 2 000 of the sale's 3 000 remain.
    assert [(i["due_date"], i["amount"], i["status"]) for i in statement["installments_due"]] == [
        (due, 2000, "DUE")
    ]


def test_a_later_period_opens_with_the_balance_before_it(till: CreditTill) -> None:
    _, account = till.customer(limit=20000)
    adjust_credit(till.tenant, str(account), 4000, "Cahier")
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    reply = till.tenant.get(
        f"/v1/credit-accounts/{account}/statement?from={tomorrow}&to={tomorrow}"
    )
    assert reply.status == 200, reply
    statement = reply.json
    assert (statement["opening_balance"], statement["closing_balance"]) == (4000, 4000)
    assert statement["entries"] == []


def test_a_statement_covers_at_most_366_days(till: CreditTill) -> None:
    _, account = till.customer(limit=1000)
    path = f"/v1/credit-accounts/{account}/statement"
    assert till.tenant.get(f"{path}?from=2025-01-01&to=2026-01-02").status == 422
    assert till.tenant.get(f"{path}?from=2025-01-01&to=2026-01-01").status == 200
    assert till.tenant.get(f"{path}?from=2026-02-01&to=2026-01-01").status == 422
    assert till.tenant.get(f"{path}?format=xml").status == 422
    unknown = till.tenant.get("/v1/credit-accounts/01JD000000000000000000000X/statement")
    assert unknown.status == 404


def test_the_statement_prints_in_french_with_french_money(till: CreditTill) -> None:
    _, account = till.customer(limit=200000)
    adjust_credit(till.tenant, str(account), 150000, "Cahier")
    page = till.tenant.get(f"/v1/credit-accounts/{account}/statement?format=html")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html"), page
    text = page.body.decode()
    assert "Relevé de compte client" in text and "Ajustement" in text
    assert "150\u202f000\u00a0FCFA" in text or "150 000 FCFA" in text.replace("\u202f", " ")
    pdf = till.tenant.get(
        f"/v1/credit-accounts/{account}/statement?format=pdf",
        headers={"Accept": "application/pdf"},
    )
    assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF") and pdf.body.rstrip().endswith(b"%%EOF")
