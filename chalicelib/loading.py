"""Loading a function's modules without the garbage collector walking them as they load.

A cold start allocates a few hundred thousand objects (classes, functions, validators) that live
as long as the container; the collections their allocations trigger only walk them again and
again. Under `without_collection()` nothing is collected, and at the end what was loaded is set
aside (`gc.freeze`), so no later collection walks it either.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType


@contextmanager
def without_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@cache
def load_module(name: str) -> ModuleType:
    """A handler's own modules, loaded on its first invocation like the function's others."""
    with without_collection():
        return importlib.import_module(name)
