"""GET /v1/reports/kpis: every figure of API.md from the rollups, for the tenant, one store or
a store-limited user's stores, and the as-of-now figures the stream keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support import (
    Counter,
    Stack,
    add_category,
    add_user,
    adjust_credit,
    credit_till,
    move_stock,
    open_counter,
    set_thresholds,
    stock_level,
    submitted_sale,
)

FIELDS = {
    "revenue", "net_revenue", "sales_count", "average_basket", "gross_margin", "items_sold",
    "discount_total", "tax_total", "refunds_total", "by_payment_method", "by_day",
    "top_products", "by_category", "by_seller", "stock_value", "low_stock_count",
    "out_of_stock_count", "credit_outstanding", "credit_overdue", "pending_payment_count",
    "as_of", "currency",
}  # fmt: skip


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


def _pin(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    import chalicelib.clock

    pinned = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: pinned)


def _kpis(counter: Counter, query: str, token: str | None = None) -> dict[str, Any]:
    reply = counter.tenant.get(f"/v1/reports/kpis?{query}", token=token or counter.tenant.token)
    assert reply.status == 200, reply
    return dict(reply.json)


@pytest.fixture(scope="module")
def sold(counter: Counter, stack: Stack) -> dict[str, Any]:
    """Sales over two months in two stores, a refund, and what was made of them."""
    monkeypatch = pytest.MonkeyPatch()
    drinks = add_category(counter.tenant, "Boissons")["id"]
    soda = counter.product(price=500, cost=300, category_id=drinks, name="Soda")
    rice = counter.product(price=12000, cost=9000, name="Riz 25 kg")
    made = []
    for moment, store, lines in (
        ("2032-01-31T12:00:00Z", counter.store, [(soda, 4), (rice, 1)]),
        ("2032-02-01T09:00:00Z", counter.store, [(soda, 2)]),
        ("2032-02-15T09:00:00Z", counter.other_store, [(rice, 2)]),
        ("2032-03-01T09:00:00Z", counter.store, [(soda, 1)]),
    ):
        _pin(monkeypatch, moment)
        sale_lines = [{"product_id": p, "quantity": q} for p, q in lines]
        made.append(counter.sell(sale_lines, store=store))
    _pin(monkeypatch, "2032-02-20T09:00:00Z")
    refund = counter.refund(made[0]["id"], [{"product_id": soda, "quantity": 1}])
    assert refund.status == 201, refund
    monkeypatch.undo()
    stack.drain()
    return {"sales": made, "soda": soda, "rice": rice, "drinks": drinks, "refund": refund.json}


def test_every_figure_of_the_contract_from_the_rollups(counter: Counter, sold: dict) -> None:
    kpis = _kpis(counter, "from=2032-01-31&to=2032-03-01")
    assert set(kpis) == FIELDS
    sales = sold["sales"]
    revenue = sum(sale["total"] for sale in sales)
    assert kpis["revenue"] == revenue == 4 * 500 + 12000 + 2 * 500 + 2 * 12000 + 500
    assert kpis["sales_count"] == 4
    assert kpis["refunds_total"] == sold["refund"]["amount"] == 500
    assert kpis["net_revenue"] == revenue - 500
    assert kpis["average_basket"] == round(revenue / 4)
    assert kpis["items_sold"] == 10
    assert kpis["tax_total"] == sum(sale["tax_total"] for sale in sales)
    assert kpis["currency"] == "XAF" and kpis["credit_outstanding"] == 0
    assert kpis["by_payment_method"] == [{"method": "CASH", "amount": revenue, "count": 4}]
    assert [p["product_id"] for p in kpis["top_products"]] == [sold["rice"], sold["soda"]]
    assert kpis["top_products"][1] == {
        "product_id": sold["soda"], "name": "Soda", "quantity": 7, "revenue": 3500
    }  # fmt: skip
    categories = {c["category_id"]: c for c in kpis["by_category"]}
    assert categories[sold["drinks"]]["name"] == "Boissons"
    assert categories[None]["revenue"] == 36000
    (seller,) = kpis["by_seller"]
    assert (seller["seller_id"], seller["sales_count"]) == (counter.seller.id, 4)
    assert len(kpis["by_day"]) == 31 and kpis["by_day"][0]["date"] == "2032-01-31"
    assert sum(day["revenue"] for day in kpis["by_day"]) == revenue
    excluded = sum(s["total"] - s["tax_total"] for s in sales)
    refunded_excl = 500 - round(sales[0]["lines"][0]["tax"] / 4)
    assert kpis["gross_margin"] == excluded - (7 * 300 + 3 * 9000) - (refunded_excl - 300)


def test_a_whole_month_and_its_days_give_the_same_figures(counter: Counter, sold: dict) -> None:
    month = _kpis(counter, "from=2032-02-01&to=2032-02-29")
    days = [_kpis(counter, f"from=2032-02-{d:02d}&to=2032-02-{d:02d}") for d in (1, 15, 20)]
    assert month["revenue"] == sum(day["revenue"] for day in days) == 25000
    assert month["top_products"] == [
        {"product_id": sold["rice"], "name": "Riz 25 kg", "quantity": 2, "revenue": 24000},
        {"product_id": sold["soda"], "name": "Soda", "quantity": 2, "revenue": 1000},
    ]


def test_store_filter_and_store_scope(counter: Counter, sold: dict) -> None:
    one = _kpis(counter, f"from=2032-01-01&to=2032-03-31&store_id={counter.other_store}")
    assert (one["revenue"], one["sales_count"]) == (24000, 1)
    manager = add_user(counter.tenant, "MANAGER", [counter.store])
    mine = _kpis(counter, "from=2032-01-01&to=2032-03-31", token=manager.token)
    assert (mine["revenue"], mine["sales_count"]) == (14000 + 1000 + 500, 3)
    assert mine["credit_outstanding"] is None and mine["credit_overdue"] is None
    path = f"/v1/reports/kpis?store_id={counter.other_store}"
    assert counter.tenant.get(path, token=manager.token).status == 403


def test_ranges_beyond_366_days_or_reversed_are_refused(counter: Counter) -> None:
    for query in ("from=2032-01-01&to=2033-01-01", "from=2032-02-01&to=2032-01-01",
                  "from=1999-12-31", "to=2032-02-30"):  # fmt: skip
        reply = counter.tenant.get(f"/v1/reports/kpis?{query}")
        assert (reply.status, reply.json["code"]) == (422, "VALIDATION_ERROR"), query
    assert counter.tenant.get("/v1/reports/kpis?from=2032-01-01&to=2032-12-31").status == 200


def test_as_of_now_figures_follow_unpaid_sales_and_stock(
    counter: Counter, drain: Callable[[], int]
) -> None:
    drain()
    before = _kpis(counter, f"store_id={counter.store}")
    product = counter.product(price=1000, cost=400, stock=10)
    set_thresholds(counter.tenant, counter.store, product, min_qty=9)
    drain()
    between = _kpis(counter, f"store_id={counter.store}")
    assert between["stock_value"] - before["stock_value"] == 10 * 400
    sale = submitted_sale(counter.tenant, counter.store, [{"product_id": product, "quantity": 2}],
                          by=counter.seller)  # fmt: skip
    drain()
    after = _kpis(counter, f"store_id={counter.store}")
    assert after["pending_payment_count"] == before["pending_payment_count"] + 1
    assert after["low_stock_count"] == before["low_stock_count"] + 1
    counter.pay(sale["id"], "CASH", sale["total"])
    drain()
    paid = _kpis(counter, f"store_id={counter.store}")
    assert paid["pending_payment_count"] == before["pending_payment_count"]
    assert paid["stock_value"] - before["stock_value"] == 8 * 400


def test_margin_and_stock_value_follow_the_levels_average_cost(
    counter: Counter, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product's cost is 400, but received units at 600 move the average to 500: the sale
    costs what its SALE movements record, and the stock is worth on_hand x 500."""
    product = counter.product(price=2000, cost=400, stock=10)
    drain()
    before = _kpis(counter, f"store_id={counter.store}")
    received = move_stock(counter.tenant, counter.store, product, "RECEIPT", 10, unit_cost=600)
    assert received.status == 201, received
    drain()
    costed = _kpis(counter, f"store_id={counter.store}")
    assert costed["stock_value"] - before["stock_value"] == 20 * 500 - 10 * 400
    _pin(monkeypatch, "2033-05-05T10:00:00Z")
    sale = counter.sell([{"product_id": product, "quantity": 4}])
    monkeypatch.undo()
    drain()
    level = stock_level(counter.tenant, counter.store, product)
    assert (level["on_hand"], level["average_cost"]) == (16, 500)
    day = _kpis(counter, f"from=2033-05-05&to=2033-05-05&store_id={counter.store}")
    assert day["gross_margin"] == sale["total"] - sale["tax_total"] - 4 * 500
    after = _kpis(counter, f"store_id={counter.store}")
    assert after["stock_value"] - costed["stock_value"] == -4 * 500


def test_credit_outstanding_follows_every_balance_and_overdue_what_is_past_due(
    stack: Stack, drain: Callable[[], int]
) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    till = credit_till(stack.api)
    today = datetime.now(ZoneInfo("Africa/Douala")).date()

    def figures() -> tuple[int, int]:
        drain()
        reply = till.tenant.get("/v1/reports/kpis")
        assert reply.status == 200, reply
        return reply.json["credit_outstanding"], reply.json["credit_overdue"]

    assert figures() == (0, 0)
    customer, account = till.customer(limit=50_000)
    assert account is not None
    sale = till.sale(customer, 8000)
    assert till.pay(sale, 8000).status == 201  # the CREDIT tender charges the account
    _, other = till.customer(limit=10_000)
    assert other is not None
    adjust_credit(till.tenant, other, 3000, "Cahier")
    assert figures() == (11_000, 0)

    plan = [(-5, 2000), (-1, 1000), (20, 5000)]
    body = {
        "sale_id": sale,
        "installments": [
            {"due_date": (today + timedelta(days=d)).isoformat(), "amount": a} for d, a in plan
        ],
    }
    assert till.tenant.post(f"/v1/credit-accounts/{account}/schedules", body).status == 201
    assert figures() == (11_000, 3000)

    repaid = till.tenant.post(
        f"/v1/credit-accounts/{account}/repayments",
        {"amount": 2500, "method": "MOBILE_MONEY", "reference": "MP-9"},
    )
    assert repaid.status == 201, repaid
    assert figures() == (8500, 500)  # the oldest instalment first, then half of the next
    drain()
    assert figures() == (8500, 500)  # a stream with nothing new changes nothing
