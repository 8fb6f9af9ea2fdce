"""Domain errors: each carries the API error code and HTTP status it maps to (API.md)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a client can cause; http.py turns it into problem+json."""

    status = 400
    code = "BAD_REQUEST"
    title = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}


class MalformedJsonError(DomainError):
    status, code, title = 400, "MALFORMED_JSON", "Malformed JSON"


class UnsupportedMediaTypeError(DomainError):
    status, code, title = 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"


class PayloadTooLargeError(DomainError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload too large"


class ValidationError(DomainError):
    status, code, title = 422, "VALIDATION_ERROR", "Validation error"


class FieldValueError(ValueError):
    """Raised by a schema's validator to name the field at fault (relative to that schema):
    the 422 then points at it instead of at the whole body."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnauthenticatedError(DomainError):
    status, code, title = 401, "UNAUTHENTICATED", "Authentication required"


class InvalidCredentialsError(DomainError):
    status, code, title = 401, "INVALID_CREDENTIALS", "Invalid credentials"


class AccountLockedError(DomainError):
    status, code, title = 423, "ACCOUNT_LOCKED", "Account locked"


class ForbiddenError(DomainError):
    status, code, title = 403, "FORBIDDEN", "Forbidden"


class NotFoundError(DomainError):
    status, code, title = 404, "NOT_FOUND", "Not found"


class ConflictError(DomainError):
    status, code, title = 409, "CONFLICT", "Conflict"


class VersionMismatchError(DomainError):
    status, code, title = 409, "VERSION_MISMATCH", "Version mismatch"


class InvalidStateError(DomainError):
    status, code, title = 409, "INVALID_STATE", "Invalid state"


class InsufficientStockError(DomainError):
    status, code, title = 409, "INSUFFICIENT_STOCK", "Insufficient stock"


class CreditLimitExceededError(DomainError):
    status, code, title = 409, "CREDIT_LIMIT_EXCEEDED", "Credit limit exceeded"


class ApprovalRequiredError(DomainError):
    status, code, title = 409, "APPROVAL_REQUIRED", "Approval required"


class ShiftRequiredError(DomainError):
    status, code, title = 409, "SHIFT_REQUIRED", "Open cash shift required"


class IdempotencyKeyReusedError(DomainError):
    status, code, title = 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused"


class RequestInProgressError(DomainError):
    status, code, title = 409, "REQUEST_IN_PROGRESS", "Request in progress"


class RateLimitedError(DomainError):
    status, code, title = 429, "RATE_LIMITED", "Too many requests"


class UnavailableError(DomainError):
    status, code, title = 503, "UNAVAILABLE", "Service unavailable"

    def __init__(self, detail: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class NotAcceptableError(DomainError):
    status, code, title = 406, "NOT_ACCEPTABLE", "Not acceptable"


class MethodNotAllowedError(DomainError):
    status, code, title = 405, "METHOD_NOT_ALLOWED", "Method not allowed"


class InternalError(DomainError):
    status, code, title = 500, "INTERNAL", "Internal error"
