"""The headers module: page policies by hash, allowed origins, and the settings behind them."""

from __future__ import annotations

import base64
import hashlib

from chalicelib import http_headers
from chalicelib.config import ONE_YEAR, get_settings
from tests.support import changed_settings


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_a_page_policy_names_each_inline_block_by_its_hash() -> None:
    page = (
        "<html><head><style>b { color: red }</style><STYLE media='print'>i {}</STYLE></head>"
        "<body><script>go()</script><script type='module'>\nmore()\n</script></body></html>"
    )
    policy = http_headers.page_policy(page)
    scripts = sorted([_hash("go()"), _hash("\nmore()\n")])
    assert f"script-src {scripts[0]} {scripts[1]}" in policy
    assert _hash("b { color: red }") in policy and _hash("i {}") in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_a_page_without_scripts_may_run_none() -> None:
    policy = http_headers.page_policy(b"<html><body><table></table></body></html>")
    assert "script-src" not in policy and "style-src" not in policy
    assert policy.startswith("default-src 'none'")


def test_a_page_that_loads_files_may_load_them_from_its_own_origin_only() -> None:
    page = (
        '<html><head><link rel="icon" href="data:,"><link rel="stylesheet" href="docs/ui.css">'
        '</head><body><script src="docs/ui.js"></script><script>go()</script></body></html>'
    )
    directives = dict(part.split(" ", 1) for part in http_headers.page_policy(page).split("; "))
    assert directives["script-src"] == f"'self' {_hash('go()')}"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_an_icon_alone_allows_no_style_file() -> None:
    policy = http_headers.page_policy('<html><head><link rel="icon" href="data:,"></head></html>')
    assert "style-src" not in policy and "script-src" not in policy


def test_origins_are_matched_exactly() -> None:
    with changed_settings(CORS_ORIGINS=" https://shop.example.cm/ ,http://localhost:3000"):
        assert get_settings().cors_origins == {"https://shop.example.cm", "http://localhost:3000"}
        assert http_headers.allowed_origin({"Origin": "https://shop.example.cm"})
        assert http_headers.allowed_origin({"origin": "http://localhost:3000"})
        assert not http_headers.allowed_origin({"origin": "http://localhost:3001"})
        assert not http_headers.allowed_origin({"origin": "https://shop.example.cm.evil.example"})
        assert not http_headers.allowed_origin({})


def test_vary_keeps_what_an_answer_already_varies_on() -> None:
    headers = {"Vary": "Accept"}
    with changed_settings(CORS_ORIGINS="https://shop.example.cm"):
        http_headers.secure(headers, "", {}, private=True)
    assert headers["Vary"] == "Accept, Origin" and headers["Cache-Control"] == "no-store"


def test_deployed_stages_send_strict_transport_security_by_default() -> None:
    with changed_settings(STAGE="prod"):
        assert get_settings().hsts_seconds == ONE_YEAR
    with changed_settings(STAGE="local"):
        assert get_settings().hsts_seconds == 0
