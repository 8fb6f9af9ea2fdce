"""GET /v1/docs in a real browser: Debian's headless Chromium, driven by Playwright, on the
whole app served over HTTP on moto. Swagger UI loads under the page's strict CSP, lists every
operation of the OpenAPI document and runs a "Try it out" call of /v1/health, with no console
error and no CSP violation; once as served locally, once under the deployed stage path /api.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from chalicelib.local.server import DevServer
from tests.browser.pages import watched_page
from tests.support import HttpApi

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
STAGE_PATH = "/api"
# Swagger UI draws only the operations near the viewport once a document has 150 tags and
# operations or more (ours has): the tests scroll through the page as a reader does.
SCROLL_STEPS = 200


@pytest.fixture
def page(browser: Browser, problems: list[str], requests: list[str]) -> Iterator[Page]:
    yield from watched_page(browser, problems, requests)


def operations(server: DevServer) -> set[tuple[str, str]]:
    document = HttpApi(server.url).get("/v1/openapi.json").json
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def drawn_operations(page: Page) -> set[tuple[str, str]]:
    blocks = page.locator(".opblock .opblock-summary")
    methods = blocks.locator(".opblock-summary-method").all_inner_texts()
    paths = blocks.locator(".opblock-summary-path").evaluate_all(
        "nodes => nodes.map(node => node.dataset.path)"
    )
    return {(method.strip().upper(), path) for method, path in zip(methods, paths, strict=True)}


def listed_operations(page: Page) -> set[tuple[str, str]]:
    """Every operation the page draws, from the top of the page to its end."""
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    seen: set[tuple[str, str]] = set()
    page.evaluate("window.scrollTo(0, 0)")
    for _ in range(SCROLL_STEPS):
        page.wait_for_timeout(50)
        seen |= drawn_operations(page)
        if page.evaluate("window.scrollY + window.innerHeight >= document.body.scrollHeight"):
            return seen
        page.evaluate("window.scrollBy(0, window.innerHeight / 2)")
    raise AssertionError(f"the page did not end after {SCROLL_STEPS} half screens")


def scroll_to_operation(page: Page, method: str, path: str) -> Locator:
    """The operation's block, once scrolling from the top has drawn it."""
    block = page.locator(f".opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
    )
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    page.evaluate("window.scrollTo(0, 0)")
    for _ in range(SCROLL_STEPS):
        page.wait_for_timeout(50)
        if block.count():
            block.scroll_into_view_if_needed()
            return block
        page.evaluate("window.scrollBy(0, window.innerHeight / 2)")
    raise AssertionError(f"{method.upper()} {path} is not on the page")


def try_health(page: Page) -> tuple[str, str]:
    """Expand GET /v1/health, press "Try it out" then "Execute": the request URL and answer."""
    health = scroll_to_operation(page, "get", "/v1/health")
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
    assert listed_operations(page) == expected
    request_url, body = try_health(page)
    assert request_url == f"{server.url}/v1/health"
    assert re.sub(r"\s+", "", body).startswith('{"status":"ok"'), body
    assert json.loads(body)["status"] == "ok"
    assert problems == []


def test_under_the_stage_path_the_page_and_its_calls_stay_under_it(
    server: DevServer, page: Page, problems: list[str], requests: list[str]
) -> None:
    """As deployed (https://<host>/api/v1/...): every URL the page uses is relative."""
    seen: list[str] = []

    def through_the_stage(route: Route) -> None:
        seen.append(route.request.url)
        inner = route.request.url.replace(server.url + STAGE_PATH, server.url, 1)
        route.fulfill(response=route.fetch(url=inner))

    page.route(f"{server.url}{STAGE_PATH}/**", through_the_stage)
    page.goto(f"{server.url}{STAGE_PATH}/v1/docs")
    request_url, body = try_health(page)
    assert request_url == f"{server.url}{STAGE_PATH}/v1/health"
    assert json.loads(body)["status"] == "ok"
    assert f"{server.url}{STAGE_PATH}/v1/docs/swagger-ui-bundle.js" in seen
    assert f"{server.url}{STAGE_PATH}/v1/openapi.json" in seen
    assert all(url.startswith(server.url + STAGE_PATH + "/v1/") for url in requests), requests
    assert problems == []
