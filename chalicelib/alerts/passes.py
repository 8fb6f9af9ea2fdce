"""One pass of a scheduled check over a tenant's alerts of one type, shared by every job: open
(or bump) the alert of each finding, then resolve the open ones the pass did not find again.

A pass writes under its position (`J<local day>` for a daily job, `J<tick>` for a check run
at every tick): a second run of the same pass changes nothing (the alert's condition), the next
one counts a repeat of what it finds again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chalicelib.alerts import repository


@dataclass(frozen=True)
class Finding:
    """What a pass found about one subject, within a store (None: tenant-wide)."""

    store_id: str | None
    subject_id: str
    message: str
    severity: str = "WARNING"


@dataclass(frozen=True)
class Pass:
    tenant_id: str
    alert_type: str
    kind: str
    """What the alerts are about: `sale`, `user`, `credit_account`, `lot`."""
    at: str
    position: str

    def subject(self, store_id: str | None, subject_id: str) -> repository.AlertSubject:
        return repository.AlertSubject(
            tenant_id=self.tenant_id,
            alert_type=self.alert_type,
            store_id=store_id,
            kind=self.kind,
            subject_id=subject_id,
        )


def settle(run: Pass, findings: Iterable[Finding], stores: Sequence[str | None]) -> int:
    """Open or bump the alert of each finding, resolve the open alerts of the pass's type in
    `stores` that it did not find again; how many subjects it found."""
    found: set[tuple[str | None, str]] = set()
    for finding in findings:
        found.add((finding.store_id, finding.subject_id))
        repository.open_alert(
            run.subject(finding.store_id, finding.subject_id),
            severity=finding.severity,
            message=finding.message,
            at=run.at,
            position=run.position,
        )
    for alert in repository.open_alerts(run.tenant_id, stores, run.alert_type):
        if (alert.store_id, alert.subject_id) not in found:
            subject = run.subject(alert.store_id, alert.subject_id)
            repository.resolve_from_job(subject, at=run.at, position=run.position)
    return len(found)
