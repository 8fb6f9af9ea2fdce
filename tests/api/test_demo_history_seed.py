"""The demo seed rings up 60 days of sales before today's: the reports see them on their days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.support import Stack


@pytest.fixture(scope="module")
def demo(stack: Stack) -> dict[str, Any]:
    from chalicelib import clock
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    stack.drain()
    login = {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    token = stack.api.post("/v1/auth/token", login).json["access_token"]
    zone = stack.api.get("/v1/tenant", token=token).json["timezone"]
    return {"token": token, "zone": zone, "today": clock.local_date(clock.now(), zone)}


def _every(stack: Stack, path: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = stack.api.get(f"{path}&limit=200{cursor}", token=token).json
        items += page["items"]
        if not page.get("next_cursor"):
            return items
        cursor = f"&cursor={page['next_cursor']}"


def _day(moment: str, zone: str) -> date:
    from chalicelib import clock

    return clock.local_date(clock.parse_iso(moment), zone)


def test_the_kpis_of_the_last_60_days_show_revenue_on_nearly_every_day(
    stack: Stack, demo: dict[str, Any]
) -> None:
    first, last = demo["today"] - timedelta(days=60), demo["today"] - timedelta(days=1)
    period = f"from={first}&to={last}"
    kpis = stack.api.get(f"/v1/reports/kpis?{period}", token=demo["token"]).json
    earning = {row["date"] for row in kpis["by_day"] if row["revenue"] > 0}
    assert len(earning) >= 55, sorted(earning)
    assert kpis["sales_count"] >= 60 and kpis["refunds_total"] > 0
    assert {m["method"] for m in kpis["by_payment_method"]} >= {"CASH", "MOBILE_MONEY", "CARD"}
    assert len(kpis["by_category"]) >= 4 and len(kpis["by_seller"]) == 2
    assert len(kpis["top_products"]) == 10
    report = stack.api.get(f"/v1/reports/sales?{period}&group_by=day", token=demo["token"]).json
    assert len(report["rows"]) == len(earning)
    assert sum(row["revenue"] for row in report["rows"]) == kpis["revenue"] > 0
    assert sum(row["sales_count"] for row in report["rows"]) == kpis["sales_count"]


def test_the_history_sales_were_made_and_paid_on_past_days_in_the_shop_hours(
    stack: Stack, demo: dict[str, Any]
) -> None:
    first = demo["today"] - timedelta(days=60)
    sold = _every(stack, f"/v1/sales?from={first}", demo["token"])
    past = [sale for sale in sold if _day(sale["created_at"], demo["zone"]) < demo["today"]]
    assert len(past) >= 60 + 8  # one or two a day, one more on Saturdays
    assert all(sale["paid_at"] and sale["status"] != "PENDING_PAYMENT" for sale in past)
    assert all(_day(sale["paid_at"], demo["zone"]) < demo["today"] for sale in past)
    assert len({_day(sale["created_at"], demo["zone"]) for sale in past}) == 60
    hours = {_local_hour(sale["created_at"], demo["zone"]) for sale in past}
    assert min(hours) >= 8 and max(hours) < 20 and len(hours) >= 10
    taken = _every(stack, f"/v1/payments?from={first}", demo["token"])
    assert sum(_day(p["created_at"], demo["zone"]) < demo["today"] for p in taken) >= len(past)


def _local_hour(moment: str, zone: str) -> int:
    from zoneinfo import ZoneInfo

    from chalicelib import clock

    return clock.parse_iso(moment).astimezone(ZoneInfo(zone)).hour


def test_each_past_day_had_one_balanced_shift_and_today_is_as_the_till_demo_left_it(
    stack: Stack, demo: dict[str, Any]
) -> None:
    shifts = _every(stack, "/v1/cash-shifts?status=CLOSED", demo["token"])
    past = [s for s in shifts if _day(s["opened_at"], demo["zone"]) < demo["today"]]
    assert len({_day(s["opened_at"], demo["zone"]) for s in past}) == len(past) == 60
    assert all(
        _day(s["closed_at"], demo["zone"]) == _day(s["opened_at"], demo["zone"]) for s in past
    )
    assert all(s["variance"] == 0 and s["payments_count"] > 0 for s in past)
    today = [s for s in shifts if _day(s["opened_at"], demo["zone"]) == demo["today"]]
    assert [s["variance"] for s in today if s["cashier_id"] == past[0]["cashier_id"]] == [-500]
    alerts = stack.api.get("/v1/alerts?limit=200", token=demo["token"]).json["items"]
    assert alerts and all(_day(a["first_seen_at"], demo["zone"]) == demo["today"] for a in alerts)
