"""Records read for a list page that only shows them: plain, read-only views of an item.

PynamoDB builds a model instance attribute by attribute through its descriptors (defaults
set, then every value set and checked): for a 50-sale page most of the handler's own time.
A page that only turns its items into response models needs their values, not a model it
could save: `reader(model)` reads each raw item into a namespace of the model's attribute
names, each value deserialized by the model's own attribute, a missing one its default.
An item of another kind than the model is built by PynamoDB as usual."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import cache
from types import SimpleNamespace
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.constants import NULL, NUMBER, STRING

from chalicelib.db.base import Entity, IntegerAttribute

RawItem = dict[str, dict[str, Any]]


@cache
def reader(model: type[Entity]) -> Callable[[RawItem], Any]:
    """Raw item → a read-only view with the model's attribute names."""
    attributes = model.get_attributes()
    discriminator = model._discriminator  # type: ignore[attr-defined]
    kind_attribute: Any = attributes[discriminator] if discriminator else None
    kind = kind_attribute.get_discriminator(model) if kind_attribute else None
    by_wire = {
        attribute.attr_name: (name, _converter(attribute))
        for name, attribute in attributes.items()
        if name != discriminator
    }
    fixed = {
        name: attribute.default for name, attribute in attributes.items() if name != discriminator
    }
    made = {name: default for name, default in fixed.items() if callable(default)}
    for name in made:
        fixed[name] = None

    def read(raw: RawItem) -> Any:
        if kind_attribute is not None:
            stored = raw.get(kind_attribute.attr_name)
            if stored is None or kind_attribute.get_value(stored) != kind:
                return Entity.from_raw_data(raw)
        values = dict(fixed)
        for name, default in made.items():
            values[name] = default()
        for wire, typed in raw.items():
            found = by_wire.get(wire)
            if found is None or NULL in typed:
                continue
            name, convert = found
            values[name] = convert(typed)
        return SimpleNamespace(**values)

    return read


def _converter(attribute: Any) -> Callable[[dict[str, Any]], Any]:
    """A typed value → its Python value, as the attribute reads it (text and integers, the
    most of a record, without the attribute's calls)."""
    kind = type(attribute)
    if kind is UnicodeAttribute:
        return operator.itemgetter(STRING)
    if kind is IntegerAttribute:
        return lambda typed: int(typed[NUMBER])
    return lambda typed: attribute.deserialize(attribute.get_value(typed))
