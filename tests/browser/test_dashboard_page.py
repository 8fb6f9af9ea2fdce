"""The owner's dashboard (GET /v1/reports/kpis?format=html) in a real browser: Debian's headless
Chromium, driven by Playwright, on the whole app served over HTTP on moto, after two weeks of
sales. The page loads nothing but itself, its charts are drawn and styled (its one <style> is
allowed by the CSP's hash), no CSP violation is reported, and its screenshot is not blank.

`DASHBOARD_SCREENSHOT=docs/dashboard.png make test-browser` keeps the screenshot there.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from chalicelib.local.server import DevServer
from tests.browser.pages import watched_page
from tests.support import Counter, Stack, add_category, open_counter, submitted_sale

FIRST_COLOUR = "rgb(31, 111, 139)"  # dashboard.COLOURS[0]: pygal's CSS applied
PERIOD = "from=2034-05-01&to=2034-05-14"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    """Fourteen days of sales in five products of three categories, paid three ways."""
    counter = open_counter(stack.api)
    categories = [add_category(counter.tenant, name)["id"] for name in
                  ("Boissons", "Épicerie", "Hygiène")]  # fmt: skip
    products = [
        counter.product(price=price, name=name, category_id=categories[i % 3])
        for i, (name, price) in enumerate(
            (("Soda 33 cl", 500), ("Riz 25 kg", 12_000), ("Savon", 750),
             ("Huile 1 L", 1_800), ("<script>alert(1)</script>", 2_500))
        )
    ]  # fmt: skip
    monkeypatch = pytest.MonkeyPatch()
    methods = ("CASH", "MOBILE_MONEY", "CARD")
    for day in range(14):
        moment = datetime(2034, 5, 1, 9, tzinfo=UTC) + timedelta(days=day)
        monkeypatch.setattr("chalicelib.clock.now", lambda moment=moment: moment)
        lines = [
            {"product_id": products[(day + k) % 5], "quantity": 1 + (day * (k + 1)) % 4}
            for k in range(1 + day % 3)
        ]
        sale = submitted_sale(counter.tenant, counter.store, lines, by=counter.seller)
        counter.pay(sale["id"], methods[day % 3], sale["total"])
    monkeypatch.undo()
    stack.drain()
    return counter


@pytest.fixture
def page(
    browser: Browser, counter: Counter, problems: list[str], requests: list[str]
) -> Iterator[Page]:
    """A page signed in as the tenant's ADMIN."""
    yield from watched_page(
        browser,
        problems,
        requests,
        viewport=VIEWPORT,
        extra_http_headers={"Authorization": f"Bearer {counter.tenant.token}"},
    )


def _screenshot(page: Page, tmp_path: Path) -> bytes:
    shot = page.screenshot(full_page=True)
    (tmp_path / "dashboard.png").write_bytes(shot)
    kept = os.environ.get("DASHBOARD_SCREENSHOT")
    if kept:
        Path(kept).write_bytes(shot)
    return shot


def _not_blank(shot: bytes) -> dict[str, Any]:
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[1]
    painted = sum(count for count, colour in colours if colour != background)
    return {"size": image.size, "colours": len(colours), "painted": painted / (image.width *
            image.height)}  # fmt: skip


def test_the_dashboard_draws_its_charts_under_its_policy(
    server: DevServer, page: Page, problems: list[str], requests: list[str], tmp_path: Path
) -> None:
    url = f"{server.url}/v1/reports/kpis?format=html&{PERIOD}"
    answer = page.goto(url)
    assert answer is not None and answer.status == 200
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert page.title() == "Supermarché Akwa — Tableau de bord"
    charts = page.locator("figure svg")
    assert charts.count() == 4
    for box in (charts.nth(i).bounding_box() for i in range(4)):
        assert box is not None and box["width"] > 300 and box["height"] > 150, box
    bars = page.locator("figure svg .series.color-0 rect.rect, figure svg .series.color-0 path")
    assert bars.count() > 14
    assert bars.first.evaluate("node => getComputedStyle(node).fill") == FIRST_COLOUR
    assert page.locator("h1").evaluate("node => getComputedStyle(node).fontSize") == "25.6px"
    assert page.get_by_role("cell", name="<script>alert(1)</script>", exact=True).is_visible()
    shot = _screenshot(page, tmp_path)
    seen = _not_blank(shot)
    assert len(shot) > 50_000 and seen["size"][0] == VIEWPORT["width"], seen
    assert seen["size"][1] > VIEWPORT["height"] and seen["colours"] > 200, seen
    assert seen["painted"] > 0.2, seen
    assert requests == [url]
    assert problems == []


def test_the_lane_sees_a_violation_when_the_page_breaks_its_policy(
    server: DevServer, page: Page, problems: list[str]
) -> None:
    """The check above can fail: an inline style attribute is refused and reported."""
    page.goto(f"{server.url}/v1/reports/kpis?format=html&{PERIOD}")
    assert problems == []
    page.evaluate("document.querySelector('h1').setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert page.locator("h1").evaluate("node => getComputedStyle(node).color") != "rgb(255, 0, 0)"
    assert any("CSP violation: style-src" in problem for problem in problems), problems
