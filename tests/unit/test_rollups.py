"""Rollups from stream records: what counts where, coalescing, and the high-water rule."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.reports.rollups import (
    APPLY,
    CATEGORY,
    GROSS_MARGIN,
    HOUR,
    METHOD,
    PARTLY_APPLIED,
    PAYMENTS_COUNT,
    PRODUCT,
    QUANTITY,
    REFUNDED_QUANTITY,
    REFUNDS_TOTAL,
    REVENUE,
    SALES_COUNT,
    SELLER,
    SKIP,
    TAKEN,
    TENANT,
    TOTAL,
    Contribution,
    RollupItem,
    RollupKey,
    StreamRecord,
    apply_delta,
    coalesce,
    contributions,
    sequence_mark,
    store_scope,
    unapplied,
    verdict,
)
from chalicelib.sales.totals import LineInput, compute

ZONE = "Africa/Douala"  # UTC+1 all year
STORE = store_scope("ST1")


def priced_lines(*lines: tuple[str, int, int, int | None], discount: int = 0) -> dict[str, Any]:
    """(product_id, quantity, unit_price, unit_cost) lines priced like the sales service does."""
    inputs = [LineInput(q, price, 0, 1925, True) for _, q, price, _ in lines]
    amounts = compute(inputs, discount)
    stored = [
        {
            "product_id": product_id,
            "name": f"Product {product_id}",
            "category_id": "CAT-" + product_id[-1] if product_id != "P9" else None,
            "quantity": quantity,
            "discount": 0,
            "sale_discount": amount.sale_discount,
            "tax": amount.tax,
            "total": amount.total,
            "unit_cost": cost,
            "refunded_quantity": 0,
            "refunded_amount": 0,
        }
        for (product_id, quantity, _, cost), amount in zip(lines, amounts.lines, strict=True)
    ]
    return {
        "lines": stored,
        "total": amounts.total,
        "tax_total": amounts.tax_total,
        "discount_total": amounts.discount_total,
    }


def sale(status: str, paid_at: str | None = None, **rest: Any) -> dict[str, Any]:
    image = {
        "type": "Sale",
        "id": "S1",
        "store_id": "ST1",
        "seller_id": "U1",
        "status": status,
        "paid_at": paid_at,
        "updated_at": paid_at or "2026-03-01T10:00:00Z",
        "refunded_total": 0,
        **priced_lines(("P1", 2, 1500, 1000), ("P2", 1, 5000, None)),
    }
    image.update(rest)
    return image


def record(old: dict | None, new: dict | None, sequence: int = 1, shard: str = "A") -> StreamRecord:
    item_type = str((new or old or {}).get("type"))
    return StreamRecord(shard, sequence, item_type, old, new)


def paid_record(paid_at: str = "2026-03-01T10:30:00Z", **rest: Any) -> StreamRecord:
    return record(sale("PARTIALLY_PAID", **rest), sale("PAID", paid_at, **rest))


def figures(found: list[Contribution], key: RollupKey) -> dict[str, int]:
    summed: dict[str, int] = {}
    for contribution in found:
        if contribution.key == key:
            for name, value in contribution.figures.items():
                summed[name] = summed.get(name, 0) + value
    return summed


def test_a_sale_becoming_paid_counts_in_every_breakdown_of_store_and_tenant() -> None:
    found = contributions(paid_record(), ZONE)
    keys = {(c.key.scope, c.key.period, c.key.dimension, c.key.member) for c in found}
    expected = {
        (scope, period, dimension, member)
        for scope in (STORE, TENANT)
        for period in ("2026-03-01", "2026-03")
        for dimension, member in [
            (TOTAL, ""),
            (SELLER, "U1"),
            (HOUR, "11"),  # 10:30Z is 11:30 in Douala
            (PRODUCT, "P1"),
            (PRODUCT, "P2"),
            (CATEGORY, "CAT-1"),
            (CATEGORY, "CAT-2"),
        ]
    }
    assert keys == expected and len(found) == len(expected)


def test_a_sale_counts_for_its_total_units_taxes_and_margin() -> None:
    image = sale("PAID")
    total = figures(contributions(paid_record(), ZONE), RollupKey(STORE, "2026-03-01", TOTAL))
    lines = image["lines"]
    assert total[SALES_COUNT] == 1 and total[QUANTITY] == 3
    assert total[REVENUE] == image["total"] == 8000
    assert total["tax_total"] == image["tax_total"]
    margin = (lines[0]["total"] - lines[0]["tax"] - 2 * 1000) + (
        lines[1]["total"] - lines[1]["tax"]
    )
    assert total[GROSS_MARGIN] == margin  # P2 recorded no unit cost: a cost of 0


def test_line_breakdowns_add_up_to_the_sale() -> None:
    found = contributions(paid_record(), ZONE)
    day = "2026-03-01"
    total = figures(found, RollupKey(STORE, day, TOTAL))
    for dimension, members in ((PRODUCT, ("P1", "P2")), (CATEGORY, ("CAT-1", "CAT-2"))):
        parts = [figures(found, RollupKey(STORE, day, dimension, m)) for m in members]
        for name in (REVENUE, QUANTITY, "tax_total", GROSS_MARGIN):
            assert sum(part[name] for part in parts) == total[name]


def test_the_sale_discount_spread_over_lines_adds_up_to_the_sale_discount() -> None:
    spread = priced_lines(("P1", 1, 3000, None), ("P2", 1, 1000, None), discount=1001)
    found = contributions(paid_record(**spread), ZONE)
    day = "2026-03-01"
    lines = [
        figures(found, RollupKey(STORE, day, PRODUCT, p))["discount_total"] for p in ("P1", "P2")
    ]
    assert sum(lines) == figures(found, RollupKey(STORE, day, TOTAL))["discount_total"] == 1001


def test_two_lines_of_one_category_count_one_sale_there() -> None:
    lines = priced_lines(("P1", 1, 1000, None), ("Q1", 2, 500, None), ("P9", 1, 700, None))
    found = contributions(paid_record(**lines), ZONE)
    shared = figures(found, RollupKey(STORE, "2026-03-01", CATEGORY, "CAT-1"))
    assert (shared[SALES_COUNT], shared[QUANTITY], shared[REVENUE]) == (1, 3, 2000)
    uncategorised = figures(found, RollupKey(STORE, "2026-03-01", CATEGORY, ""))
    assert (uncategorised[SALES_COUNT], uncategorised[REVENUE]) == (1, 700)


def test_sales_a_second_apart_around_local_midnight_land_on_their_own_days() -> None:
    before = contributions(paid_record("2026-03-01T22:59:59Z"), ZONE)  # 23:59:59 local
    after = contributions(paid_record("2026-03-01T23:00:01Z"), ZONE)  # 00:00:01 local
    assert {c.key.period for c in before} == {"2026-03-01", "2026-03"}
    assert {c.key.period for c in after} == {"2026-03-02", "2026-03"}
    assert {c.key.member for c in before if c.key.dimension == HOUR} == {"23"}
    assert {c.key.member for c in after if c.key.dimension == HOUR} == {"00"}


def test_the_month_follows_the_local_date() -> None:
    found = contributions(paid_record("2026-03-31T23:30:00Z"), ZONE)
    assert {c.key.period for c in found} == {"2026-04-01", "2026-04"}


def test_stream_images_with_json_lines_and_decimals_count_the_same() -> None:
    plain = paid_record()
    encoded = sale("PAID", "2026-03-01T10:30:00Z")
    encoded["lines"] = json.dumps(encoded["lines"])
    encoded["total"] = Decimal(encoded["total"])
    encoded["refunded_total"] = Decimal(0)
    stream = record(sale("PARTIALLY_PAID"), encoded)
    assert contributions(stream, ZONE) == contributions(plain, ZONE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (sale("PAID", "2026-03-01T10:30:00Z"), sale("PAID", "2026-03-01T10:30:00Z", note="x")),
        (sale("DRAFT"), sale("PENDING_PAYMENT")),
        (sale("PARTIALLY_PAID"), sale("CANCELLED", refunded_total=500)),
        (sale("PAID", "2026-03-01T10:30:00Z"), None),
    ],
    ids=["already-paid", "unpaid", "cancelled", "removed"],
)
def test_other_sale_changes_count_nothing(old: dict, new: dict | None) -> None:
    assert contributions(record(old, new), ZONE) == []


def refunded(image: dict[str, Any], at: str, quantity: int, amount: int) -> dict[str, Any]:
    after = json.loads(json.dumps(image))
    line = after["lines"][0]
    line["refunded_quantity"] += quantity
    line["refunded_amount"] += amount
    after["refunded_total"] += amount
    after["updated_at"] = at
    after["status"] = "PARTIALLY_REFUNDED"
    return after


def test_a_refund_counts_on_its_own_day_and_takes_its_margin_back() -> None:
    paid = sale("PAID", "2026-03-01T10:30:00Z")
    line = paid["lines"][0]
    once = refunded(paid, "2026-03-05T09:00:00Z", 1, 1500)
    found = contributions(record(paid, once), ZONE)
    assert {c.key.period for c in found} == {"2026-03-05", "2026-03"}
    total = figures(found, RollupKey(STORE, "2026-03-05", TOTAL))
    assert total[REFUNDS_TOTAL] == 1500 and total[REFUNDED_QUANTITY] == 1
    assert SALES_COUNT not in total and REVENUE not in total
    product = figures(found, RollupKey(STORE, "2026-03-05", PRODUCT, "P1"))
    assert product[REFUNDS_TOTAL] == 1500
    twice = refunded(once, "2026-03-06T09:00:00Z", 1, 1500)
    second = figures(
        contributions(record(once, twice), ZONE), RollupKey(STORE, "2026-03-06", TOTAL)
    )
    line_margin = line["total"] - line["tax"] - 2 * 1000
    assert total[GROSS_MARGIN] + second[GROSS_MARGIN] == -line_margin  # exactly all of it back


def test_a_payment_counts_what_the_sale_received_by_its_method() -> None:
    payment = {
        "type": "Payment",
        "store_id": "ST1",
        "method": "CASH",
        "amount": 3000,
        "tendered": 5000,
        "change": 2000,
        "created_at": "2026-03-01T23:10:00Z",
    }
    found = contributions(record(None, payment), ZONE)
    assert {c.key for c in found} == {
        RollupKey(scope, period, METHOD, "CASH")
        for scope in (STORE, TENANT)
        for period in ("2026-03-02", "2026-03")
    }
    assert all(c.figures == {TAKEN: 3000, PAYMENTS_COUNT: 1} for c in found)
    assert contributions(record(payment, {**payment, "amount": 1}), ZONE) == []


def contribution(
    sequence: int, revenue: int, shard: str = "A", label: str | None = None
) -> Contribution:
    key = RollupKey(STORE, "2026-03-01", PRODUCT, "P1")
    return Contribution(key, {REVENUE: revenue, SALES_COUNT: 1}, label, shard, sequence)


def test_a_batch_coalesces_into_one_delta_per_item_and_shard() -> None:
    found = [
        contribution(5, 100, label="Old name"),
        contribution(9, 50, label="New name"),
        contribution(7, 10, shard="B"),
        contribution(6, 1),
    ]
    deltas = coalesce(found)
    assert [(d.shard, d.figures, d.first_sequence, d.last_sequence) for d in deltas] == [
        ("A", {REVENUE: 151, SALES_COUNT: 3}, 5, 9),
        ("B", {REVENUE: 10, SALES_COUNT: 1}, 7, 7),
    ]
    assert deltas[0].label == "New name"


def test_coalescing_with_marks_leaves_out_what_was_applied() -> None:
    found = [contribution(5, 100), contribution(9, 50), contribution(7, 10, shard="B")]
    key = found[0].key
    deltas = coalesce(found, marks={key: {"A": 5, "B": 7}})
    assert [(d.shard, d.figures[REVENUE], d.first_sequence) for d in deltas] == [("A", 50, 9)]


def test_the_high_water_mark_decides_per_shard() -> None:
    delta = coalesce([contribution(5, 100), contribution(9, 50)])[0]
    assert verdict({}, delta) == APPLY
    assert verdict({"B": 100, "A": 4}, delta) == APPLY
    assert verdict({"A": 9}, delta) == SKIP
    assert verdict({"A": 12}, delta) == SKIP
    assert verdict({"A": 5}, delta) == PARTLY_APPLIED


def test_applying_a_delta_adds_its_figures_and_raises_the_mark() -> None:
    first = coalesce([contribution(5, 100, label="Phone")])[0]
    item = apply_delta(None, first)
    assert item == RollupItem(first.key, {REVENUE: 100, SALES_COUNT: 1}, "Phone", {"A": 5})
    again = apply_delta(item, first)
    assert again == item
    other = apply_delta(item, coalesce([contribution(3, 7, shard="B")])[0])
    assert other.figures[REVENUE] == 107 and other.marks == {"A": 5, "B": 3}
    assert other.label == "Phone"


def test_a_partly_applied_delta_must_be_coalesced_again() -> None:
    item = apply_delta(None, coalesce([contribution(5, 100)])[0])
    with pytest.raises(ValueError, match="coalesce again"):
        apply_delta(item, coalesce([contribution(5, 100), contribution(6, 1)])[0])


def test_what_is_left_of_a_partly_applied_delta_is_what_lies_above_the_mark() -> None:
    found = [contribution(5, 100), contribution(6, 1), contribution(8, 20), contribution(7, 3, "B")]
    delta = coalesce(found)[0]
    left = unapplied(found, delta, {"A": 6, "B": 7})
    assert left is not None
    assert (left.figures[REVENUE], left.first_sequence, left.last_sequence) == (20, 8, 8)
    assert unapplied(found, delta, {"A": 8}) is None


def test_sequence_marks_sort_as_the_numbers_do_up_to_forty_digits() -> None:
    numbers = [0, 7, 10, 99, 10**21, 10**39 + 1, 10**40 - 1]
    marks = [sequence_mark(n) for n in numbers]
    assert marks == sorted(marks) and len(set(map(len, marks))) == 1
    with pytest.raises(ValueError, match="40 digits"):
        sequence_mark(10**40)


def lots_sale(status: str, paid_at: str | None = None) -> dict[str, Any]:
    """A sale whose one line of 3 units was served from lots costing 1000, 1000 and 1001."""
    image = sale(status, paid_at, **priced_lines(("P1", 3, 1500, None)))
    image["lines"][0]["cost"] = 3001
    return image


def test_a_line_served_from_several_lots_counts_what_they_cost() -> None:
    paid = lots_sale("PAID", "2026-03-01T10:30:00Z")
    line = paid["lines"][0]
    found = contributions(record(lots_sale("PARTIALLY_PAID"), paid), ZONE)
    margin = figures(found, RollupKey(STORE, "2026-03-01", PRODUCT, "P1"))[GROSS_MARGIN]
    assert margin == line["total"] - line["tax"] - 3001
    taken_back = 0
    before = paid
    third = line["total"] // 3
    for day, amount in (("05", third), ("06", third), ("07", line["total"] - 2 * third)):
        after = refunded(before, f"2026-03-{day}T09:00:00Z", 1, amount)
        changes = contributions(record(before, after), ZONE)
        key = RollupKey(STORE, f"2026-03-{day}", PRODUCT, "P1")
        taken_back += figures(changes, key)[GROSS_MARGIN]
        before = after
    assert before["lines"][0]["refunded_amount"] == line["total"]
    assert taken_back == -margin
