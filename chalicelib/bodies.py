"""Reading a JSON request body into plain values, refusing what no field could take."""

from __future__ import annotations

import json
import re
from typing import Any

from chalicelib import errors
from chalicelib.money import MAX_AMOUNT

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _OversizedInteger:
    """Stands for a JSON integer beyond MAX_AMOUNT, never converted (Python refuses ints of
    more than 4300 digits, and no field takes one)."""


def _json_integer(digits: str) -> int | _OversizedInteger:
    if len(digits) <= 17 and abs(value := int(digits)) <= MAX_AMOUNT:
        return value
    return _OversizedInteger()


def read_json(raw: bytes) -> Any:
    """The body's JSON value: 400 for what is not JSON text in UTF-8 (a lone surrogate
    included), 422 naming each integer beyond what every JSON client holds exactly."""
    try:
        data = json.loads(raw.decode("utf-8") if raw else "{}", parse_int=_json_integer)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise errors.MalformedJsonError(f"The body is not valid JSON: {error}.") from error
    except RecursionError as error:
        raise errors.MalformedJsonError("The body nests too deeply.") from error
    oversized = _oversized_integers(data)
    if oversized:
        raise errors.ValidationError(
            f"Numbers are at most {MAX_AMOUNT} (2^53 - 1).",
            errors=[{"field": path, "message": f"at most {MAX_AMOUNT}"} for path in oversized],
        )
    return data


def _oversized_integers(data: Any) -> list[str]:
    """The paths of oversized integers, after checking that every string is Unicode text."""
    found, pending = [], [("", data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _OversizedInteger):
            found.append(path)
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            raise errors.MalformedJsonError("The body holds a lone UTF-16 surrogate.")
        elif isinstance(value, dict):
            pending += [(_joined(path, key), item) for key, item in value.items()]
            pending += [(path, key) for key in value]
        elif isinstance(value, list):
            pending += [(_joined(path, index), item) for index, item in enumerate(value)]
    return sorted(found)


def _joined(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)
