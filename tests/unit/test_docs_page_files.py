"""The docs page's files: our page and start-up script, and the pinned Swagger UI they load."""

from __future__ import annotations

import json
import re
from pathlib import Path

from chalicelib.meta import docs_files

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "vendor" / "docs"
SERVED = (docs_files.START_SCRIPT, docs_files.SWAGGER_UI_SCRIPT, docs_files.SWAGGER_UI_STYLE)
REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _page() -> str:
    return docs_files.PAGE.path.read_text(encoding="utf-8")


def test_the_page_loads_only_the_files_served_beside_it() -> None:
    page = _page()
    assert page.lstrip().lower().startswith("<!doctype html>")
    loaded = set(REFERENCE.findall(page)) - {"data:,"}
    assert loaded == {f"docs/{file.path.name}" for file in SERVED}
    assert "://" not in page and "@import" not in page and "url(" not in page


def test_the_page_has_no_inline_script_or_style() -> None:
    """So its policy needs no hash and no 'unsafe-inline'."""
    page = _page()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and "style=" not in page
    assert not re.search(r"\son\w+\s*=", page, re.IGNORECASE)


def test_the_start_script_reads_the_document_beside_the_page() -> None:
    script = docs_files.START_SCRIPT.path.read_text(encoding="utf-8")
    assert 'url: "openapi.json"' in script and "validatorUrl: null" in script
    assert "://" not in script
    assert "innerHTML" not in script and "eval(" not in script


def test_swagger_ui_is_pinned_exactly_with_its_integrity_hash() -> None:
    wanted = json.loads((VENDOR / "package.json").read_text())["dependencies"]["swagger-ui-dist"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), wanted
    lock = json.loads((VENDOR / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/swagger-ui-dist"]
    assert locked["version"] == wanted and locked["integrity"].startswith("sha512-")
    assert all("integrity" in package for name, package in lock["packages"].items() if name)


def test_the_copied_swagger_ui_is_the_pinned_release() -> None:
    wanted = json.loads((VENDOR / "package.json").read_text())["dependencies"]["swagger-ui-dist"]
    bundle = docs_files.SWAGGER_UI_SCRIPT.path.read_text(encoding="utf-8")
    assert f'PACKAGE_VERSION:"{wanted}"' in bundle
    assert docs_files.SWAGGER_UI_STYLE.path.stat().st_size > 10_000
    for license_file in ("LICENSE", "NOTICE"):
        assert (docs_files.SWAGGER_UI_DIR / license_file).is_file(), license_file
