"""README's permission table is the code's table (regenerate it with `make docs`)."""

from __future__ import annotations

import re
from pathlib import Path

from chalicelib.auth.permissions import permission_table_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_permission_table_of_the_code() -> None:
    found = re.search(
        r"<!-- permissions:start -->\n(.*?)\n<!-- permissions:end -->",
        README.read_text(),
        re.DOTALL,
    )
    assert found, "README.md lacks the <!-- permissions:start/end --> block: run make docs"
    assert found.group(1) == permission_table_markdown(), "README is stale: run make docs"
