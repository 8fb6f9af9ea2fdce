"""The files of the docs page: our page and start-up script (docs/), and Swagger UI's script
and style, which `make install` copies from the pinned npm package (vendor/docs/) into
docs/swagger-ui/ so that the function zip carries them and nothing comes from another origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chalice import Response

DOCS_DIR = Path(__file__).with_name("docs")
SWAGGER_UI_DIR = DOCS_DIR / "swagger-ui"
# Shared caches may keep them for an hour: they change only with a release.
CACHE_CONTROL = "public, max-age=3600"


@dataclass(frozen=True)
class DocsFile:
    path: Path
    content_type: str


PAGE = DocsFile(DOCS_DIR / "page.html", "text/html; charset=utf-8")
START_SCRIPT = DocsFile(DOCS_DIR / "docs.js", "text/javascript; charset=utf-8")
SWAGGER_UI_SCRIPT = DocsFile(
    SWAGGER_UI_DIR / "swagger-ui-bundle.js", "text/javascript; charset=utf-8"
)
SWAGGER_UI_STYLE = DocsFile(SWAGGER_UI_DIR / "swagger-ui.css", "text/css; charset=utf-8")


def answer(file: DocsFile) -> Response:
    headers: dict[str, str | list[str]] = {
        "Content-Type": file.content_type,
        "Cache-Control": CACHE_CONTROL,
    }
    return Response(body=_text(file.path), status_code=200, headers=headers)


@lru_cache(maxsize=8)
def _text(path: Path) -> str:
    """Read once per container; a missing Swagger UI file means a build without `make install`."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: `make install` copies Swagger UI there")
    return path.read_text(encoding="utf-8")
