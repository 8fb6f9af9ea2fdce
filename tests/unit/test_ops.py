"""The operator tools' pure parts, and the boundary: chalicelib never reaches into ops/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from chalicelib.changes import RESTORE_MARK, Change, written_by_restore
from chalicelib.db import keys
from ops import backup

ROOT = Path(__file__).resolve().parents[2]
OLD, NEW = "01KAAAAAAAAAAAAAAAAAAAAAAA", "01KBBBBBBBBBBBBBBBBBBBBBBB"


def test_chalicelib_never_imports_the_operator_tools() -> None:
    for path in [*(ROOT / "chalicelib").rglob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ops" or n.startswith("ops.") for n in names), path


def _change(old: dict[str, object] | None, new: dict[str, object] | None) -> Change:
    return Change("e", "1", "MODIFY" if old else "INSERT", "Sale", 0.0, old, new)


def test_only_the_write_that_brings_the_mark_is_skipped() -> None:
    assert written_by_restore(_change(None, {RESTORE_MARK: "r1"}))
    assert written_by_restore(_change({RESTORE_MARK: "r1"}, {RESTORE_MARK: "r2"}))
    assert not written_by_restore(_change({RESTORE_MARK: "r1"}, {RESTORE_MARK: "r1", "x": 1}))
    assert not written_by_restore(_change({RESTORE_MARK: "r1"}, {"x": 1}))
    assert not written_by_restore(_change(None, {"x": 1}))


def test_remap_moves_keys_values_registry_and_emails() -> None:
    mapping = {OLD: NEW, "awa@shop.cm": "awa+copy@shop.cm"}
    tenant = {
        "pk": {"S": keys.tenant_pk(OLD)},
        "sk": {"S": "TENANT"},
        "gsi1pk": {"S": keys.tenant_registry_pk(keys.tenant_registry_shard(OLD))},
        "gsi1sk": {"S": OLD},
        "id": {"S": OLD},
        "type": {"S": "Tenant"},
        "names": {"L": [{"S": OLD}, {"M": {"inner": {"S": OLD}}}]},
    }
    moved = backup.remap(tenant, mapping)
    assert moved["pk"] == {"S": f"T#{NEW}"}
    assert moved["gsi1pk"] == {"S": keys.tenant_registry_pk(keys.tenant_registry_shard(NEW))}
    assert moved["gsi1sk"] == moved["id"] == {"S": NEW}
    assert moved["names"] == {"L": [{"S": NEW}, {"M": {"inner": {"S": NEW}}}]}
    marker = {"pk": {"S": keys.email_pk("awa@shop.cm")}, "tenant_id": {"S": OLD}}
    assert backup.remap(marker, mapping) == {
        "pk": {"S": "EMAIL#awa+copy@shop.cm"},
        "tenant_id": {"S": NEW},
    }
    # Only whole segments and whole values move: a longer id that contains the old one stays.
    longer = {"sk": {"S": f"X{OLD}#1"}, "note": {"S": f"see {OLD}"}}
    assert backup.remap(longer, mapping) == longer


def test_renamed_emails_keep_one_tag() -> None:
    assert backup.renamed_email("awa@shop.cm", "copy") == "awa+copy@shop.cm"
    assert backup.renamed_email("awa+old@shop.cm", "copy") == "awa+copy@shop.cm"


def test_a_copy_begins_with_the_original() -> None:
    copy = backup.copy_id(OLD)
    assert copy != OLD and copy[:10] == OLD[:10]
    backup.check_target(OLD, copy)
    with pytest.raises(backup.RestoreError):
        backup.check_target(OLD, "01KZZZZZZZZZZZZZZZZZZZZZZZ")


def test_a_backup_file_with_a_wrong_count_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    item = {"pk": {"S": f"T#{OLD}"}, "sk": {"S": "TENANT"}, "type": {"S": "Tenant"}}
    backup.write(backup.Backup(OLD, "2026-01-01T00:00:00Z", [item]), path)
    assert backup.read(path).items == [item]
    path.write_text(path.read_text() + path.read_text().splitlines()[1] + "\n")
    with pytest.raises(backup.RestoreError, match="header says 1"):
        backup.read(path)
