"""Pages that record every problem they meet: console errors, uncaught errors, failed loads,
error answers and CSP violations (which the page reports itself)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from playwright.sync_api import Browser, Page

# Reported by the page itself: Chromium also logs each violation as a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watched_page(
    browser: Browser, problems: list[str], requests: list[str], **context: Any
) -> Iterator[Page]:
    """A fresh page (in its own context, opened with `context`) that appends every problem it
    meets to `problems` and every URL it asks for to `requests`."""
    opened_context = browser.new_context(**context)
    opened = opened_context.new_page()
    opened.add_init_script(REPORT_CSP_VIOLATIONS)
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    opened.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    opened.on("request", lambda r: requests.append(r.url))
    opened.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    yield opened
    opened_context.close()
