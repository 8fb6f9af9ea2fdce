"""Storage failures that no condition explains become 409 or 503, never a 500."""

from __future__ import annotations

import botocore.exceptions
from pynamodb.exceptions import PutError, TransactWriteError

from chalicelib.db.failures import is_conditional_failure, storage_error
from chalicelib.errors import ConflictError, UnavailableError


def client_error(code: str, reasons: list[dict[str, str]] | None = None) -> Exception:
    response = {"Error": {"Code": code, "Message": code}}
    if reasons is not None:
        response["CancellationReasons"] = reasons  # type: ignore[assignment]
    return botocore.exceptions.ClientError(response, "TransactWriteItems")  # type: ignore[arg-type]


def test_a_timeout_without_a_response_is_503_with_retry_after() -> None:
    timeout = botocore.exceptions.ReadTimeoutError(endpoint_url="http://127.0.0.1")
    error = storage_error(TransactWriteError("timed out", cause=timeout))
    assert isinstance(error, UnavailableError) and error.headers["Retry-After"] == "1"


def test_throttling_is_503() -> None:
    error = storage_error(PutError("slow down", cause=client_error("ThrottlingException")))
    assert isinstance(error, UnavailableError)


def test_a_transaction_conflict_is_409() -> None:
    cause = client_error(
        "TransactionCanceledException", [{"Code": "TransactionConflict"}, {"Code": "None"}]
    )
    assert isinstance(storage_error(TransactWriteError("conflict", cause=cause)), ConflictError)


def test_conditional_failures_are_recognised_only_with_their_code() -> None:
    failed = PutError("no", cause=client_error("ConditionalCheckFailedException"))
    timed_out = PutError("no", cause=botocore.exceptions.ConnectTimeoutError(endpoint_url="x"))
    assert is_conditional_failure(failed)
    assert not is_conditional_failure(timed_out)
