"""Selling on credit: accounts, their append-only ledger, instalment schedules and repayments."""
