"""The reports' part of the stream, in two hops.

1. A sale becoming PAID or refunded, a payment, a sale entering or leaving the unpaid states, a
   stock level crossing its minimum or changing value and a credit account's balance moving
   are written as journal entries: what the record adds to
   each scope (the store's and the tenant's), keyed by the record's sequence, so a replayed
   record writes the same entry again and nothing new reaches the stream. The rollups' entries
   of a scope and local day share one partition, the as-of-now entries of a scope another.
2. The journal's INSERTs, a partition's in order, are coalesced per target item (one ADD per
   item and batch) and applied under the item's high-water mark for that journal partition:
   the ADD is conditioned on the mark being below the batch's first sequence, and a refused
   ADD reads the mark and applies what lies past it. Lambda records do not name their shard;
   a journal partition stands in for it, since one partition's records arrive in order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from chalicelib import catalog, tenancy
from chalicelib.alerts import OUT_OF_STOCK, stock_state
from chalicelib.changes import Change
from chalicelib.log import logger
from chalicelib.reports import repository as repo
from chalicelib.reports.rollups import (
    JOURNAL_DAYS,
    TENANT,
    Contribution,
    Delta,
    RollupKey,
    StreamRecord,
    coalesce,
    contributions,
    store_scope,
    unapplied,
)
from chalicelib.sales import SaleStatus
from chalicelib.stock import level_cost

Positioned = Sequence[tuple[int, Change]]
UNPAID = frozenset({SaleStatus.PENDING_PAYMENT, SaleStatus.PARTIALLY_PAID})
NOW_MARK = repo.MARK + "now"


def write_journal(changes: Positioned) -> int | None:
    """Hop 1 for a batch: the position of the first record to retry, or None when written."""
    if not changes:
        return None
    try:
        zones: dict[str, str] = {}
        entries = [entry for _, change in changes for entry in journal_entries(change, zones)]
        entries += stock_entries([change for _, change in changes])
        entries += credit_entries([change for _, change in changes])
        repo.put_entries(entries)
    except Exception:  # noqa: BLE001 - every entry is written again from the first record
        logger().exception("rollup journal failed")
        return changes[0][0]
    return None


def journal_entries(change: Change, zones: dict[str, str]) -> list[repo.JournalEntry]:
    """The rollup and unpaid-sale entries of one Sale or Payment record."""
    image = change.new or change.old or {}
    tenant_id = str(image.get("tenant_id") or "")
    if not tenant_id or change.item_type not in ("Sale", "Payment"):
        return []
    if tenant_id not in zones:
        zones[tenant_id] = tenancy.tenant_settings(tenant_id).timezone
    record = StreamRecord("", int(change.sequence_number), change.item_type, change.old, change.new)
    found: dict[tuple[str, str], list[Any]] = {}
    hours: dict[tuple[str, str], str] = {}
    for part in contributions(record, zones[tenant_id]):
        key = part.key
        if len(key.period) != len("YYYY-MM-DD"):
            continue
        found.setdefault((key.scope, key.period), []).append(
            [key.dimension, key.member, dict(part.figures), part.label]
        )
        if key.dimension == "HOUR":
            hours[(key.scope, key.period)] = key.member
    base = _entry_base(change, tenant_id)
    entries = [
        repo.JournalEntry(
            **base, scope=scope, day=day, hour=hours.get((scope, day), ""), parts=tuple(parts)
        )
        for (scope, day), parts in found.items()
    ]
    if change.item_type == "Sale":
        moved = _unpaid(change.new) - _unpaid(change.old)
        if moved:
            entries += _counter_entries(
                base, str(image.get("store_id")), {"pending_payment_count": moved}
            )
    return entries


def stock_entries(changes: Sequence[Change]) -> list[repo.JournalEntry]:
    """Levels that crossed low or out of stock, or changed value: the counters they change.
    A level's value is on_hand x its average cost (stock/costing.py), 0 when it holds none."""
    levels = [c for c in changes if c.item_type == "StockLevel" and c.new is not None]
    costs = _costs(levels)
    entries = []
    for change in levels:
        new, old = change.new or {}, change.old or {}
        tenant_id = str(new.get("tenant_id") or "")
        cost = costs.get((tenant_id, str(new.get("product_id"))), 0)
        figures = {
            "low_stock_count": _is_low(new) - _is_low(change.old),
            "out_of_stock_count": _is_out(new) - _is_out(change.old),
            "stock_value": level_value(new, cost) - level_value(old, cost),
        }
        figures = {name: value for name, value in figures.items() if value}
        if tenant_id and figures:
            base = _entry_base(change, tenant_id)
            entries += _counter_entries(base, str(new.get("store_id")), figures)
    return entries


def credit_entries(changes: Sequence[Change]) -> list[repo.JournalEntry]:
    """Credit accounts whose balance moved: what the tenant's customers owe moves with it
    (credit is the tenant's, so only the tenant's scope counts it)."""
    entries = []
    for change in changes:
        if change.item_type != "CreditAccount" or change.new is None:
            continue
        moved = _int(change.new.get("balance")) - _int((change.old or {}).get("balance"))
        tenant_id = str(change.new.get("tenant_id") or "")
        if tenant_id and moved:
            base = _entry_base(change, tenant_id)
            entries.append(
                repo.JournalEntry(**base, scope=TENANT, counters={"credit_outstanding": moved})
            )
    return entries


def level_value(image: Mapping[str, Any], product_cost: int) -> int:
    """What a level's units are worth at its average cost (the product's cost for a level that
    never kept a value nor an average)."""
    on_hand = _int(image.get("on_hand"))
    if on_hand <= 0:
        return 0
    stored = image.get("stock_value")
    average = image.get("average_cost")
    kept = level_cost(
        on_hand,
        None if stored is None else int(stored),
        None if average is None else int(average),
        product_cost,
    )
    return on_hand * kept.average_cost


def apply_journal(changes: Positioned) -> int | None:
    """Hop 2 for a batch: the position of the first record to retry, or None when applied."""
    rollups = [(p, c) for p, c in changes if c.item_type == "RollupEntry" and c.new]
    counters = [(p, c) for p, c in changes if c.item_type == "NowEntry" and c.new]
    failed = [_apply_rollups(rollups), _apply_counters(counters)]
    found = [position for position in failed if position is not None]
    return min(found) if found else None


def _apply_rollups(changes: Positioned) -> int | None:
    found: list[Contribution] = []
    positions: dict[int, int] = {}
    tenants: dict[RollupKey, str] = {}
    for position, change in changes:
        entry = change.new or {}
        sequence = int(change.sequence_number)
        positions[sequence] = position
        for dimension, member, figures, label in _json(entry.get("parts"), []):
            for period in (str(entry["day"]), str(entry["month"])):
                key = RollupKey(str(entry["scope"]), period, str(dimension), str(member))
                tenants[key] = str(entry["tenant_id"])
                numbers = {name: int(value) for name, value in figures.items()}
                found.append(Contribution(key, numbers, label, str(entry["day"]), sequence))
    deltas = coalesce(found)
    for n, delta in enumerate(deltas):
        try:
            _apply_rollup(tenants[delta.key], delta, found)
        except Exception:  # noqa: BLE001 - reported; the retry skips what was applied
            logger().exception("rollup update failed", extra={"rollup": str(delta.key)})
            return min(positions[d.first_sequence] for d in deltas[n:])
    return None


def _apply_rollup(tenant_id: str, delta: Delta, found: list[Contribution]) -> None:
    pk, sk = repo.rollup_location(tenant_id, delta.key)
    left: Delta | None = delta
    while left is not None:
        delta = left
        increment = repo.Increment(
            pk=pk,
            sk=sk,
            attributes=_attributes("Rollup", tenant_id, delta.key),
            figures=delta.figures,
            mark=repo.MARK + delta.shard,
            first_sequence=delta.first_sequence,
            last_sequence=delta.last_sequence,
            label=delta.label,
            forget=_closed_marks(delta),
        )
        if repo.add(increment):
            return
        marks = repo.marks(pk, sk)
        shards = {name.removeprefix(repo.MARK): value for name, value in marks.items()}
        left = unapplied(found, delta, shards)


def _closed_marks(delta: Delta) -> tuple[str, ...]:
    """A month item keeps one mark per day of the month it heard from: the marks of the days
    more than JOURNAL_DAYS before this one go with this update. No record of those days can
    reach the rollups any more (the stream keeps a record 24 hours, the journal's entries
    expire after JOURNAL_DAYS), so a month item holds a few marks, not one per day."""
    if len(delta.key.period) != len("YYYY-MM"):
        return ()
    day = date.fromisoformat(delta.shard)
    closed = day - timedelta(days=JOURNAL_DAYS + 1)
    if closed.strftime("%Y-%m") != delta.key.period:
        return ()
    return tuple(repo.MARK + closed.replace(day=n).isoformat() for n in range(1, closed.day + 1))


def _apply_counters(changes: Positioned) -> int | None:
    by_item: dict[tuple[str, str], list[tuple[int, int, Mapping[str, Any]]]] = {}
    for position, change in changes:
        entry = change.new or {}
        target = (str(entry["tenant_id"]), str(entry["scope"]))
        figures = _json(entry.get("figures"), {})
        by_item.setdefault(target, []).append((position, int(change.sequence_number), figures))
    for (tenant_id, scope), parts in sorted(by_item.items()):
        try:
            _apply_counter(tenant_id, scope, parts)
        except Exception:  # noqa: BLE001 - reported; the retry skips what was applied
            logger().exception("as-of-now figures failed", extra={"scope": scope})
            return min(position for position, _, _ in parts)
    return None


def _apply_counter(
    tenant_id: str, scope: str, parts: list[tuple[int, int, Mapping[str, Any]]]
) -> None:
    pk, sk = repo.now_location(tenant_id, scope)
    mark: int | None = None
    while True:
        left = [part for part in parts if mark is None or part[1] > mark]
        if not left:
            return
        figures: dict[str, int] = {}
        for _, _, values in left:
            for name, value in values.items():
                figures[name] = figures.get(name, 0) + int(value)
        increment = repo.Increment(
            pk=pk,
            sk=sk,
            attributes={"type": "NowFigures", "tenant_id": tenant_id, "scope": scope},
            figures=figures,
            mark=NOW_MARK,
            first_sequence=min(part[1] for part in left),
            last_sequence=max(part[1] for part in left),
        )
        if repo.add(increment):
            return
        mark = repo.marks(pk, sk).get(NOW_MARK, -1)


def _attributes(kind: str, tenant_id: str, key: RollupKey) -> dict[str, str]:
    return {
        "type": kind,
        "tenant_id": tenant_id,
        "scope": key.scope,
        "period": key.period,
        "dimension": key.dimension,
        "member": key.member,
    }


def _entry_base(change: Change, tenant_id: str) -> dict[str, Any]:
    image = change.new or change.old or {}
    at = int(change.at_epoch) or 0
    return {
        "tenant_id": tenant_id,
        "source_id": str(image.get("id") or image.get("product_id") or ""),
        "sequence": int(change.sequence_number),
        "expires_at": at + JOURNAL_DAYS * 86_400,
    }


def _counter_entries(
    base: dict[str, Any], store_id: str, figures: dict[str, int]
) -> list[repo.JournalEntry]:
    return [
        repo.JournalEntry(**base, scope=scope, counters=figures)
        for scope in (store_scope(store_id), TENANT)
    ]


def _costs(levels: Sequence[Change]) -> dict[tuple[str, str], int]:
    """The catalog cost of each product whose level keeps no value nor average (one BatchGet
    per tenant, none once levels are valued)."""
    wanted: dict[str, set[str]] = {}
    for change in levels:
        for image in (change.new or {}, change.old or {}):
            unvalued = image.get("stock_value") is None and image.get("average_cost") is None
            if image and unvalued and _int(image.get("on_hand")) > 0:
                wanted.setdefault(str(image.get("tenant_id")), set()).add(
                    str(image.get("product_id"))
                )
    found: dict[tuple[str, str], int] = {}
    for tenant_id, product_ids in wanted.items():
        for product_id, product in catalog.get_products(tenant_id, sorted(product_ids)).items():
            found[(tenant_id, product_id)] = product.cost
    return found


def _unpaid(image: Mapping[str, Any] | None) -> int:
    return int(bool(image) and str((image or {}).get("status")) in UNPAID)


def _is_low(image: Mapping[str, Any] | None) -> int:
    state = stock_state(dict(image)) if image else None
    return int(state is not None and state != OUT_OF_STOCK)


def _is_out(image: Mapping[str, Any] | None) -> int:
    return int(bool(image) and stock_state(dict(image or {})) == OUT_OF_STOCK)


def _json(value: Any, empty: Any) -> Any:
    """A JSON attribute arrives in the image as its text."""
    if value is None:
        return empty
    return json.loads(value) if isinstance(value, str) else value


def _int(value: Any) -> int:
    return 0 if value is None else int(value)
