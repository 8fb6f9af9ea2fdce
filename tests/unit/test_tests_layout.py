"""The tests' own layout: shared setups live in tests/support/, and no module of tests/ imports a
test module or a conftest (importing one runs its fixtures and ties the two modules together)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
# The pytest lanes; tests/perf and tests/fuzz are programs with modules of their own.
LANES = ("unit", "api", "integration", "infra")


def _imported(path: Path, root: Path) -> Iterator[str]:
    """Every module `path` imports, function-local and relative imports included."""
    package = list(path.relative_to(root.parent).parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _is_test_module_or_conftest(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest")


def imports_of_test_modules(root: Path) -> list[str]:
    """`module -> imported` for each import of a test module or a conftest under `root`."""
    return sorted(
        f"{path.relative_to(root.parent)} -> {name}"
        for path in root.rglob("*.py")
        for name in set(_imported(path, root))
        if _is_test_module_or_conftest(name)
    )


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    assert imports_of_test_modules(TESTS) == [], "move the shared setup into tests/support/"


def test_a_planted_import_of_a_test_module_or_a_conftest_is_found(tmp_path: Path) -> None:
    lane = tmp_path / "tests" / "api"
    lane.mkdir(parents=True)
    (lane / "test_alerts.py").write_text("from tests.api.test_stock import Shop\n")
    (lane / "test_more.py").write_text("def f():\n    from ..conftest import Stack\n")
    (lane / "test_fine.py").write_text("from tests.support import Shop\nfrom . import helpers\n")
    assert imports_of_test_modules(tmp_path / "tests") == [
        "tests/api/test_alerts.py -> tests.api.test_stock",
        "tests/api/test_more.py -> tests.conftest",
    ]


def test_the_test_lanes_hold_only_test_modules_and_conftests() -> None:
    helpers = sorted(
        str(path.relative_to(TESTS.parent))
        for lane in LANES
        for path in (TESTS / lane).rglob("*.py")
        if not path.name.startswith("test_") and path.name not in ("conftest.py", "__init__.py")
    )
    assert helpers == [], "shared setups belong in tests/support/"
