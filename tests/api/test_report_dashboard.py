"""GET /v1/reports/kpis?format=html: the owner's dashboard, one self-contained page in the
tenant's language with a server-drawn SVG chart for each of revenue by day, payment methods,
top products and categories, under a CSP that lets nothing but its own style in."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support import (
    Counter,
    Reply,
    Stack,
    add_category,
    add_product,
    add_store,
    add_user,
    open_counter,
    sign_up,
)

HOSTILE = "<script>alert(1)</script>"
DAY = "from=2034-03-10&to=2034-03-12"
CHARTS = 4


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


@pytest.fixture(scope="module")
def sold(counter: Counter, stack: Stack) -> dict[str, Any]:
    """Two sales on 2034-03-11 (Douala): a hostile product name, a hostile category name, cash
    and mobile money."""
    monkeypatch = pytest.MonkeyPatch()
    pinned = datetime(2034, 3, 11, 10, 0, tzinfo=UTC)
    monkeypatch.setattr("chalicelib.clock.now", lambda: pinned)
    category = add_category(counter.tenant, "<b>Épicerie</b> & co")["id"]
    hostile = counter.product(price=1_000_000, name=HOSTILE, category_id=category)
    rice = counter.product(price=12_000, name="Riz 25 kg")
    first = counter.sell([{"product_id": hostile, "quantity": 1}])
    second = counter.sell(
        [{"product_id": rice, "quantity": 2}], payments=[("MOBILE_MONEY", 24_000, None)]
    )
    monkeypatch.undo()
    stack.drain()
    return {"sales": [first, second]}


def _dashboard(counter: Counter, query: str = DAY, token: str | None = None) -> Reply:
    return counter.tenant.get(
        f"/v1/reports/kpis?format=html&{query}", token=token or counter.tenant.token
    )


def _french(amount: int) -> str:
    """XAF as French writes it: narrow no-break spaces between thousands, a no-break space."""
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0FCFA"


def test_the_dashboard_is_an_html_page_with_a_chart_each_and_the_figures_in_french(
    counter: Counter, sold: dict[str, Any]
) -> None:
    reply = _dashboard(counter)
    assert reply.status == 200, reply
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    page = reply.body.decode()
    assert page.startswith("<!doctype html>") and "<html lang='fr'>" in page
    assert page.count("<svg") == CHARTS
    for caption in ("Chiffre d'affaires par jour", "Moyens de paiement", "Meilleurs produits",
                    "Catégories"):  # fmt: skip
        assert f"<figcaption>{html.escape(caption)}</figcaption>" in page, caption
    kpis = counter.tenant.get(f"/v1/reports/kpis?{DAY}").json
    revenue = sum(sale["total"] for sale in sold["sales"])
    assert kpis["revenue"] == revenue == 1_024_000
    assert _french(1_024_000) in page and "1\u202f024\u202f000\u00a0FCFA" in page
    assert _french(kpis["average_basket"]) in page
    assert "Espèces" in page and "Mobile money" in page and "Riz 25 kg" in page
    assert "11 mars 2034" not in page and "10 mars 2034" in page and "12 mars 2034" in page


def test_every_name_from_the_data_is_escaped_and_nothing_runs(
    counter: Counter, sold: dict[str, Any]
) -> None:
    page = _dashboard(counter).body.decode()
    assert HOSTILE not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Épicerie&lt;/b&gt; &amp; co" in page
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert not re.search(r"\son\w+\s*=", page), "an event handler attribute"


def test_it_loads_nothing_and_its_policy_allows_only_its_own_style(
    counter: Counter, sold: dict[str, Any]
) -> None:
    reply = _dashboard(counter)
    page = reply.body.decode()
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page)
    assert re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page) == ["data:,"]
    assert "url(" not in page and "@import" not in page and " style=" not in page
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    directives = dict(
        d.strip().split(" ", 1) for d in reply.headers["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert "script-src" not in directives and "unsafe" not in str(directives)
    assert reply.headers["Cache-Control"] == "no-store"


def test_json_stays_the_default_and_the_page_has_the_same_top_products(
    counter: Counter, sold: dict[str, Any]
) -> None:
    kpis = counter.tenant.get(f"/v1/reports/kpis?{DAY}")
    assert kpis.headers["Content-Type"].startswith("application/json")
    assert [p["name"] for p in kpis.json["top_products"]] == [HOSTILE, "Riz 25 kg"]
    page = _dashboard(counter).body.decode()
    table = page[page.index("<caption>Meilleurs produits</caption>") :].split("</table>")[0]
    assert table.index("&lt;script&gt;") < table.index("Riz 25 kg")
    assert _french(24_000) in table and _french(1_000_000) in table


def test_one_store_and_the_callers_scope(counter: Counter, sold: dict[str, Any]) -> None:
    page = _dashboard(counter, f"{DAY}&store_id={counter.other_store}").body.decode()
    assert "Bali" in page and "Tous les magasins" not in page and "Riz 25 kg" not in page
    assert page.count("<svg") == CHARTS and "Aucune vente" in page
    manager = add_user(counter.tenant, "MANAGER", [counter.store])
    mine = _dashboard(counter, token=manager.token)
    assert mine.status == 200 and "Riz 25 kg" in mine.body.decode()
    refused = _dashboard(counter, f"{DAY}&store_id={counter.other_store}", token=manager.token)
    assert refused.status == 403 and refused.json["code"] == "FORBIDDEN"
    seller = _dashboard(counter, token=counter.seller.token)
    assert seller.status == 403


def test_an_english_tenant_reads_it_in_english(stack: Stack) -> None:
    tenant = sign_up(stack.api, name="Corner Shop", locale="en")
    add_store(tenant, "Main", "MAIN")
    add_product(tenant, name="Cable", price=1200, track_stock=False)
    page = tenant.get("/v1/reports/kpis?format=html&from=2034-01-01&to=2034-01-31").body.decode()
    assert "<html lang='en'>" in page and "Corner Shop — Dashboard" in page
    assert "Revenue by day" in page and "Payment methods" in page and "Top products" in page
    assert "January 1, 2034" in page and "FCFA0" in page and page.count("<svg") == CHARTS


def test_the_contract_declares_the_page(stack: Stack) -> None:
    document = stack.api.get("/v1/openapi.json").json
    answers = document["paths"]["/v1/reports/kpis"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/html"} <= set(answers)
