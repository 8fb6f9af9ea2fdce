"""The audit trail, derived from the table's stream. Other domains write an entry of their own
(stock's threshold changes) as an `AuditEntry` with `record_entry`, stamped `written_at` and its
values made JSON by `plain`."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.audit.events import plain
    from chalicelib.audit.schemas import AuditEntry
    from chalicelib.audit.service import record_entry, written_at

__all__ = ["AuditEntry", "plain", "record_entry", "written_at"]

__getattr__ = lazy_face(__name__, __file__)
