"""Storage failures injected where DynamoDB raises them: at a transaction's commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError


def failing_commit(code: str, reasons: list[str] | None = None) -> Callable[[Any], None]:
    """A TransactWriteItems call that fails the way DynamoDB does, after nothing was written:
    `code` is the error (ThrottlingException, TransactionCanceledException, ...), `reasons` the
    cancellation reason of each action ("" for none)."""
    cause = VerboseClientError(
        {"Error": {"Code": code, "Message": "injected"}},
        "TransactWriteItems",
        cancellation_reasons=[
            CancellationReason(code=reason) if reason else None for reason in reasons or []
        ],
    )

    def commit(self: Any) -> None:
        raise TransactWriteError("injected", cause=cause)

    return commit
