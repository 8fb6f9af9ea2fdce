"""chalicelib's modules import each other without a cycle, counting imports made inside
functions and for type checking: a lazy import never hides a loop."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_sources(root: Path) -> dict[str, str]:
    """Dotted module name -> source of every module under `root`'s chalicelib."""
    sources = {}
    for path in sorted((root / "chalicelib").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text()
    return sources


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    """module -> the modules of `sources` it imports anywhere in its body."""
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, source in sources.items():
        package = name if _is_package(name, sources) else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(source)):
            for target in _targets(node, package, sources):
                found = _known(target, sources)
                if found and found != name:
                    graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each set of modules that import each other in a loop (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _is_package(name: str, sources: dict[str, str]) -> bool:
    return any(other.startswith(name + ".") for other in sources)


def _targets(node: ast.AST, package: str, sources: dict[str, str]) -> Iterable[str]:
    """What an import statement names: `from a import b` names the module a.b, else a's `b`
    (parent packages are imported on the way and are not counted)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        named = (f"{base}.{alias.name}" for alias in node.names)
        return [target if target in sources else base for target in named]
    return []


def _known(target: str, sources: dict[str, str]) -> str | None:
    """The module an import names: its longest known prefix."""
    while target and target not in sources:
        target = target.rpartition(".")[0]
    return target or None


def test_no_import_cycle_in_chalicelib() -> None:
    found = cycles(import_graph(module_sources(ROOT)))
    assert not found, "modules that import each other:\n" + "\n".join(map(str, found))


def test_a_planted_cycle_is_found_even_behind_a_function_local_import() -> None:
    sources = {
        "chalicelib.http": "from chalicelib import idempotency\n",
        "chalicelib.idempotency": "def run():\n    from chalicelib.http import RequestContext\n",
        "chalicelib.clock": "import datetime\n",
        "chalicelib.sales": "",
        "chalicelib.sales.service": "from .repository import get_sale\n",
        "chalicelib.sales.repository": "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from chalicelib.sales.service import sale_out\n",
    }
    assert cycles(import_graph(sources)) == [
        ["chalicelib.http", "chalicelib.idempotency"],
        ["chalicelib.sales.repository", "chalicelib.sales.service"],
    ]
