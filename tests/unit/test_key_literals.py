"""Keys are built in chalicelib/db/keys/ only: a `XYZ#`-shaped literal elsewhere in chalicelib is a
key written beside the chart, which the data-model doc would not show."""

from __future__ import annotations

import ast
import re
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
KEY_SHAPE = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*#")


def key_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal (f-string parts too) shaped like a key part."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and KEY_SHAPE.search(node.value)
    ]


def test_no_key_literal_outside_the_key_module() -> None:
    offenders = [
        f"{path.relative_to(CHALICELIB.parent)}:{line}: {text!r}"
        for path in sorted(CHALICELIB.rglob("*.py"))
        if CHALICELIB / "db" not in path.parents
        for line, text in key_literals(path.read_text())
    ]
    assert not offenders, "build these keys in chalicelib/db/keys/:\n" + "\n".join(offenders)


def test_a_planted_key_literal_is_found() -> None:
    planted = 'def refund_key(sale_id):\n    return "PAY#", f"T#{tenant}#REFUND#{sale_id}"\n'
    assert [text for _, text in key_literals(planted)] == ["PAY#", "T#", "#REFUND#"]
    assert not key_literals('url = "#/components/schemas/Problem"\nnote = "a # b"\n')
