"""Only repositories know PynamoDB: its modules, the table's models, the records and `Tx` are
imported by `repository.py` / `*_repository.py` files and chalicelib/db alone; and a domain
reaches another domain through that domain's face, never its repository."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
STORAGE = ("pynamodb", "chalicelib.db.base", "chalicelib.db.models", "chalicelib.db.records")


def imported(source: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything a module imports, in functions and type checks too."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module
            yield from ((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)


def is_repository(path: Path) -> bool:
    return path.name == "repository.py" or path.name.endswith("_repository.py")


def storage_imports(path: Path, source: str) -> list[str]:
    if is_repository(path) or CHALICELIB / "db" in path.parents:
        return []
    return sorted(
        {
            f"{path.name}:{line}: {name}"
            for line, name in imported(source)
            if any(name == s or name.startswith(s + ".") for s in STORAGE)
        }
    )


def domain_of(path: Path) -> str | None:
    """The domain package a module belongs to (one with a service)."""
    parts = path.relative_to(CHALICELIB).parts
    if len(parts) > 1 and (CHALICELIB / parts[0] / "service.py").is_file():
        return parts[0]
    return None


def other_repositories(path: Path, source: str) -> list[str]:
    own = domain_of(path)
    found = []
    for line, name in imported(source):
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "chalicelib" and parts[1] != own:
            module = parts[2]
            if module == "repository" or module.endswith("_repository"):
                found.append(f"{path.name}:{line}: {name}")
    return found


def _modules() -> Iterator[tuple[Path, str]]:
    for path in sorted(CHALICELIB.rglob("*.py")):
        yield path, path.read_text()


def test_only_repositories_import_pynamodb() -> None:
    offenders = [found for path, source in _modules() for found in storage_imports(path, source)]
    assert not offenders, "move this storage into a repository:\n" + "\n".join(offenders)


def test_no_domain_imports_another_domains_repository() -> None:
    offenders = [
        found
        for path, source in _modules()
        if domain_of(path)
        for found in other_repositories(path, source)
    ]
    assert not offenders, "call that domain's face instead:\n" + "\n".join(offenders)


def test_planted_storage_imports_are_found() -> None:
    service = CHALICELIB / "sales" / "service.py"
    for planted in (
        "from chalicelib.db.models.sales import SaleItem\n",
        "def f():\n    from chalicelib.db.base import Tx\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pynamodb.models\n",
        "from chalicelib.db import records\n",
    ):
        assert storage_imports(service, planted), planted
    assert not storage_imports(service, "from chalicelib.db import keys\n")
    assert not storage_imports(CHALICELIB / "sales" / "repository.py", "from pynamodb import x\n")


def test_a_planted_import_of_another_domains_repository_is_found() -> None:
    payments = CHALICELIB / "cashier" / "payments.py"
    assert other_repositories(payments, "from chalicelib.sales import repository as r\n")
    assert other_repositories(payments, "from chalicelib.catalog.brand_repository import x\n")
    assert not other_repositories(payments, "from chalicelib.cashier import repository\n")
    assert not other_repositories(payments, "from chalicelib import sales\n")
