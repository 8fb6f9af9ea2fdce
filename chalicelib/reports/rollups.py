"""Daily and monthly rollups of what was sold, from the stream's records of sales and payments:
what each record adds to which rollup item, one delta per item for a batch, and the per-shard
sequence high-water mark that makes applying a delta twice a no-op.

A rollup item is identified by (scope, period, dimension, member): the scope is a store or the
whole tenant, the period a tenant-local day (`YYYY-MM-DD`) or month (`YYYY-MM`), the dimension
TOTAL (member "") or a breakdown by PRODUCT, CATEGORY (member "" for products without one),
SELLER, METHOD (payment method) or HOUR (local `00`-`23`). Its figures are integer counters.

What counts (API.md, "What the figures mean"; where it is silent, the choice is written here):
- A sale counts once, when a record shows it becoming PAID, on the local date and hour of its
  `paid_at`: its total (tax included), lines, units, discounts, taxes, and its margin: each
  line's tax-excluded amount (`total - tax`) less its cost, what its SALE movements cost: the
  line's `cost` when it records one (several lots), else `quantity x unit_cost` (a line with
  neither counts a cost of 0).
- A refund counts on the local date and hour of the sale's write that records it (the sale's
  `updated_at`), from the growth of each line's `refunded_amount` and `refunded_quantity`: it
  adds to `refunds_total` and takes its tax-excluded share less its share of the cost back out
  of the margin (both shares cumulative and half-up, so refunding a whole line takes back
  exactly its margin). Only sales already counted have refunds: cancelling an unpaid sale
  counts none.
- A payment counts on its own local date for its method: `amount`, what the sale received
  (the change given is never in it), whatever later happens to the sale.

Idempotence: a shard's records arrive in order and a failed batch is retried from its first
failed record. A delta sums one item's contributions from one shard (a Lambda batch comes from
one shard, so that is one update per item and batch) and carries the lowest and highest
sequence numbers among them; the item keeps, per shard, the highest sequence applied. A delta
applies when the item's mark is below its lowest sequence (the condition of the update: no mark
for the shard, or a mark below `first_sequence`; it sets the mark to `last_sequence`), is
skipped when the mark is at or above its highest, and otherwise was partly applied before:
`unapplied(...)` gives what is left once the item's marks are read, to apply the same way.
Marks are stored as `sequence_mark` text (a stream sequence number has up to 40 digits, a
DynamoDB Number 38), which compares in a condition as the numbers do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.clock import parse_iso
from chalicelib.money import round_half_up
from chalicelib.sales import SaleStatus

TENANT = "tenant"
JOURNAL_DAYS = 3
"""The stream delivers a day's records within this many days (journal entries expire after it):
an older day, and a month that ended before it, receive no more writes."""
TOTAL, PRODUCT, CATEGORY, SELLER, METHOD, HOUR = (
    "TOTAL",
    "PRODUCT",
    "CATEGORY",
    "SELLER",
    "METHOD",
    "HOUR",
)
DIMENSIONS = (TOTAL, PRODUCT, CATEGORY, SELLER, METHOD, HOUR)
SALES_COUNT, QUANTITY, REVENUE = "sales_count", "quantity", "revenue"
DISCOUNT_TOTAL, TAX_TOTAL, GROSS_MARGIN = "discount_total", "tax_total", "gross_margin"
REFUNDS_TOTAL, REFUNDED_QUANTITY = "refunds_total", "refunded_quantity"
TAKEN, PAYMENTS_COUNT = "taken", "payments_count"
APPLY, SKIP, PARTLY_APPLIED = "APPLY", "SKIP", "PARTLY_APPLIED"
SEQUENCE_DIGITS = 40
COUNTED = frozenset({SaleStatus.PAID, SaleStatus.PARTIALLY_REFUNDED, SaleStatus.REFUNDED})


Part = tuple[str, str, dict[str, int], str | None]
"""What a record adds to one item of each scope and period: dimension, member, figures, label."""


def store_scope(store_id: str) -> str:
    return f"store:{store_id}"


@dataclass(frozen=True)
class StreamRecord:
    """What a rollup needs of a decoded stream record: where it came from, and both images."""

    shard: str
    sequence: int
    item_type: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None


@dataclass(frozen=True, order=True)
class RollupKey:
    scope: str
    period: str
    dimension: str
    member: str = ""


@dataclass(frozen=True)
class Contribution:
    """What one record adds to one rollup item."""

    key: RollupKey
    figures: Mapping[str, int]
    label: str | None
    shard: str
    sequence: int


@dataclass(frozen=True)
class Delta:
    """A batch's contributions to one rollup item from one shard, summed: one update."""

    key: RollupKey
    shard: str
    figures: Mapping[str, int]
    label: str | None
    first_sequence: int
    last_sequence: int


@dataclass(frozen=True)
class RollupItem:
    key: RollupKey
    figures: Mapping[str, int] = field(default_factory=dict)
    label: str | None = None
    marks: Mapping[str, int] = field(default_factory=dict)


def contributions(record: StreamRecord, timezone: str) -> list[Contribution]:
    """Every rollup item a record adds to, and what it adds (nothing for other records)."""
    if record.item_type == "Sale":
        return _sale_paid(record, timezone) + _sale_refunded(record, timezone)
    if record.item_type == "Payment" and record.old is None and record.new is not None:
        return _payment(record, timezone)
    return []


def coalesce(
    found: Iterable[Contribution], marks: Mapping[RollupKey, Mapping[str, int]] | None = None
) -> list[Delta]:
    """One delta per rollup item and shard, leaving out what is at or below the item's mark."""
    grouped: dict[tuple[RollupKey, str], list[Contribution]] = {}
    for contribution in found:
        mark = (marks or {}).get(contribution.key, {}).get(contribution.shard)
        if mark is None or contribution.sequence > mark:
            grouped.setdefault((contribution.key, contribution.shard), []).append(contribution)
    return [_sum(key, shard, parts) for (key, shard), parts in sorted(grouped.items())]


def verdict(marks: Mapping[str, int], delta: Delta) -> str:
    """APPLY, SKIP (all applied before) or PARTLY_APPLIED, from the item's per-shard marks."""
    mark = marks.get(delta.shard)
    if mark is None or mark < delta.first_sequence:
        return APPLY
    return SKIP if mark >= delta.last_sequence else PARTLY_APPLIED


def apply_delta(item: RollupItem | None, delta: Delta) -> RollupItem:
    """The item once the delta is applied under the high-water rule (unchanged when skipped)."""
    current = item or RollupItem(delta.key)
    decision = verdict(current.marks, delta)
    if decision == SKIP:
        return current
    if decision == PARTLY_APPLIED:
        raise ValueError("Partly applied before: coalesce again with the item's marks.")
    figures = dict(current.figures)
    for name, value in delta.figures.items():
        figures[name] = figures.get(name, 0) + value
    marks = {**current.marks, delta.shard: delta.last_sequence}
    return RollupItem(delta.key, figures, delta.label or current.label, marks)


def unapplied(
    found: Iterable[Contribution], delta: Delta, marks: Mapping[str, int]
) -> Delta | None:
    """What is left of a delta once its item's marks are read (after its condition failed)."""
    mine = [c for c in found if (c.key, c.shard) == (delta.key, delta.shard)]
    fresh = coalesce(mine, marks={delta.key: marks})
    return fresh[0] if fresh else None


def sequence_mark(sequence: int) -> str:
    """A sequence as text that sorts like the number (a stream's can pass a Number's 38 digits)."""
    if not 0 <= sequence < 10**SEQUENCE_DIGITS:
        raise ValueError(f"A stream sequence number has at most {SEQUENCE_DIGITS} digits.")
    return f"{sequence:0{SEQUENCE_DIGITS}d}"


def _sum(key: RollupKey, shard: str, parts: list[Contribution]) -> Delta:
    figures: dict[str, int] = {}
    for part in parts:
        for name, value in part.figures.items():
            figures[name] = figures.get(name, 0) + value
    latest = max(parts, key=lambda part: part.sequence)
    sequences = [part.sequence for part in parts]
    return Delta(key, shard, figures, latest.label, min(sequences), max(sequences))


def _sale_paid(record: StreamRecord, timezone: str) -> list[Contribution]:
    new, old = record.new, record.old
    if not new or new.get("status") not in COUNTED or (old and old.get("status") in COUNTED):
        return []
    lines = _lines(new)
    sale = {
        SALES_COUNT: 1,
        QUANTITY: sum(_int(line.get("quantity")) for line in lines),
        REVENUE: _int(new.get("total")),
        DISCOUNT_TOTAL: _int(new.get("discount_total")),
        TAX_TOTAL: _int(new.get("tax_total")),
        GROSS_MARGIN: sum(_line_margin(line) for line in lines),
    }
    parts: list[Part] = [
        (TOTAL, "", sale, None),
        (SELLER, str(new.get("seller_id") or ""), sale, None),
    ]
    for line in lines:
        figures = {
            SALES_COUNT: 1,
            QUANTITY: _int(line.get("quantity")),
            REVENUE: _int(line.get("total")),
            DISCOUNT_TOTAL: _line_discount(line),
            TAX_TOTAL: _int(line.get("tax")),
            GROSS_MARGIN: _line_margin(line),
        }
        parts.append((PRODUCT, str(line.get("product_id")), figures, line.get("name")))
        parts.append((CATEGORY, str(line.get("category_id") or ""), figures, None))
    moment = parse_iso(str(new.get("paid_at") or new.get("updated_at")))
    return _spread(record, timezone, moment, str(new.get("store_id")), parts)


def _sale_refunded(record: StreamRecord, timezone: str) -> list[Contribution]:
    old, new = record.old, record.new
    if not old or not new or old.get("status") not in COUNTED:
        return []
    refunded = _int(new.get("refunded_total")) - _int(old.get("refunded_total"))
    if refunded <= 0:
        return []
    before = {str(line.get("product_id")): line for line in _lines(old)}
    parts: list[Part] = []
    total = {REFUNDS_TOTAL: refunded, REFUNDED_QUANTITY: 0, GROSS_MARGIN: 0}
    for line in _lines(new):
        figures = _line_refund(before.get(str(line.get("product_id")), line), line)
        if figures is None:
            continue
        total[REFUNDED_QUANTITY] += figures[REFUNDED_QUANTITY]
        total[GROSS_MARGIN] += figures[GROSS_MARGIN]
        parts.append((PRODUCT, str(line.get("product_id")), figures, line.get("name")))
        parts.append((CATEGORY, str(line.get("category_id") or ""), figures, None))
    parts += [(TOTAL, "", total, None), (SELLER, str(new.get("seller_id") or ""), total, None)]
    moment = parse_iso(str(new.get("updated_at")))
    return _spread(record, timezone, moment, str(new.get("store_id")), parts)


def _line_refund(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, int] | None:
    quantity = _int(new.get("refunded_quantity")) - _int(old.get("refunded_quantity"))
    amount = _int(new.get("refunded_amount")) - _int(old.get("refunded_amount"))
    if quantity <= 0 and amount <= 0:
        return None
    excluded = _refunded_excl(new) - _refunded_excl(old)
    cost = _refunded_cost(new) - _refunded_cost(old)
    return {REFUNDS_TOTAL: amount, REFUNDED_QUANTITY: quantity, GROSS_MARGIN: cost - excluded}


def _refunded_excl(line: Mapping[str, Any]) -> int:
    """The tax-excluded part of what a line refunded so far (half-up, cumulative)."""
    total = _int(line.get("total"))
    if total <= 0:
        return 0
    return round_half_up((total - _int(line.get("tax"))) * _int(line.get("refunded_amount")), total)


def _refunded_cost(line: Mapping[str, Any]) -> int:
    """The cost of the units a line refunded so far (half-up, cumulative)."""
    quantity = _int(line.get("quantity"))
    if quantity <= 0:
        return 0
    return round_half_up(_line_cost(line) * _int(line.get("refunded_quantity")), quantity)


def _payment(record: StreamRecord, timezone: str) -> list[Contribution]:
    new = record.new or {}
    figures = {TAKEN: _int(new.get("amount")), PAYMENTS_COUNT: 1}
    parts: list[Part] = [(METHOD, str(new.get("method")), figures, None)]
    moment = parse_iso(str(new.get("created_at")))
    return _spread(record, timezone, moment, str(new.get("store_id")), parts)


def _spread(
    record: StreamRecord,
    timezone: str,
    moment: datetime,
    store_id: str,
    parts: list[Part],
) -> list[Contribution]:
    """Each part into the store's and the tenant's day and month items, plus the hour's."""
    local = moment.astimezone(ZoneInfo(timezone))
    day, month = local.date().isoformat(), local.strftime("%Y-%m")
    totals = [figures for dimension, _, figures, _ in parts if dimension == TOTAL]
    if totals:
        parts = [*parts, (HOUR, f"{local.hour:02d}", totals[0], None)]
    found = []
    for dimension, member, figures, label in _merged(parts):
        for scope in (store_scope(store_id), TENANT):
            for period in (day, month):
                key = RollupKey(scope, period, dimension, member)
                found.append(Contribution(key, figures, label, record.shard, record.sequence))
    return found


def _merged(
    parts: list[Part],
) -> list[Part]:
    """Parts for the same item added up (two lines of one category): one record, one sale."""
    merged: dict[tuple[str, str], tuple[dict[str, int], str | None]] = {}
    for dimension, member, figures, label in parts:
        sums, known = merged.get((dimension, member), ({}, None))
        for name, value in figures.items():
            sums[name] = sums.get(name, 0) + value
        if SALES_COUNT in sums:
            sums[SALES_COUNT] = 1
        merged[(dimension, member)] = (sums, label or known)
    return [(dim, member, sums, label) for (dim, member), (sums, label) in merged.items()]


def _line_discount(line: Mapping[str, Any]) -> int:
    names = ("discount", "sale_discount", "promotion_discount")
    return sum(_int(line.get(name)) for name in names)


def _line_cost(line: Mapping[str, Any]) -> int:
    """What the line's SALE movements cost: their sum when recorded, else quantity x unit cost."""
    if line.get("cost") is not None:
        return _int(line.get("cost"))
    return _int(line.get("quantity")) * _int(line.get("unit_cost"))


def _line_margin(line: Mapping[str, Any]) -> int:
    return _int(line.get("total")) - _int(line.get("tax")) - _line_cost(line)


def _lines(image: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The sale's lines: a JSON attribute arrives in the image as its text, written as plain
    rows or compact (`{"c": field names, "r": a row of values per line}`)."""
    lines = image.get("lines") or []
    data = json.loads(lines) if isinstance(lines, str) else lines
    if isinstance(data, dict):
        return [dict(zip(data["c"], row, strict=True)) for row in data["r"]]
    return list(data)


def _int(value: Any) -> int:
    """Numbers arrive from the stream as Decimal (or not at all)."""
    return 0 if value is None else int(value)
