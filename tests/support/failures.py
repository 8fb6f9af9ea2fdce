"""Storage failures injected where DynamoDB raises them: at a transaction's commit; and a till's
payment whose commit fails that way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from tests.support.credit import CreditTill


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


MID_PAYMENT_FAILURES = pytest.mark.parametrize(
    ("code", "reasons", "status"),
    [
        ("ThrottlingException", None, 503),
        ("TransactionCanceledException", ["", "", "", "TransactionConflict"], 409),
    ],
)
"""A payment's write failing at its commit: throttled (503), or cancelled by a conflict (409)."""


def payment_failing_at_commit(
    till: CreditTill, sale: str, amount: int, method: str, failure: tuple[str, Any, int]
) -> None:
    """Pay the sale while the commit fails with `failure` (code, reasons, status): the answer
    is that status, and the sale and the open shift are as they were."""
    from chalicelib.db.base import Tx

    code, reasons, status = failure
    shifts = f"/v1/cash-shifts?store_id={till.store}&status=OPEN"
    before = till.tenant.get(shifts).json["items"][0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Tx, "_commit", failing_commit(code, reasons))
        failed = till.pay(sale, amount, method)
    assert failed.status == status, failed
    if status == 503:
        assert failed.headers.get("Retry-After") == "1"
    stored = till.tenant.get(f"/v1/sales/{sale}").json
    assert (stored["status"], stored["paid_total"]) == ("PENDING_PAYMENT", 0)
    assert till.tenant.get(shifts).json["items"][0] == before
