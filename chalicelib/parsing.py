"""Request bodies and query strings read into pydantic models, each problem naming its field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from chalicelib import errors
from chalicelib.bodies import read_json


def parse_json_body(model: type[BaseModel], raw: bytes) -> BaseModel:
    data = read_json(raw)
    if not isinstance(data, dict):
        raise errors.ValidationError(
            "The body must be a JSON object.",
            errors=[{"field": "body", "message": "expected object"}],
        )
    return parse_model(model, raw.decode("utf-8") if raw else "{}", location="body", json_text=True)


def parse_model(
    model: type[BaseModel], data: Any, *, location: str, json_text: bool = False
) -> BaseModel:
    try:
        if json_text:
            return model.model_validate_json(data)
        return model.model_validate(data)
    except PydanticValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise errors.MalformedJsonError("The body is not valid JSON.") from error
        raise errors.ValidationError(
            f"The request {location} is invalid.", errors=field_errors(error, location)
        ) from error


def field_errors(error: PydanticValidationError, location: str = "body") -> list[dict[str, str]]:
    """One entry per problem, each naming its field: a validator that raises FieldValueError
    names the field it is about (relative to the model that raised it); a problem with the
    whole body or query names that."""
    problems = []
    for item in error.errors(include_url=False):
        path = [str(part) for part in item["loc"]]
        message = item["msg"]
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, errors.FieldValueError):
            path.append(cause.field)
        if isinstance(cause, ValueError):
            message = str(cause)
        problems.append({"field": ".".join(path) or location, "message": message})
    return problems


def unknown_query(params: dict[str, str]) -> errors.ValidationError:
    return errors.ValidationError(
        "This route takes no query parameters.",
        errors=[{"field": name, "message": "Extra inputs are not permitted"} for name in params],
    )
