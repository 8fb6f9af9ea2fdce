"""Backup of one tenant to a JSONL file, and its restore, into the same tenant id or another.

What is kept: every item of the tenant but the ephemeral ones (those with a TTL: sessions,
idempotency records, finished import chunks, counters), derived items included (audit
entries, alerts): they are history the stream cannot derive again. Restored users log in again.

A restore writes each item with `restored_by` (chalicelib.changes.RESTORE_MARK) set to a new
id, so the stream handlers skip those writes: nothing is counted or audited a second time.
Into another tenant id, every key and value naming the old tenant names the new one, the
tenant registry shard and the alert ids (derived from the tenant) are recomputed, and each
user's e-mail becomes `local+<tag>@domain` (e-mails are unique across the platform).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalicelib.alerts.repository import AlertSubject
from chalicelib.changes import RESTORE_MARK
from chalicelib.clock import new_id
from chalicelib.db import keys
from ops import table
from ops.table import Item

FORMAT = 1
KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


class RestoreError(Exception):
    """The restore would overwrite or collide with live data; nothing was written."""


@dataclass(frozen=True)
class Backup:
    tenant_id: str
    taken_at: str
    items: list[Item]


def kept(item: Item) -> bool:
    return "expires_at" not in item


def take(tenant_id: str, dynamodb: Any | None = None) -> Backup:
    items = [item for item in table.tenant_items(tenant_id, dynamodb) if kept(item)]
    if not any(_type(item) == "Tenant" for item in items):
        raise RestoreError(f"no tenant {tenant_id} in table {table.table_name()}")
    taken_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Backup(tenant_id, taken_at, sorted(items, key=lambda i: (i["pk"]["S"], i["sk"]["S"])))


def write(backup: Backup, path: Path) -> None:
    header = {"format": FORMAT, "tenant_id": backup.tenant_id, "taken_at": backup.taken_at}
    header["items"] = len(backup.items)
    lines = [json.dumps({"comptoir_backup": header})]
    lines += [json.dumps({"item": table.to_json(item)}, sort_keys=True) for item in backup.items]
    path.write_text("\n".join(lines) + "\n")


def read(path: Path) -> Backup:
    lines = path.read_text().splitlines()
    header = json.loads(lines[0]).get("comptoir_backup") if lines else None
    if not header or header.get("format") != FORMAT:
        raise RestoreError(f"{path} is not a Comptoir backup (format {FORMAT})")
    items = [table.from_json(json.loads(line)["item"]) for line in lines[1:] if line.strip()]
    if len(items) != header["items"]:
        raise RestoreError(f"{path} holds {len(items)} items, its header says {header['items']}")
    return Backup(header["tenant_id"], header["taken_at"], items)


def _type(item: Item) -> str:
    return str(item.get("type", {}).get("S", ""))


def _string(item: Item, name: str) -> str | None:
    value = item.get(name, {}).get("S")
    return str(value) if value is not None else None


def renamed_email(email: str, tag: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local.split('+', 1)[0]}+{tag}@{domain}"


def id_map(backup: Backup, into: str, email_tag: str) -> dict[str, str]:
    """Old value -> new value for the tenant id, its users' e-mails and its alert ids."""
    mapping = {backup.tenant_id: into}
    for item in backup.items:
        email = _string(item, "email")
        if _type(item) == "User" and email:
            mapping[email] = renamed_email(email, email_tag)
            mapping[email.lower()] = renamed_email(email, email_tag).lower()
        if _type(item) == "Alert":
            subject = AlertSubject(
                tenant_id=into,
                alert_type=_string(item, "alert_type") or "",
                store_id=_string(item, "store_id"),
                kind=_string(item, "subject_kind") or "",
                subject_id=_string(item, "subject_id") or "",
            )
            mapping[str(item["id"]["S"])] = subject.alert_id
    return mapping


def _mapped(value: Any, mapping: dict[str, str]) -> Any:
    """Exact string values anywhere in an attribute (nested maps, lists and sets included)."""
    if isinstance(value, dict):
        return {
            k: (mapping.get(v, v) if k == "S" else _mapped(v, mapping)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [mapping.get(v, v) if isinstance(v, str) else _mapped(v, mapping) for v in value]
    return value


def remap(item: Item, mapping: dict[str, str]) -> Item:
    moved: Item = {}
    for name, value in item.items():
        if name in KEY_ATTRIBUTES and "S" in value:
            segments = str(value["S"]).split("#")
            moved[name] = {"S": "#".join(mapping.get(s, s) for s in segments)}
        else:
            moved[name] = _mapped(value, mapping)
    if _type(item) == "Tenant" and "gsi1pk" in moved:
        tenant_id = str(moved["id"]["S"])
        moved["gsi1pk"] = {"S": keys.tenant_registry_pk(keys.tenant_registry_shard(tenant_id))}
    return moved


def copy_id(tenant_id: str) -> str:
    """A new tenant id that began when the original did: lists default to the tenant's life,
    read from its id's time, so a later id would hide the restored history."""
    from ulid import ULID

    return str(ULID.from_timestamp(ULID.from_str(tenant_id).timestamp))


def check_target(source: str, target: str) -> None:
    from ulid import ULID

    if ULID.from_str(target).timestamp > ULID.from_str(source).timestamp:
        raise RestoreError(f"{target} began after {source}: use an id from copy_id (--into new)")


def _exists(dynamodb: Any, pk: str, sk: str) -> bool:
    answer = dynamodb.get_item(
        TableName=table.table_name(), Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True
    )
    return "Item" in answer


def _collisions(items: Iterable[Item], dynamodb: Any) -> list[str]:
    """The restored tenant and e-mail markers must not exist: they are what others see."""
    taken = []
    for item in items:
        if _type(item) in ("Tenant", "EmailMarker"):
            pk, sk = item["pk"]["S"], item["sk"]["S"]
            if _exists(dynamodb, pk, sk):
                taken.append(pk)
    return taken


def restore(
    backup: Backup, into: str | None = None, email_tag: str | None = None, dynamodb: Any = None
) -> tuple[str, int]:
    """Writes the backup; returns the tenant id it now lives under and the items written."""
    dynamodb = dynamodb or table.client()
    target = copy_id(backup.tenant_id) if into == "new" else into or backup.tenant_id
    items = backup.items
    if target != backup.tenant_id:
        check_target(backup.tenant_id, target)
        tag = email_tag or f"r{target[-6:].lower()}"
        items = [remap(item, id_map(backup, target, tag)) for item in items]
    taken = _collisions(items, dynamodb)
    if taken:
        raise RestoreError(f"already in the table: {', '.join(taken)}")
    mark = {RESTORE_MARK: {"S": new_id()}}
    marked = [{**item, **mark} for item in items]
    # The tenant item last: until it is written the tenant does not exist, and a restore that
    # failed half-way can simply be run again.
    marked.sort(key=lambda item: _type(item) == "Tenant")
    table.write_items(marked, dynamodb)
    return target, len(marked)
