"""Field types shared by every domain's pydantic schemas."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from chalicelib.pagination import DEFAULT_LIMIT, MAX_LIMIT

Ulid = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    ),
]
Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Money = Annotated[int, Field(ge=0, le=10**15)]
Bps = Annotated[int, Field(ge=0, le=10000)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Locale = Annotated[str, StringConstraints(pattern=r"^(fr|en)$")]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


def _known_timezone(value: str) -> str:
    if value not in available_timezones():
        raise ValueError("unknown IANA time zone")
    return value


Timezone = Annotated[str, AfterValidator(_known_timezone)]


def sent_fields(patch: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body actually sent (explicit nulls included), except `version`."""
    return {name: getattr(patch, name) for name in patch.model_fields_set if name != "version"}


__all__ = [
    "DEFAULT_LIMIT",
    "Bps",
    "Country",
    "Currency",
    "Email",
    "Limit",
    "Locale",
    "Money",
    "Name",
    "Password",
    "Text",
    "Timezone",
    "Ulid",
    "sent_fields",
]
