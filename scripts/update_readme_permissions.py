"""Rewrite README.md's permission table (between its markers) from the code's table."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from chalicelib.auth.permissions import permission_table_markdown

START, END = "<!-- permissions:start -->", "<!-- permissions:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)


def with_table(readme: str) -> str:
    block = f"{START}\n{permission_table_markdown()}\n{END}"
    if BLOCK.search(readme):
        return BLOCK.sub(lambda _: block, readme, count=1)
    before = readme.rstrip("\n") + "\n\n" if readme.strip() else ""
    return f"{before}## Permissions\n\n{block}\n"


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(with_table(path.read_text() if path.exists() else ""))
