"""What both pages' tests share: Debian's headless Chromium driven by Playwright, the whole app
served over HTTP on moto, and lists for what a page meets (`tests.browser.pages`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from chalicelib.local.server import DevServer
from tests.support import Stack

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(stack: Stack) -> Iterator[DevServer]:
    with DevServer(stack.app_module.app, port=0) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def problems() -> list[str]:
    return []


@pytest.fixture
def requests() -> list[str]:
    return []
