"""Request and response models of alerts."""

from __future__ import annotations

from typing import Literal

from chalicelib.http import OutputModel, QueryModel
from chalicelib.schemas import DEFAULT_LIMIT, Limit, NextCursor, Ulid

AlertType = Literal[
    "LOW_STOCK",
    "OUT_OF_STOCK",
    "EXPIRING_LOT",
    "PENDING_PAYMENT_TOO_LONG",
    "ABNORMAL_DISCOUNT",
    "CASH_VARIANCE",
    "CREDIT_OVERDUE",
]
AlertStatus = Literal["OPEN", "ACKNOWLEDGED", "RESOLVED"]


class SubjectOut(OutputModel):
    kind: str
    id: str


class AlertOut(OutputModel):
    id: str
    type: str
    severity: str
    store_id: str | None
    subject: SubjectOut
    message: str
    status: str
    first_seen_at: str
    last_seen_at: str
    count: int
    acknowledged_at: str | None
    acknowledged_by: str | None
    resolved_at: str | None
    resolved_by: str | None


class AlertList(OutputModel):
    """A page of alerts."""

    items: list[AlertOut]
    next_cursor: NextCursor


class AlertQuery(QueryModel):
    status: AlertStatus | None = None
    type: AlertType | None = None
    store_id: Ulid | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
