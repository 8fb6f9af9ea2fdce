"""The shape of the key chart. A `Key` is a template such as `T#{tenant_id}#SALE#{sale_id}`:
called with its parts, in order, it builds the key; rendered, it shows the parts as
placeholders. An entity names its keys; an access pattern the keys it reads or writes.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

INDEXES = ("table", "gsi1", "gsi2")


@dataclass(frozen=True)
class Key:
    """A key template. A part's spec says what is done to it: `lower`/`upper` (case), `sha256`
    (never in clear), a width such as `6` (zero-padded to sort as text), `or ROOT` (a default
    for none), `A|I` (a letter for yes or no), `first` (its first character)."""

    template: str

    def __call__(self, *parts: Any) -> str:
        fields = self._fields()
        if len(parts) != len(fields):
            raise TypeError(f"{self.template} takes {len(fields)} parts, got {len(parts)}")
        values = iter(parts)
        return "".join(
            literal + (_shaped(next(values), spec) if name is not None else "")
            for literal, name, spec in self._pieces()
        )

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self._fields())

    def rendered(self) -> str:
        """The key as the chart shows it: each part a placeholder saying what is done to it."""
        return "".join(
            literal + (_placeholder(name, spec) if name is not None else "")
            for literal, name, spec in self._pieces()
        )

    def _pieces(self) -> list[tuple[str, str | None, str]]:
        return [
            (literal, name, spec or "")
            for literal, name, spec, _ in string.Formatter().parse(self.template)
        ]

    def _fields(self) -> list[tuple[str, str]]:
        return [(name, spec) for _, name, spec in self._pieces() if name is not None]


def _shaped(value: Any, spec: str) -> str:
    if spec in ("lower", "upper"):
        return str(getattr(str(value), spec)())
    if spec == "sha256":
        return hashlib.sha256(str(value).encode()).hexdigest()
    if spec.isdigit():
        return str(value).zfill(int(spec))
    if spec.startswith("or "):
        return str(value or spec[3:])
    if "|" in spec:
        yes, no = spec.split("|")
        return yes if value else no
    if spec == "first":
        return str(value)[:1]
    if spec:
        raise ValueError(f"unknown key part spec {spec!r}")
    return str(value)


def _placeholder(name: str, spec: str) -> str:
    if spec in ("lower", "upper"):
        return f"<{name}, {spec}-case>"
    if spec == "sha256":
        return f"<sha256({name})>"
    if spec.isdigit():
        return f"<{name}, {spec} digits>"
    if spec.startswith("or "):
        return f"<{name} or {spec[3:]}>"
    if "|" in spec:
        return f"<{spec}>"
    if spec == "first":
        return f"<first character of {name}>"
    return f"<{name}>"


@dataclass(frozen=True)
class Pattern:
    """How an entity is read or written. `keys` names the key condition's parts: `{pk}`, `{sk}`,
    `{gsi1pk}`... stand for the entity's keys, other names for the keys in `uses`."""

    name: str
    index: str
    keys: str
    note: str = ""
    uses: Mapping[str, Key] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.index not in INDEXES:
            raise ValueError(f"{self.name}: unknown index {self.index}")


Keys = Key | tuple[Key, ...]


@dataclass(frozen=True)
class Entity:
    """One kind of item: its keys (a GSI as a pk and an sk; alternatives in a tuple)."""

    name: str
    pk: Keys
    sk: Keys
    gsi1: tuple[Keys, Keys] | None = None
    gsi2: tuple[Keys, Keys] | None = None
    note: str = ""
    patterns: tuple[Pattern, ...] = ()

    def rendered_keys(self) -> dict[str, str]:
        shown = {"pk": _rendered(self.pk), "sk": _rendered(self.sk)}
        for index in ("gsi1", "gsi2"):
            pair = getattr(self, index)
            if pair is not None:
                shown[f"{index}pk"], shown[f"{index}sk"] = _rendered(pair[0]), _rendered(pair[1])
        return shown

    def key_condition(self, pattern: Pattern) -> str:
        parts = {**self.rendered_keys(), **{n: k.rendered() for n, k in pattern.uses.items()}}
        wanted = [name for _, name, _, _ in string.Formatter().parse(pattern.keys) if name]
        missing = [name for name in wanted if name not in parts]
        if missing:
            raise ValueError(f"{pattern.name}: no key named {', '.join(missing)}")
        return pattern.keys.format(**parts)


def _rendered(keys: Keys) -> str:
    if isinstance(keys, tuple):
        return " or ".join(key.rendered() for key in keys)
    return keys.rendered()
