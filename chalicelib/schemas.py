"""Field types shared by every domain's pydantic schemas, the base of every PATCH body, the list
query and a list page's cursor, the fields every versioned record shows, `from_item`, which
reads a response model from a stored record."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, TypeVar
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, QueryModel
from chalicelib.money import MAX_AMOUNT, MINOR_UNITS
from chalicelib.pagination import DEFAULT_LIMIT, MAX_LIMIT

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_HIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")
_HIDDEN_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}]")


def _one_line(value: str) -> str:
    if _HIDDEN_IN_LINE.search(value):
        raise ValueError("line breaks, control and bidirectional-override characters are refused")
    return value


def _plain_text(value: str) -> str:
    if _HIDDEN_IN_TEXT.search(value):
        raise ValueError("control and bidirectional-override characters are refused")
    return value


OneLine = AfterValidator(_one_line)
"""Names, codes, references: no control characters, line breaks or bidi overrides/isolates."""
PlainText = AfterValidator(_plain_text)
"""Notes and addresses: line breaks and tabs allowed; other controls and bidi overrides not."""

Ulid = Annotated[str, StringConstraints(pattern=r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$")]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
]
Text = Annotated[str, StringConstraints(max_length=2000), PlainText]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    ),
    OneLine,
]
Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Money = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Bps = Annotated[int, Field(ge=0, le=10000)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LOCALES = ("fr", "en")
"""The languages a tenant's documents are written in."""
Locale = Annotated[str, StringConstraints(pattern=rf"^({'|'.join(LOCALES)})$")]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def _iso_currency(value: str) -> str:
    if value not in MINOR_UNITS:
        raise ValueError("not an ISO 4217 currency in circulation")
    return value


Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso_currency)]


def _known_timezone(value: str) -> str:
    if value not in available_timezones():
        raise ValueError("unknown IANA time zone")
    return value


Timezone = Annotated[str, AfterValidator(_known_timezone)]


def _plain_strings(value: Any) -> Any:
    """Free-form JSON (product specs): every key and string inside follows PlainText."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            _plain_text(item)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return value


PlainJson = AfterValidator(_plain_strings)

_T = TypeVar("_T")
_M = TypeVar("_M", bound=BaseModel)


class _ClearableMarker:
    """Annotation metadata: null clears this PATCH field."""


Clearable = Annotated[_T | None, _ClearableMarker()]
"""A PATCH field that `null` clears (optional on the object); any other field refuses null."""


def _document_nulls(schema: dict[str, Any], model: Any) -> None:
    """The schema says what the validator does: only clearable fields accept null."""
    clearable = model.clearable_fields()
    for name, prop in schema.get("properties", {}).items():
        branches = prop.get("anyOf", [])
        kept = [branch for branch in branches if branch != {"type": "null"}]
        if name in clearable or len(kept) == len(branches):
            continue
        prop.pop("anyOf")
        if prop.get("default", 0) is None:
            prop.pop("default")
        prop.update(kept[0] if len(kept) == 1 else {"anyOf": kept})


class PatchModel(ApiModel):
    """PATCH bodies (API.md `versions`): an absent field is unchanged; null clears a `Clearable`
    field and is 422 on any other, whatever the subclass declares, before anything is written."""

    model_config = ConfigDict(json_schema_extra=_document_nulls)
    _clearable: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._clearable = frozenset(
            name
            for name, info in cls.model_fields.items()
            if any(isinstance(item, _ClearableMarker) for item in info.metadata)
        )

    @classmethod
    def clearable_fields(cls) -> frozenset[str]:
        return cls._clearable

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_clears(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls._clearable:
            raise PydanticCustomError("null_refused", "may not be null: this field is required")
        return value


class ListQuery(QueryModel):
    """A page of a list without filters; a list with filters adds them to this."""

    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None


ObjectId = Annotated[str, Field(description=docs.OBJECT_ID, examples=[docs.ULID_EXAMPLE])]
Version = Annotated[int, Field(description=docs.VERSION, examples=[1])]
CreatedAt = Annotated[str, Field(description=docs.CREATED_AT, examples=[docs.TIME_EXAMPLE])]
UpdatedAt = Annotated[str, Field(description=docs.UPDATED_AT, examples=[docs.TIME_EXAMPLE])]
"""What every versioned record shows: `id: ObjectId`, then its own fields, then `version`,
`created_at` and `updated_at` with these types (so each answer keeps that order)."""

NextCursor = Annotated[
    str | None,
    Field(description="Send it as `cursor` for the next page; null on the last page."),
]
"""A list page's `next_cursor`, beside its `items`."""


def from_item(model: type[_M], item: Any, **given: Any) -> _M:
    """A response model read from a record's attributes; `given` holds the fields the record
    does not store under the model's names (renamed or computed ones).

    The fields are read into a dict (validated faster than an object read by attribute); a
    field the record lacks is left to its default; nested parts are still read by attribute."""
    data: dict[str, Any] = {}
    for key in _field_keys(model):
        value = given[key] if key in given else getattr(item, key, _MISSING)
        if value is not _MISSING:
            data[key] = value
    return model.model_validate(data, from_attributes=True)


_MISSING = object()
_KEYS: dict[type[BaseModel], tuple[str, ...]] = {}


def _field_keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The names a model's fields are read under (their alias where they have one)."""
    found = _KEYS.get(model)
    if found is None:
        found = _KEYS[model] = tuple(
            field.alias or name for name, field in model.model_fields.items()
        )
    return found


def sent_fields(patch: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body actually sent (explicit nulls included), except `version`."""
    return {name: getattr(patch, name) for name in patch.model_fields_set if name != "version"}


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_AMOUNT",
    "Bps",
    "Clearable",
    "Country",
    "CreatedAt",
    "Currency",
    "Email",
    "Limit",
    "ListQuery",
    "Locale",
    "Money",
    "Name",
    "NextCursor",
    "ObjectId",
    "OneLine",
    "Password",
    "PatchModel",
    "PlainJson",
    "PlainText",
    "Text",
    "Timezone",
    "Ulid",
    "UpdatedAt",
    "Version",
    "from_item",
    "sent_fields",
]
