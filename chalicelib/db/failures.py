"""Storage failures read as the domain errors they mean: a condition, a conflict, a busy table.

The one place that knows PynamoDB's exceptions; http.py and retries.py ask it, repositories too.
"""

from __future__ import annotations

from pynamodb.exceptions import PynamoDBException

from chalicelib.errors import ConflictError, DomainError, UnavailableError


def storage_error(error: PynamoDBException) -> DomainError:
    """Map a storage failure that no condition explains to 409 or 503."""
    if is_transaction_conflict(error):
        return ConflictError("Another request changed the same data; try again.")
    return UnavailableError("The database is busy; try again shortly.", retry_after=1)


def is_storage_error(error: BaseException) -> bool:
    return isinstance(error, PynamoDBException)


def is_conditional_failure(error: PynamoDBException) -> bool:
    return _response_code(error) == "ConditionalCheckFailedException"


def is_transaction_conflict(error: BaseException) -> bool:
    """DynamoDB cancelled the write because another transaction was changing the same item."""
    if not isinstance(error, PynamoDBException):
        return False
    return (
        "TransactionConflict" in _reason_codes(error)
        or _response_code(error) == "TransactionConflictException"
    )


def _reason_codes(error: PynamoDBException) -> set[str]:
    reasons = getattr(error, "cancellation_reasons", None) or []
    codes = {reason.code for reason in reasons if reason is not None}
    response = getattr(error.cause, "response", None) or {}
    return codes | {r.get("Code", "") for r in response.get("CancellationReasons", [])}


def _response_code(error: PynamoDBException) -> str:
    """The DynamoDB error code, or "" for failures without a response (timeouts, refusals)."""
    try:
        return error.cause_response_code or ""
    except AttributeError:
        return ""
