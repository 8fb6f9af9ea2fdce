"""GET /v1/docs in a real browser: Debian's headless Chromium, driven by Playwright, on the
whole app served over HTTP on moto. Swagger UI loads under the page's strict CSP, lists every
operation of the OpenAPI document and runs a "Try it out" call of /v1/health, with no console
error and no CSP violation; once as served locally, once under the deployed stage path /api.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from chalicelib.local.server import DevServer
from tests.support import HttpApi, Stack

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
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Reported by the page itself: Chromium also logs each violation as a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
STAGE_PATH = "/api"


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
def page(browser: Browser, problems: list[str]) -> Iterator[Page]:
    """A fresh page that records console errors, uncaught errors and failed loads."""
    context = browser.new_context()
    opened = context.new_page()
    opened.add_init_script(REPORT_CSP_VIOLATIONS)
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    opened.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    opened.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    yield opened
    context.close()


def operations(server: DevServer) -> set[tuple[str, str]]:
    document = HttpApi(server.url).get("/v1/openapi.json").json
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def listed_operations(page: Page) -> set[tuple[str, str]]:
    blocks = page.locator(".opblock .opblock-summary")
    methods = blocks.locator(".opblock-summary-method").all_inner_texts()
    paths = blocks.locator(".opblock-summary-path").evaluate_all(
        "nodes => nodes.map(node => node.dataset.path)"
    )
    return {(method.strip().upper(), path) for method, path in zip(methods, paths, strict=True)}


def try_health(page: Page) -> tuple[str, str]:
    """Expand GET /v1/health, press "Try it out" then "Execute": the request URL and answer."""
    health = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/v1/health"]')
    )
    health.locator(".opblock-summary-control").click()
    health.get_by_role("button", name="Try it out").click()
    health.get_by_role("button", name="Execute").click()
    live = health.locator(".live-responses-table .response")
    expect(live.locator(".response-col_status")).to_contain_text("200")
    body = live.locator(".response-col_description pre").first.inner_text()
    return health.locator(".request-url pre").inner_text().strip(), body


def test_the_docs_page_lists_every_operation_and_tries_health(
    server: DevServer, page: Page, problems: list[str]
) -> None:
    expected = operations(server)
    page.goto(f"{server.url}/v1/docs")
    expect(page.locator(".opblock")).to_have_count(len(expected), timeout=20_000)
    assert listed_operations(page) == expected
    request_url, body = try_health(page)
    assert request_url == f"{server.url}/v1/health"
    assert re.sub(r"\s+", "", body).startswith('{"status":"ok"'), body
    assert json.loads(body)["status"] == "ok"
    assert problems == []


def test_under_the_stage_path_the_page_and_its_calls_stay_under_it(
    server: DevServer, page: Page, problems: list[str]
) -> None:
    """As deployed (https://<host>/api/v1/...): every URL the page uses is relative."""
    seen: list[str] = []
    page_requests: list[str] = []
    page.on("request", lambda request: page_requests.append(request.url))

    def through_the_stage(route: Route) -> None:
        seen.append(route.request.url)
        inner = route.request.url.replace(server.url + STAGE_PATH, server.url, 1)
        route.fulfill(response=route.fetch(url=inner))

    page.route(f"{server.url}{STAGE_PATH}/**", through_the_stage)
    page.goto(f"{server.url}{STAGE_PATH}/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    request_url, body = try_health(page)
    assert request_url == f"{server.url}{STAGE_PATH}/v1/health"
    assert json.loads(body)["status"] == "ok"
    assert f"{server.url}{STAGE_PATH}/v1/docs/swagger-ui-bundle.js" in seen
    assert f"{server.url}{STAGE_PATH}/v1/openapi.json" in seen
    assert all(url.startswith(server.url + STAGE_PATH + "/v1/") for url in page_requests), (
        page_requests
    )
    assert problems == []
