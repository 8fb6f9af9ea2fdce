"""CREDIT_OVERDUE (overdue-credit, 08:00 local): one alert per credit account with an instalment
past due, its subject the account (no store: credit is the tenant's). The run for local day D
writes under the position `J<D>`: running it again that day changes nothing, the next day's run
counts one more occurrence of an account still overdue. An open alert whose account owes
nothing past due any more is resolved. Past 30 days overdue the alert is CRITICAL."""

from __future__ import annotations

from datetime import date

from chalicelib import clock, credit
from chalicelib.alerts import repository

CREDIT_OVERDUE = "CREDIT_OVERDUE"
CRITICAL_AFTER_DAYS = 30


def overdue_credit(tenant_id: str, day: date) -> int:
    """Open or bump the alert of each overdue account, resolve the others; how many overdue."""
    position, at = "J" + day.isoformat(), clock.iso()
    found = {account.account_id: account for account in credit.overdue_accounts(tenant_id, day)}
    for account in found.values():
        days = (day - account.overdue_since).days + 1
        repository.open_alert(
            _subject(tenant_id, account.account_id),
            severity="CRITICAL" if days > CRITICAL_AFTER_DAYS else "WARNING",
            message=(
                f"{account.overdue_amount} overdue for {days} days (since "
                f"{account.overdue_since.isoformat()}) on a balance of {account.balance}."
            ),
            at=at,
            position=position,
        )
    for alert in repository.open_alerts(tenant_id, [None], CREDIT_OVERDUE):
        if alert.subject_id not in found:
            subject = _subject(tenant_id, alert.subject_id)
            repository.resolve_from_job(subject, at=at, position=position)
    return len(found)


def _subject(tenant_id: str, account_id: str) -> repository.AlertSubject:
    return repository.AlertSubject(
        tenant_id=tenant_id,
        alert_type=CREDIT_OVERDUE,
        store_id=None,
        kind="credit_account",
        subject_id=account_id,
    )
