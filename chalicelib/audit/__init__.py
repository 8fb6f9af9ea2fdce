"""The audit trail, derived from the table's stream. Other domains write an entry of their own
(stock's threshold changes) with `record_entry`, their values made JSON by `plain`."""

from chalicelib.audit.events import plain
from chalicelib.audit.service import record_entry

__all__ = ["plain", "record_entry"]
