"""GET /v1/reports/sales: every group_by from the rollups, rows that add up to the KPI
totals, and the same rows as CSV and XLSX with formula-looking text written as text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support import Counter, Stack, add_category, add_user, open_counter

GROUPS = ("day", "hour", "store", "product", "category", "seller", "payment_method")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANGE = "from=2033-05-01&to=2033-05-31"
ADDING_UP = ("revenue", "quantity", "tax_total", "discount_total", "gross_margin", "refunds_total")


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


@pytest.fixture(scope="module")
def sold(counter: Counter, stack: Stack) -> dict[str, Any]:
    import chalicelib.clock

    monkeypatch = pytest.MonkeyPatch()
    sodas = add_category(counter.tenant, "=Boissons")["id"]
    soda = counter.product(price=500, cost=300, category_id=sodas, name="-Soda")
    rice = counter.product(price=12000, cost=9000, name="Riz")
    sales = []
    for moment, store, lines, payments in (
        ("2033-05-02T08:30:00Z", counter.store, [(soda, 3), (rice, 1)], None),
        ("2033-05-02T15:10:00Z", counter.other_store, [(rice, 1)], [("MOBILE_MONEY", 12000, None)]),
        ("2033-05-20T23:30:00Z", counter.store, [(soda, 2)], [("CASH", 1000, 2000)]),
    ):
        pinned = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
        monkeypatch.setattr(chalicelib.clock, "now", lambda at=pinned: at)
        sale_lines = [{"product_id": p, "quantity": q} for p, q in lines]
        sales.append(counter.sell(sale_lines, payments, store=store))
    refund = counter.refund(sales[0]["id"], [{"product_id": rice, "quantity": 1}])
    assert refund.status == 201, refund
    monkeypatch.undo()
    stack.drain()
    return {"sales": sales, "soda": soda, "rice": rice, "sodas": sodas}


def _report(counter: Counter, query: str, token: str | None = None) -> dict[str, Any]:
    reply = counter.tenant.get(f"/v1/reports/sales?{query}", token=token or counter.tenant.token)
    assert reply.status == 200, reply
    return dict(reply.json)


@pytest.mark.parametrize("group_by", GROUPS)
def test_rows_add_up_to_the_kpi_totals(counter: Counter, sold: dict, group_by: str) -> None:
    report = _report(counter, f"{RANGE}&group_by={group_by}")
    kpis = counter.tenant.get(f"/v1/reports/kpis?{RANGE}").json
    totals = report["totals"]
    assert totals["revenue"] == kpis["revenue"] == 25500 + 1000
    assert totals["refunds_total"] == kpis["refunds_total"]
    assert totals["sales_count"] == kpis["sales_count"] == 3
    assert report["currency"] == "XAF"
    rows = report["rows"]
    if group_by == "payment_method":
        assert {r["key"]: (r["revenue"], r["sales_count"]) for r in rows} == {
            "CASH": (14500, 2),
            "MOBILE_MONEY": (12000, 1),
        }
        return
    for name in ADDING_UP:
        assert sum(row[name] for row in rows) == totals[name], name
    if group_by in ("day", "hour", "store", "seller"):
        assert sum(row["sales_count"] for row in rows) == totals["sales_count"]


def test_keys_and_labels_of_each_grouping(counter: Counter, sold: dict) -> None:
    def keyed(group_by: str) -> dict[str, dict[str, Any]]:
        return {r["key"]: r for r in _report(counter, f"{RANGE}&group_by={group_by}")["rows"]}

    assert list(keyed("day")) == ["2033-05-02", "2033-05-21"]  # 23:30Z is 00:30 in Douala
    assert list(keyed("hour")) == ["00", "09", "16"]
    assert keyed("store")[counter.other_store]["label"] == "Bali"
    assert keyed("product")[sold["soda"]]["label"] == "-Soda"
    assert keyed("product")[sold["soda"]]["quantity"] == 5
    assert keyed("category")[sold["sodas"]]["label"] == "=Boissons"
    assert keyed("category")[""]["revenue"] == 24000
    assert keyed("seller")[counter.seller.id]["sales_count"] == 3


def test_a_store_limited_user_gets_their_stores(counter: Counter, sold: dict) -> None:
    viewer = add_user(counter.tenant, "VIEWER", [counter.other_store])
    report = _report(counter, f"{RANGE}&group_by=store", token=viewer.token)
    assert [row["key"] for row in report["rows"]] == [counter.other_store]
    assert report["totals"]["revenue"] == 12000


def test_csv_has_a_header_and_writes_formulas_as_text(counter: Counter, sold: dict) -> None:
    reply = counter.tenant.get(
        f"/v1/reports/sales?{RANGE}&group_by=category&format=csv", headers={"accept": "text/csv"}
    )
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.body.decode())))
    assert rows[0] == ["key", "label", "sales_count", "quantity", "revenue", "discount_total",
                       "tax_total", "gross_margin", "refunds_total"]  # fmt: skip
    labels = {row[0]: row[1] for row in rows[1:]}
    assert labels[sold["sodas"]] == "'=Boissons"


def test_xlsx_opens_with_the_same_rows(counter: Counter, sold: dict) -> None:
    from openpyxl import load_workbook

    reply = counter.tenant.get(
        f"/v1/reports/sales?{RANGE}&group_by=product&format=xlsx", headers={"accept": XLSX}
    )
    assert reply.status == 200 and reply.headers["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(reply.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("key", "label", "sales_count", "quantity", "revenue")
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key[sold["soda"]][1] == "-Soda" and by_key[sold["soda"]][4] == 2500
    assert sheet.cell(row=2, column=5).data_type == "n"


def test_an_unknown_grouping_is_refused(counter: Counter) -> None:
    reply = counter.tenant.get(f"/v1/reports/sales?{RANGE}&group_by=week")
    assert (reply.status, reply.json["code"]) == (422, "VALIDATION_ERROR")
