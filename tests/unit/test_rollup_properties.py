"""Property: for random sales, payments (with change) and refunds around a local midnight, the
rollups kept from the stream equal the figures recomputed from the sales themselves, whatever
the batches, their failures and retries (Lambda's: from the first failed record), and
delivering everything twice changes nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.reports import formulas
from chalicelib.reports.rollups import (
    PARTLY_APPLIED,
    TENANT,
    RollupItem,
    RollupKey,
    StreamRecord,
    apply_delta,
    coalesce,
    contributions,
    store_scope,
    unapplied,
    verdict,
)
from chalicelib.sales.totals import LineInput, compute, refund_amount, round_half_up

CATEGORY_OF = {"P1": "C1", "P2": "C1", "P3": "C2", "P4": None}
METHODS = ["CASH", "MOBILE_MONEY", "CARD", "CREDIT"]


@dataclass
class SaleModel:
    id: str
    store: str
    seller: str
    lines: list[dict[str, Any]]
    total: int
    tax_total: int
    discount_total: int
    paid_at: datetime | None
    refunds: list[tuple[datetime, int, int, int]] = field(default_factory=list)


@dataclass
class PaymentModel:
    id: str
    store: str
    method: str
    amount: int
    tendered: int | None
    at: datetime


@dataclass
class Shop:
    zone: str
    sales: list[SaleModel]
    payments: list[PaymentModel]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


line_inputs = st.lists(
    st.tuples(
        st.sampled_from(sorted(CATEGORY_OF)),
        st.integers(1, 3),
        st.integers(100, 5000),
        st.one_of(st.none(), st.integers(0, 3000)),
        st.booleans(),
        st.one_of(st.none(), st.integers(0, 9000)),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda line: line[0],
)


@st.composite
def shops(draw: st.DrawFn) -> Shop:
    zone = draw(st.sampled_from(["Africa/Douala", "Europe/Paris", "America/St_Johns"]))
    boundary = draw(st.sampled_from([date(2026, 3, 29), date(2026, 4, 1), date(2026, 11, 1)]))
    midnight = datetime.combine(boundary, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    sales, payments = [], []
    for index in range(draw(st.integers(1, 6))):
        sale, paid = draw_sale(draw, index, midnight)
        sales.append(sale)
        payments += paid
    return Shop(zone, sales, payments)


def draw_sale(draw: st.DrawFn, index: int, midnight: datetime) -> tuple[SaleModel, list]:
    chosen = draw(line_inputs)
    inputs = [LineInput(q, price, 0, 1925, included) for _, q, price, _, included, _ in chosen]
    gross = sum(line.quantity * line.unit_price for line in inputs)
    amounts = compute(inputs, draw(st.integers(0, gross // 4)))
    lines = [
        {
            "product_id": product,
            "name": f"Product {product}",
            "category_id": CATEGORY_OF[product],
            "quantity": quantity,
            "discount": 0,
            "sale_discount": amount.sale_discount,
            "tax": amount.tax,
            "total": amount.total,
            "unit_cost": cost,
            "cost": lots_cost,
            "refunded_quantity": 0,
            "refunded_amount": 0,
        }
        for (product, quantity, _, cost, _, lots_cost), amount in zip(
            chosen, amounts.lines, strict=True
        )
    ]
    at = midnight + timedelta(seconds=draw(st.integers(-3 * 3600, 3 * 3600)))
    paid = draw(st.booleans()) or index == 0
    sale = SaleModel(
        id=f"S{index}",
        store=draw(st.sampled_from(["ST1", "ST2"])),
        seller=draw(st.sampled_from(["U1", "U2"])),
        lines=lines,
        total=amounts.total,
        tax_total=amounts.tax_total,
        discount_total=amounts.discount_total,
        paid_at=at if paid else None,
    )
    payments = draw_payments(draw, sale, at, amounts.total if paid else amounts.total // 2)
    if paid:
        draw_refunds(draw, sale, at)
    return sale, payments


def draw_payments(draw: st.DrawFn, sale: SaleModel, last: datetime, amount: int) -> list:
    count = draw(st.integers(1, 3)) if amount >= 3 else 1
    shares = [amount // count] * count
    shares[-1] += amount - sum(shares)
    payments = []
    for n, share in enumerate(shares):
        method = draw(st.sampled_from(METHODS))
        tendered = share + draw(st.integers(0, 2000)) if method == "CASH" else None
        moment = last - timedelta(minutes=7 * (count - 1 - n))
        payments.append(
            PaymentModel(f"{sale.id}-P{n}", sale.store, method, share, tendered, moment)
        )
    return payments


def draw_refunds(draw: st.DrawFn, sale: SaleModel, paid_at: datetime) -> None:
    refunded = [0] * len(sale.lines)
    refunded_amount = [0] * len(sale.lines)
    moment = paid_at
    for _ in range(draw(st.integers(0, 2))):
        index = draw(st.integers(0, len(sale.lines) - 1))
        line = sale.lines[index]
        left = line["quantity"] - refunded[index]
        if not left:
            continue
        quantity = draw(st.integers(1, left))
        amount = refund_amount(
            line["total"], line["quantity"], refunded[index], refunded_amount[index], quantity
        )
        refunded[index] += quantity
        refunded_amount[index] += amount
        moment += timedelta(seconds=draw(st.integers(1, 4 * 3600)))
        sale.refunds.append((moment, index, quantity, amount))


# the stream records


def sale_image(sale: SaleModel, status: str, at: datetime, refunds: int) -> dict[str, Any]:
    lines = [dict(line) for line in sale.lines]
    for _, index, quantity, amount in sale.refunds[:refunds]:
        lines[index]["refunded_quantity"] += quantity
        lines[index]["refunded_amount"] += amount
    return {
        "type": "Sale",
        "id": sale.id,
        "store_id": sale.store,
        "seller_id": sale.seller,
        "status": status,
        "lines": lines,
        "total": sale.total,
        "tax_total": sale.tax_total,
        "discount_total": sale.discount_total,
        "refunded_total": sum(refund[3] for refund in sale.refunds[:refunds]),
        "paid_at": iso(sale.paid_at) if sale.paid_at else None,
        "updated_at": iso(at),
    }


def events(shop: Shop) -> list[tuple[datetime, str, dict | None, dict | None]]:
    found: list[tuple[datetime, str, dict | None, dict | None]] = []
    for n, sale in enumerate(shop.sales):
        shard = f"shard-{n % 2}"
        if sale.paid_at is None:
            at = shop.payments[0].at
            unpaid = sale_image(sale, "PENDING_PAYMENT", at, 0)
            found.append((at, shard, unpaid, sale_image(sale, "PARTIALLY_PAID", at, 0)))
            continue
        pending = sale_image(sale, "PENDING_PAYMENT", sale.paid_at, 0)
        found.append((sale.paid_at, shard, pending, sale_image(sale, "PAID", sale.paid_at, 0)))
        before = sale_image(sale, "PAID", sale.paid_at, 0)
        for count, (at, *_) in enumerate(sale.refunds, start=1):
            after = sale_image(sale, "PARTIALLY_REFUNDED", at, count)
            found.append((at, shard, before, after))
            before = after
    for n, payment in enumerate(shop.payments):
        image = {
            "type": "Payment",
            "store_id": payment.store,
            "method": payment.method,
            "amount": payment.amount,
            "tendered": payment.tendered,
            "change": 0 if payment.tendered is None else payment.tendered - payment.amount,
            "created_at": iso(payment.at),
        }
        found.append((payment.at, f"shard-{(n + 1) % 2}", None, image))
    return found


def shard_records(shop: Shop) -> dict[str, list[StreamRecord]]:
    shards: dict[str, list[StreamRecord]] = {}
    ordered = sorted(enumerate(events(shop)), key=lambda pair: (pair[1][0], pair[0]))
    for sequence, (_, (_, shard, old, new)) in enumerate(ordered, start=100):
        item_type = str((new or old or {})["type"])
        shards.setdefault(shard, []).append(StreamRecord(shard, sequence, item_type, old, new))
    return shards


# the stream consumer, as the storage layer will run it


Store = dict[RollupKey, RollupItem]


def write(store: Store, delta: Any, found: list) -> None:
    item = store.get(delta.key)
    marks = item.marks if item else {}
    if verdict(marks, delta) == PARTLY_APPLIED:
        delta = unapplied(found, delta, marks)
        if delta is None:
            return
    store[delta.key] = apply_delta(item, delta)


def run_batch(store: Store, batch: list[StreamRecord], zone: str, failing: Any) -> int | None:
    """The lowest sequence behind a failed write (Lambda retries from that record), or None."""
    found = [c for record in batch for c in contributions(record, zone)]
    failed: int | None = None
    for delta in coalesce(found):
        if failing():
            failed = delta.first_sequence if failed is None else min(failed, delta.first_sequence)
            continue
        write(store, delta, found)
    return failed


def consume(store: Store, shop: Shop, rnd: random.Random, failures: int = 15) -> None:
    shards = shard_records(shop)
    position = dict.fromkeys(shards, 0)
    left = [failures]

    def failing() -> bool:
        if left[0] and rnd.random() < 0.25:
            left[0] -= 1
            return True
        return False

    while any(position[s] < len(records) for s, records in shards.items()):
        shard = rnd.choice([s for s, records in shards.items() if position[s] < len(records)])
        records = shards[shard]
        batch = records[position[shard] : position[shard] + rnd.randint(1, 6)]
        failed = run_batch(store, batch, shop.zone, failing)
        if failed is None:
            position[shard] += len(batch)
        else:
            position[shard] = [r.sequence for r in records].index(failed)


# the figures recomputed from the sales


def expected_rollups(shop: Shop) -> dict[RollupKey, dict[str, int]]:
    expected: dict[RollupKey, dict[str, int]] = {}

    def add(store: str, at: datetime, dimension: str, member: str, **figures: int) -> None:
        local = at.astimezone(ZoneInfo(shop.zone))
        for scope in (store_scope(store), TENANT):
            for period in (local.date().isoformat(), local.strftime("%Y-%m")):
                found = expected.setdefault(RollupKey(scope, period, dimension, member), {})
                for name, value in figures.items():
                    found[name] = found.get(name, 0) + value

    for sale in shop.sales:
        if sale.paid_at is not None:
            add_sale(sale, add, shop.zone)
            add_refunds(sale, add, shop.zone)
    for p in shop.payments:
        add(p.store, p.at, "METHOD", p.method, taken=p.amount, payments_count=1)
    return expected


def line_cost(line: dict[str, Any]) -> int:
    if line["cost"] is not None:
        return int(line["cost"])
    return int(line["quantity"] * (line["unit_cost"] or 0))


def add_sale(sale: SaleModel, add: Any, zone: str) -> None:
    assert sale.paid_at is not None
    margin = sum(line["total"] - line["tax"] - line_cost(line) for line in sale.lines)
    whole = {
        "sales_count": 1,
        "quantity": sum(line["quantity"] for line in sale.lines),
        "revenue": sale.total,
        "discount_total": sale.discount_total,
        "tax_total": sale.tax_total,
        "gross_margin": margin,
    }
    hour = f"{sale.paid_at.astimezone(ZoneInfo(zone)).hour:02d}"
    for dimension, member in (("TOTAL", ""), ("SELLER", sale.seller), ("HOUR", hour)):
        add(sale.store, sale.paid_at, dimension, member, **whole)
    categories: set[str] = set()
    for line in sale.lines:
        figures = {
            "quantity": line["quantity"],
            "revenue": line["total"],
            "discount_total": line["sale_discount"],
            "tax_total": line["tax"],
            "gross_margin": line["total"] - line["tax"] - line_cost(line),
        }
        add(sale.store, sale.paid_at, "PRODUCT", line["product_id"], sales_count=1, **figures)
        category = line["category_id"] or ""
        first = category not in categories
        categories.add(category)
        add(sale.store, sale.paid_at, "CATEGORY", category, sales_count=int(first), **figures)


def add_refunds(sale: SaleModel, add: Any, zone: str) -> None:
    refunded = [0] * len(sale.lines)
    units = [0] * len(sale.lines)
    for at, index, quantity, amount in sale.refunds:
        line = sale.lines[index]
        excluded, cost = line["total"] - line["tax"], line_cost(line)
        before = round_half_up(excluded * refunded[index], line["total"])
        cost_before = round_half_up(cost * units[index], line["quantity"])
        refunded[index] += amount
        units[index] += quantity
        after = round_half_up(excluded * refunded[index], line["total"])
        cost_after = round_half_up(cost * units[index], line["quantity"])
        margin = (cost_after - cost_before) - (after - before)
        figures = {"refunds_total": amount, "refunded_quantity": quantity, "gross_margin": margin}
        hour = f"{at.astimezone(ZoneInfo(zone)).hour:02d}"
        for dimension, member in (
            ("TOTAL", ""),
            ("SELLER", sale.seller),
            ("HOUR", hour),
            ("PRODUCT", line["product_id"]),
            ("CATEGORY", line["category_id"] or ""),
        ):
            add(sale.store, at, dimension, member, **figures)


def nonzero(figures: Any) -> dict[str, int]:
    return {name: value for name, value in figures.items() if value}


def observed(store: Store) -> dict[RollupKey, dict[str, int]]:
    return {key: nonzero(item.figures) for key, item in store.items() if nonzero(item.figures)}


@settings(max_examples=100, deadline=None)
@given(shops(), st.randoms(use_true_random=False))
def test_rollups_equal_the_figures_recomputed_from_the_sales(
    shop: Shop, rnd: random.Random
) -> None:
    store: Store = {}
    consume(store, shop, rnd)
    expected = {k: nonzero(v) for k, v in expected_rollups(shop).items() if nonzero(v)}
    assert observed(store) == expected


@settings(max_examples=100, deadline=None)
@given(shops(), st.randoms(use_true_random=False))
def test_delivering_the_stream_twice_or_split_otherwise_changes_nothing(
    shop: Shop, rnd: random.Random
) -> None:
    once: Store = {}
    consume(once, shop, rnd)
    first = observed(once)
    consume(once, shop, rnd)
    assert observed(once) == first
    other: Store = {}
    consume(other, shop, random.Random(rnd.random()), failures=0)
    assert observed(other) == first


@settings(max_examples=100, deadline=None)
@given(shops(), st.randoms(use_true_random=False))
def test_kpis_from_monthly_rollups_equal_the_sales(shop: Shop, rnd: random.Random) -> None:
    store: Store = {}
    consume(store, shop, rnd)
    moments = [s.paid_at for s in shop.sales if s.paid_at] + [p.at for p in shop.payments]
    moments += [refund[0] for sale in shop.sales for refund in sale.refunds]
    local_days = [m.astimezone(ZoneInfo(shop.zone)).date() for m in moments]
    first = min(local_days).replace(day=1)
    last = (max(local_days).replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    covered = formulas.coverage(first, last)
    assert covered.taken == []  # whole months
    periods = set(covered.added)
    figures = formulas.kpis(
        i for k, i in store.items() if k.scope == TENANT and k.period in periods
    )
    paid = [sale for sale in shop.sales if sale.paid_at is not None]
    assert figures.revenue == sum(sale.total for sale in paid)
    assert figures.sales_count == len(paid)
    assert figures.refunds_total == sum(r[3] for sale in paid for r in sale.refunds)
    assert figures.net_revenue == figures.revenue - figures.refunds_total
    assert figures.items_sold == sum(line["quantity"] for sale in paid for line in sale.lines)
    assert figures.discount_total == sum(sale.discount_total for sale in paid)
    assert figures.tax_total == sum(sale.tax_total for sale in paid)
    assert figures.average_basket == round_half_up(figures.revenue, figures.sales_count)
    margins = expected_rollups(shop)
    assert figures.gross_margin == sum(
        found.get("gross_margin", 0)
        for key, found in margins.items()
        if key.scope == TENANT and key.dimension == "TOTAL" and len(key.period) == 10
    )
    taken = {m: sum(p.amount for p in shop.payments if p.method == m) for m in METHODS}
    assert {f.method: f.amount for f in figures.by_payment_method} == nonzero(taken)
    revenue_by_product: dict[str, int] = {}
    for sale in paid:
        for line in sale.lines:
            pid = line["product_id"]
            revenue_by_product[pid] = revenue_by_product.get(pid, 0) + line["total"]
    assert {p.product_id: p.revenue for p in figures.top_products} == revenue_by_product
