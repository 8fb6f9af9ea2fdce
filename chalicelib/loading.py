"""Loading a function's modules without the garbage collector walking them as they load.

A cold start allocates a few hundred thousand objects (classes, functions, validators) that live
as long as the container; the collections their allocations trigger only walk them again and
again. Under `without_collection()` nothing is collected, and at the end what was loaded is set
aside (`gc.freeze`), so no later collection walks it either.
"""

from __future__ import annotations

import ast
import gc
import importlib
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import Any

_loading = threading.Lock()
_depth = 0  # loads in progress, in any thread
_enabled = True  # whether collection was on when the outermost load began


@contextmanager
def without_collection() -> Iterator[None]:
    """Collection off while any load is in progress (first requests load modules while other
    threads serve theirs); the last load to end freezes what was loaded and turns collection
    back on if it was on when the first began."""
    global _depth, _enabled
    with _loading:
        if _depth == 0:
            _enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _loading:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _enabled:
                    gc.enable()


@cache
def load_module(name: str) -> ModuleType:
    """A handler's own modules, loaded on its first invocation like the function's others."""
    with without_collection():
        return importlib.import_module(name)


class LazyModule:
    """A module loaded on its first attribute read, like `load_module`. A route module names its
    domain's services this way (its `TYPE_CHECKING` import names them for the checkers and the
    import graph): a cold start loads the routes' declarations and schemas, and a blueprint's
    first request loads the services, repositories and models it calls."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(load_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_modules(package: str, *names: str) -> tuple[LazyModule, ...]:
    """`package`'s modules `names`, each loaded on its first use."""
    return tuple(LazyModule(f"{package}.{name}") for name in names)


def lazy_face(package: str, path: str) -> Callable[[str], Any]:
    """The module `__getattr__` (PEP 562) of a domain's face: the names its `if TYPE_CHECKING:`
    block imports are loaded from their modules on first use, so importing one module of the
    package (its routes, its events) no longer loads the whole domain. The block is also what
    the type checkers and the import graph read."""

    def find(name: str) -> Any:
        origin = _face_names(path).get(name)
        if origin is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = origin
        if module == package:  # a module of the package itself
            value: Any = load_module(f"{package}.{attribute}")
        else:
            value = getattr(load_module(module), attribute)
        setattr(sys.modules[package], name, value)
        return value

    return find


@cache
def _face_names(path: str) -> dict[str, tuple[str, str]]:
    """name → (module, attribute) of the imports under the face's `if TYPE_CHECKING:`."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), path)
    names: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        names[alias.asname or alias.name] = (statement.module, alias.name)
    return names
