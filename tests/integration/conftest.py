"""The app served over real HTTP by the threaded dev server, for tests that need real
concurrency (chalice.test.Client is not made for threads)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import HttpApi, Stack


@pytest.fixture(scope="session")
def live_api(stack: Stack) -> Iterator[HttpApi]:
    """A JSON client for the app on http://127.0.0.1:<free port> (its `base_url`)."""
    from chalicelib.local.server import DevServer

    server = DevServer(stack.app_module.app, port=0)
    server.start()
    try:
        yield HttpApi(server.url)
    finally:
        server.stop()
