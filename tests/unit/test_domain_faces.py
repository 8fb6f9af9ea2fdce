"""Each domain shows its face: `__init__.py` names in `__all__` what other domains may call,
and they call nothing else; every domain has the same files; no module outgrows a sitting."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
DOMAINS = sorted(path.parent.name for path in CHALICELIB.glob("*/service.py"))
SHAPE = ("__init__.py", "schemas.py", "service.py", "repository.py", "routes.py")
MAX_LINES = 400


def face_names(domain: str) -> list[str]:
    tree = ast.parse((CHALICELIB / domain / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                return list(ast.literal_eval(node.value))  # type: ignore[arg-type]
    raise AssertionError(f"chalicelib/{domain}/__init__.py has no __all__")


def behind_the_face(own: str, source: str, faces: dict[str, list[str]]) -> list[str]:
    """Imports of another domain's modules or of names its face does not show."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if len(parts) > 2 and parts[1] in faces and parts[1] != own:
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            parts = node.module.split(".")
            if parts[0] != "chalicelib" or len(parts) < 2:
                continue
            if len(parts) == 2 and parts[1] in faces and parts[1] != own:
                hidden = [a.name for a in node.names if a.name not in faces[parts[1]]]
                found += [f"{node.lineno}: {node.module}.{name}" for name in hidden]
            elif len(parts) > 2 and parts[1] in faces and parts[1] != own:
                found.append(f"{node.lineno}: from {node.module}")
    return found


def test_every_domain_has_the_same_files() -> None:
    assert len(DOMAINS) >= 9, DOMAINS
    missing = [
        f"{d}/{name}" for d in DOMAINS for name in SHAPE if not (CHALICELIB / d / name).exists()
    ]
    assert not missing, missing


def test_every_face_names_what_it_shows_and_shows_it() -> None:
    for domain in DOMAINS:
        face = importlib.import_module(f"chalicelib.{domain}")
        assert face.__doc__, domain
        for name in face_names(domain):
            assert hasattr(face, name), f"{domain}.{name}"


def test_domains_call_each_other_through_their_faces() -> None:
    faces = {domain: face_names(domain) for domain in DOMAINS}
    offenders = [
        f"{path.relative_to(CHALICELIB)}:{found}"
        for domain in DOMAINS
        for path in sorted((CHALICELIB / domain).rglob("*.py"))
        for found in behind_the_face(domain, path.read_text(), faces)
    ]
    assert not offenders, "call the other domain's face (its __all__):\n" + "\n".join(offenders)


def test_a_planted_call_behind_a_face_is_found() -> None:
    faces = {"sales": ["get_sale"], "stock": ["ledger"], "cashier": []}
    assert behind_the_face("cashier", "from chalicelib.sales.service import sale_out\n", faces)
    assert behind_the_face("cashier", "from chalicelib.sales import repository\n", faces)
    assert behind_the_face("cashier", "import chalicelib.stock.repository\n", faces)
    assert not behind_the_face("cashier", "from chalicelib.sales import get_sale\n", faces)
    assert not behind_the_face("cashier", "from chalicelib.stock import ledger\n", faces)
    assert not behind_the_face("cashier", "from chalicelib.cashier.schemas import X\n", faces)


def test_no_module_is_over_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(CHALICELIB)): lines
        for path in CHALICELIB.rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long
