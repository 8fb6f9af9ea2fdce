"""CREDIT_OVERDUE (overdue-credit, 08:00 local): one alert per credit account with an instalment
past due, its subject the account (no store: credit is the tenant's). The run for local day D
writes under the position `J<D>`: running it again that day changes nothing, the next day's run
counts one more occurrence of an account still overdue. An open alert whose account owes
nothing past due any more is resolved. Past 30 days overdue the alert is CRITICAL."""

from __future__ import annotations

from datetime import date

from chalicelib import clock, credit
from chalicelib.alerts.passes import Finding, Pass, settle

CREDIT_OVERDUE = "CREDIT_OVERDUE"
CRITICAL_AFTER_DAYS = 30


def overdue_credit(tenant_id: str, day: date) -> int:
    """Open or bump the alert of each overdue account, resolve the others; how many overdue."""
    run = Pass(tenant_id, CREDIT_OVERDUE, "credit_account", clock.iso(), "J" + day.isoformat())
    findings = []
    for account in credit.overdue_accounts(tenant_id, day):
        days = (day - account.overdue_since).days + 1
        message = (
            f"{account.overdue_amount} overdue for {days} days (since "
            f"{account.overdue_since.isoformat()}) on a balance of {account.balance}."
        )
        severity = "CRITICAL" if days > CRITICAL_AFTER_DAYS else "WARNING"
        findings.append(Finding(None, account.account_id, message, severity))
    return settle(run, findings, [None])
