"""Storage of the reports: the rollup and as-of-now journals written from the stream, the
figures they feed (one conditional ADD per item and batch, guarded by the journal partition's
high-water mark), and the range reads of the KPIs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import buckets
from chalicelib.buckets import Bucket, Budget
from chalicelib.db import keys, records
from chalicelib.db.base import TableMeta, connection
from chalicelib.db.keys import serves
from chalicelib.db.models.reports import (
    KpiSnapshotItem,
    NowEntryItem,
    NowFiguresItem,
    RollupEntryItem,
    RollupFigures,
)
from chalicelib.pagination import Key, Page
from chalicelib.reports.rollups import RollupItem, RollupKey, sequence_mark

MARK = "mark:"
LAST = "~"


@dataclass(frozen=True)
class JournalEntry:
    """What one source record adds to one scope: rollup parts of a local day, or counters."""

    tenant_id: str
    scope: str
    source_id: str
    sequence: int
    expires_at: int
    day: str = ""
    hour: str = ""
    parts: tuple[Any, ...] = ()
    counters: Mapping[str, int] | None = None


@dataclass(frozen=True)
class Increment:
    """One conditional ADD: the figures, the mark's name and the sequences it covers."""

    pk: str
    sk: str
    attributes: Mapping[str, str]
    figures: Mapping[str, int]
    mark: str
    first_sequence: int
    last_sequence: int
    label: str | None = None
    forget: tuple[str, ...] = ()
    """Marks no record can need any more, removed in the same update."""


@serves("Rollup by key", "Rollups of a scope over a range of days or months")
def rollups_pk(tenant_id: str, scope: str, period: str) -> str:
    if len(period) == len("YYYY-MM"):
        return keys.rollup_months_pk(tenant_id, scope)
    return keys.rollup_days_pk(tenant_id, scope)


@serves("Rollup by key")
def rollup_location(tenant_id: str, key: RollupKey) -> tuple[str, str]:
    return rollups_pk(tenant_id, key.scope, key.period), keys.rollup_sk(
        key.dimension, key.period, key.member
    )


@serves("Now figures of a scope")
def now_location(tenant_id: str, scope: str) -> tuple[str, str]:
    return keys.now_figures_pk(tenant_id), keys.now_figures_sk(scope)


@serves("Rollup entry by source record", "Now entry by source record")
def put_entries(entries: Iterable[JournalEntry]) -> None:
    """A replayed record puts the same item again: no change, so no new stream record."""
    with RollupEntryItem.batch_write() as batch:
        for entry in entries:
            batch.save(_entry_item(entry))


def _entry_item(entry: JournalEntry) -> RollupEntryItem | NowEntryItem:
    sk_parts = (sequence_mark(entry.sequence), entry.source_id)
    if entry.counters is not None:
        return NowEntryItem(
            pk=keys.now_journal_pk(entry.tenant_id, entry.scope),
            sk=keys.now_journal_sk(*sk_parts),
            tenant_id=entry.tenant_id,
            scope=entry.scope,
            figures=dict(entry.counters),
            expires_at=entry.expires_at,
        )
    return RollupEntryItem(
        pk=keys.rollup_journal_pk(entry.tenant_id, entry.scope, entry.day),
        sk=keys.rollup_journal_sk(*sk_parts),
        tenant_id=entry.tenant_id,
        scope=entry.scope,
        day=entry.day,
        month=entry.day[:7],
        hour=entry.hour,
        parts=[list(part) for part in entry.parts],
        expires_at=entry.expires_at,
    )


@serves("Rollup by key", "Now figures of a scope")
def add(increment: Increment) -> bool:
    """ADD the figures once: False (nothing written) when the mark is at or past the first
    sequence, i.e. some of them were applied before."""
    names = {"#mark": increment.mark}
    values: dict[str, Any] = {
        ":first": {"S": sequence_mark(increment.first_sequence)},
        ":last": {"S": sequence_mark(increment.last_sequence)},
    }
    sets = ["#mark = :last"]
    for n, (name, text) in enumerate(increment.attributes.items()):
        names[f"#a{n}"], values[f":a{n}"] = name, {"S": text}
        sets.append(f"#a{n} = :a{n}")
    if increment.label is not None:
        names["#label"], values[":label"] = "label", {"S": increment.label}
        sets.append("#label = :label")
    adds = []
    for n, (name, number) in enumerate(sorted(increment.figures.items())):
        names[f"#f{n}"], values[f":f{n}"] = name, {"N": str(int(number))}
        adds.append(f"#f{n} :f{n}")
    expression = "SET " + ", ".join(sets) + (" ADD " + ", ".join(adds) if adds else "")
    for n, name in enumerate(increment.forget):
        names[f"#r{n}"] = name
    if increment.forget:
        expression += " REMOVE " + ", ".join(f"#r{n}" for n in range(len(increment.forget)))
    return _update_if(
        increment.pk,
        increment.sk,
        expression,
        "attribute_not_exists(#mark) OR #mark < :first",
        names,
        values,
    )


@serves("Rollup by key", "Now figures of a scope")
def marks(pk: str, sk: str) -> dict[str, int]:
    """The item's high-water marks by name (read consistently after a refused ADD)."""
    found = connection().client.get_item(
        TableName=TableMeta.table_name,
        Key={"pk": {"S": pk}, "sk": {"S": sk}},
        ConsistentRead=True,
    )
    item = found.get("Item") or {}
    return {name: int(value["S"]) for name, value in item.items() if name.startswith(MARK)}


@serves("Rollups of a scope over a range of days or months")
def rollups_between(
    tenant_id: str, scope: str, dimension: str, first: str, last: str
) -> list[RollupItem]:
    """The scope's rollup items of one dimension whose period is in [first, last] (both days,
    or both months)."""
    found = RollupFigures.query(
        rollups_pk(tenant_id, scope, first),
        RollupFigures.sk.between(
            keys.rollup_range_bound(dimension, first),
            keys.rollup_range_bound(dimension, last) + LAST,
        ),
    )
    return [_rollup(scope, item) for item in found]


@serves("Rollups of a scope over a range of days or months")
def marked_month_items(
    tenant_id: str, scope: str, dimension: str, month: str
) -> list[tuple[str, dict[str, str]]]:
    """The sort key and marks of each month item of `month` in `dimension` that still has marks."""
    pk = keys.rollup_months_pk(tenant_id, scope)
    bound = keys.rollup_range_bound(dimension, month)
    found: list[tuple[str, dict[str, str]]] = []
    pages = (
        connection()
        .client.get_paginator("query")
        .paginate(
            TableName=TableMeta.table_name,
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            ExpressionAttributeValues={
                ":pk": {"S": pk},
                ":first": {"S": bound},
                ":last": {"S": bound + LAST},
            },
        )
    )
    for page in pages:
        for item in page["Items"]:
            marks = {name: value["S"] for name, value in item.items() if name.startswith(MARK)}
            if marks:
                found.append((item["sk"]["S"], marks))
    return found


@serves("Rollup by key")
def drop_marks(tenant_id: str, scope: str, sk: str, marks: Mapping[str, str]) -> bool:
    """Remove the item's marks if they are still the ones read: False when one moved."""
    names = {f"#m{n}": name for n, name in enumerate(marks)}
    values = {f":m{n}": {"S": value} for n, value in enumerate(marks.values())}
    return _update_if(
        keys.rollup_months_pk(tenant_id, scope),
        sk,
        "REMOVE " + ", ".join(names),
        " AND ".join(f"#m{n} = :m{n}" for n in range(len(marks))),
        names,
        values,
    )


def _update_if(
    pk: str,
    sk: str,
    expression: str,
    condition: str,
    names: Mapping[str, str],
    values: Mapping[str, Any],
) -> bool:
    """One raw UpdateItem under a condition: False when the condition refused it."""
    try:
        connection().client.update_item(
            TableName=TableMeta.table_name,
            Key={"pk": {"S": pk}, "sk": {"S": sk}},
            UpdateExpression=expression,
            ConditionExpression=condition,
            ExpressionAttributeNames=dict(names),
            ExpressionAttributeValues=dict(values),
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


@serves("Settled month of a scope")
def settled_month(tenant_id: str, scope: str) -> str | None:
    """The last month (`YYYY-MM`) whose month items were cleared of their marks, if any."""
    found = connection().client.get_item(
        TableName=TableMeta.table_name,
        Key={
            "pk": {"S": keys.rollup_months_pk(tenant_id, scope)},
            "sk": {"S": keys.rollups_settled_sk()},
        },
        ConsistentRead=True,
    )
    return found.get("Item", {}).get("month", {}).get("S")


@serves("Settled month of a scope")
def put_settled_month(tenant_id: str, scope: str, month: str) -> None:
    connection().client.put_item(
        TableName=TableMeta.table_name,
        Item={
            "pk": {"S": keys.rollup_months_pk(tenant_id, scope)},
            "sk": {"S": keys.rollups_settled_sk()},
            "type": {"S": "RollupsSettled"},
            "tenant_id": {"S": tenant_id},
            "scope": {"S": scope},
            "month": {"S": month},
        },
    )


def _rollup(scope: str, item: RollupFigures) -> RollupItem:
    dimension, period, member = item.sk.split("#", 2)
    figures = {
        name: int(getattr(item, name)) for name in FIGURES if getattr(item, name, None) is not None
    }
    return RollupItem(RollupKey(scope, period, dimension, member), figures, item.label)


FIGURES = (
    "sales_count",
    "quantity",
    "revenue",
    "discount_total",
    "tax_total",
    "gross_margin",
    "refunds_total",
    "refunded_quantity",
    "taken",
    "payments_count",
)
NOW_FIGURES = (
    "pending_payment_count",
    "low_stock_count",
    "out_of_stock_count",
    "stock_value",
    "credit_outstanding",
)


@serves("Now figures of a tenant")
def now_figures(tenant_id: str) -> dict[str, dict[str, int]]:
    """The as-of-now counters of every scope of the tenant (`tenant` and `store:<id>`)."""
    found: dict[str, dict[str, int]] = {}
    for item in NowFiguresItem.query(keys.now_figures_pk(tenant_id)):
        found[item.sk] = {name: int(getattr(item, name) or 0) for name in NOW_FIGURES}
    return found


@serves("Snapshot of a scope and day")
def put_snapshot(
    tenant_id: str, scope: str, day: str, store_id: str | None, figures: dict[str, Any]
) -> bool:
    """Written once: False when the day's snapshot of the scope was already there."""
    return records.put_if_absent(
        KpiSnapshotItem(
            pk=keys.snapshots_pk(tenant_id, scope),
            sk=keys.snapshot_sk(day),
            tenant_id=tenant_id,
            day=day,
            store_id=store_id,
            figures=figures,
        )
    )


@serves("Snapshots of a scope over days")
def snapshots_page(
    tenant_id: str,
    scopes: list[str],
    first: str,
    last: str,
    *,
    limit: int,
    cursor: Key | None,
) -> Page[KpiSnapshotItem]:
    """Scope by scope, oldest day first: one query each, within the page's budget."""
    walk = [Bucket(store_id=scope) for scope in scopes]

    def query(bucket: Bucket, size: int, start_key: Key | None, budget: Budget) -> Page[Any]:
        return records.query_page(
            KpiSnapshotItem,
            keys.snapshots_pk(tenant_id, bucket.store_id or ""),
            range_key_condition=KpiSnapshotItem.sk.between(
                keys.snapshot_sk(first), keys.snapshot_sk(last)
            ),
            limit=size,
            start_key=start_key,
            budget=budget,
        )

    return buckets.page_buckets(walk, query, limit, cursor)
