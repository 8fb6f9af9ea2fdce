"""Request bodies: the JSON reader's refusals and field errors that always name their field."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Field, model_validator

from chalicelib import errors
from chalicelib.bodies import read_json
from chalicelib.errors import FieldValueError
from chalicelib.http import ApiModel, parse_json_body
from chalicelib.money import MAX_AMOUNT
from chalicelib.schemas import Clearable, Name, PatchModel, Text, Ulid


def test_integers_up_to_the_ceiling_are_read_as_they_are() -> None:
    assert read_json(f'{{"a": [{MAX_AMOUNT}, -{MAX_AMOUNT}, 0, 1.5]}}'.encode()) == {
        "a": [MAX_AMOUNT, -MAX_AMOUNT, 0, 1.5]
    }


def test_integers_beyond_the_ceiling_are_422_with_each_path() -> None:
    body = f'{{"a": {MAX_AMOUNT + 1}, "b": [{{"c": -{"9" * 5000}}}], "d": "{"9" * 5000}"}}'
    with pytest.raises(errors.ValidationError) as raised:
        read_json(body.encode())
    assert [error["field"] for error in raised.value.errors or []] == ["a", "b.0.c"]


@pytest.mark.parametrize("text", ['"\\ud800"', '"\\udc00"', '["x", {"k": "\\udbff"}]'])
def test_lone_surrogates_are_malformed_json(text: str) -> None:
    with pytest.raises(errors.MalformedJsonError):
        read_json(f'{{"a": {text}}}'.encode())


def test_invalid_utf8_and_deep_nesting_are_malformed_json() -> None:
    for raw in (b'{"a": "\xed\xa0\x80"}', b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"):
        with pytest.raises(errors.MalformedJsonError):
            read_json(raw)


class Line(ApiModel):
    product_id: Ulid
    quantity: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _dozens(self) -> Line:
        if self.quantity % 12:
            raise FieldValueError("quantity", "sold by the dozen")
        return self


class Order(ApiModel):
    lines: list[Line]
    first: int = 0
    last: int = 0

    @model_validator(mode="after")
    def _window(self) -> Order:
        if self.first > self.last:
            raise FieldValueError("first", "must not be after last")
        return self


def _fields(raw: str) -> list[str]:
    with pytest.raises(errors.ValidationError) as raised:
        parse_json_body(Order, raw.encode())
    return [error["field"] for error in raised.value.errors or []]


def test_a_validator_names_its_field_under_the_models_own_path() -> None:
    ulid = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    assert _fields(f'{{"lines": [{{"product_id": "{ulid}", "quantity": 5}}]}}') == [
        "lines.0.quantity"
    ]
    assert _fields('{"lines": [], "first": 2, "last": 1}') == ["first"]


@pytest.mark.parametrize("ulid", ["81ARZ3NDEKTSV4RRFFQ69G5FAV", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"])
def test_a_ulid_beyond_its_128_bits_is_refused(ulid: str) -> None:
    assert _fields(f'{{"lines": [{{"product_id": "{ulid}", "quantity": 12}}]}}') == [
        "lines.0.product_id"
    ]


class ShelfPatch(PatchModel):
    version: int
    name: Name | None = None
    note: Clearable[Text] = None


def test_a_patch_model_refuses_null_except_where_it_clears() -> None:
    assert ShelfPatch.clearable_fields() == {"note"}
    cleared = parse_json_body(ShelfPatch, b'{"version": 1, "note": null}')
    assert cleared.model_fields_set == {"version", "note"}
    with pytest.raises(errors.ValidationError) as raised:
        parse_json_body(ShelfPatch, b'{"version": 1, "name": null, "note": null}')
    assert [error["field"] for error in raised.value.errors or []] == ["name"]


def test_a_patch_models_schema_offers_null_only_where_it_clears() -> None:
    properties = ShelfPatch.model_json_schema()["properties"]
    assert properties["name"]["type"] == "string" and "default" not in properties["name"]
    assert {"type": "null"} in properties["note"]["anyOf"]


class Basket(ApiModel):
    items: int = 0

    @model_validator(mode="after")
    def _not_empty(self) -> Basket:
        if not self.items:
            raise ValueError("an empty basket")
        return self


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"12", b"null", b"{}"])
def test_a_problem_with_the_whole_body_names_the_body(raw: bytes) -> None:
    with pytest.raises(errors.ValidationError) as raised:
        parse_json_body(Basket, raw)
    assert [error["field"] for error in raised.value.errors or []] == ["body"]
