"""The audit trail, derived from the table's stream."""
