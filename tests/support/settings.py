"""Settings changed for the length of a test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def changed_settings(**values: str | None) -> Iterator[None]:
    """Run with these settings (environment names, e.g. ACCESS_CHECK_SECONDS="0"; None unsets
    one), then restore.

    The settings are read again at once: chalice.test.Client runs each request with the
    environment of .chalice/config.json's stage, which must not become the settings.
    """
    from chalicelib.config import get_settings

    saved = {name: os.environ.get(name) for name in values}
    _set_environment(values)
    get_settings.cache_clear()
    get_settings()
    try:
        yield
    finally:
        _set_environment(saved)
        get_settings.cache_clear()
        get_settings()


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
