"""Request and response models of the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.http import OutputModel
from chalicelib.periods import PeriodQuery
from chalicelib.schemas import DEFAULT_LIMIT, Limit, NextCursor


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the log as a stream handler derives it from a record."""

    tenant_id: str
    at: str
    sequence: str
    action: str
    entity_type: str
    entity_id: str
    user_id: str | None
    changes: dict[str, Any]
    store_ids: list[str]


class AuditEntryOut(OutputModel):
    at: str
    user_id: str | None
    action: str
    entity_type: str
    entity_id: str
    changes: dict[str, list[Any]]


class AuditQuery(PeriodQuery):
    entity_type: str | None = None
    entity_id: str | None = None
    user_id: str | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


class AuditPage(OutputModel):
    """A page of audit entries."""

    items: list[AuditEntryOut]
    next_cursor: NextCursor
