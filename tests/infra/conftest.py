"""The packaging lane: reads what `make package` wrote to dist/ (make test-infra runs both)."""

from __future__ import annotations

from pathlib import Path

import pytest

DIST = Path(__file__).resolve().parents[2] / "dist"


@pytest.fixture(scope="session")
def dist() -> Path:
    missing = [p for p in ("bundle/function.zip", "prod/sam.json") if not (DIST / p).is_file()]
    if missing:
        pytest.fail(f"dist/ lacks {missing}: run make package (make test-infra does)")
    return DIST
