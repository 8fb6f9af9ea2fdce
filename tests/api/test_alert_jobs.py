"""The alert jobs. pending-payments: PENDING_PAYMENT_TOO_LONG for each sale unpaid for longer
than the tenant's `pending_payment_alert_minutes` since it was submitted, one open alert per sale
whose count grows pass after pass, resolved once the sale is paid or cancelled; a second run in
the same pass changes nothing. abnormal-discounts and cash-variance: one alert per store and user,
counted once a day, resolved when the cause is gone. overdue-credit: one tenant-wide alert per
credit account with an instalment past due, resolved once nothing is past due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chalicelib import jobs
from chalicelib.alerts.overdue import overdue_credit
from chalicelib.alerts.pending import pending_payments
from chalicelib.alerts.staff import abnormal_discounts, cash_variance
from tests.support import (
    Counter,
    Stack,
    add_user,
    adjust_credit,
    credit_till,
    open_counter,
    open_shift,
    submitted_sale,
)

TYPE = "PENDING_PAYMENT_TOO_LONG"


@pytest.fixture(scope="module")
def counter(stack: Stack) -> Counter:
    return open_counter(stack.api)


def _pin(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    import chalicelib.clock

    pinned = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(UTC)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: pinned)


def _alerts(counter: Counter, query: str = "") -> dict[str, dict[str, Any]]:
    reply = counter.tenant.get(f"/v1/alerts?type={TYPE}&limit=200{query}")
    assert reply.status == 200, reply
    return {alert["subject"]["id"]: alert for alert in reply.json["items"]}


def test_sales_unpaid_too_long_raise_one_alert_each_until_paid_or_cancelled(
    counter: Counter, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    product = counter.product(price=2000, cost=1000)
    lines = [{"product_id": product, "quantity": 1}]
    _pin(monkeypatch, "2035-01-10T08:00:00Z")
    waiting = submitted_sale(counter.tenant, counter.store, lines, by=counter.seller)
    partly = submitted_sale(counter.tenant, counter.other_store, lines, by=counter.seller)
    counter.pay(partly["id"], "CASH", 500)
    dropped = submitted_sale(counter.tenant, counter.store, lines, by=counter.seller)
    _pin(monkeypatch, "2035-01-10T08:40:00Z")
    paid = counter.sell(lines)  # submitted and paid at once: never late
    drain()

    # 50 minutes after submission: not late yet (the tenant's limit is 60 minutes).
    _pin(monkeypatch, "2035-01-10T08:50:00Z")
    assert pending_payments(counter.tenant.id) == 0
    assert _alerts(counter) == {}

    # 61 minutes: one alert per unpaid sale, in the sale's store.
    _pin(monkeypatch, "2035-01-10T09:01:00Z")
    assert pending_payments(counter.tenant.id) == 3
    raised = _alerts(counter)
    assert set(raised) == {waiting["id"], partly["id"], dropped["id"]}
    assert paid["id"] not in raised
    alert = raised[partly["id"]]
    assert alert["subject"] == {"kind": "sale", "id": partly["id"]}
    assert (alert["store_id"], alert["status"], alert["count"]) == (
        counter.other_store, "OPEN", 1
    )  # fmt: skip
    assert alert["first_seen_at"] == "2035-01-10T09:01:00Z"

    # The same pass again changes nothing; the next pass counts a repeat.
    _pin(monkeypatch, "2035-01-10T09:20:00Z")
    assert pending_payments(counter.tenant.id) == 3
    assert {sale: a["count"] for sale, a in _alerts(counter).items()} == dict.fromkeys(raised, 1)
    _pin(monkeypatch, "2035-01-10T09:31:00Z")
    pending_payments(counter.tenant.id)
    again = _alerts(counter)
    assert {sale: a["count"] for sale, a in again.items()} == dict.fromkeys(raised, 2)
    assert again[waiting["id"]]["last_seen_at"] == "2035-01-10T09:31:00Z"

    # Paid and cancelled sales leave the unpaid ones; their alerts resolve at the next pass.
    _pin(monkeypatch, "2035-01-10T09:40:00Z")
    counter.pay(waiting["id"], "CASH", waiting["total"])
    cancel = counter.tenant.post(
        f"/v1/sales/{dropped['id']}/cancel", {"reason": "left"}, token=counter.manager.token
    )
    assert cancel.status == 200, cancel
    drain()
    _pin(monkeypatch, "2035-01-10T10:01:00Z")
    assert pending_payments(counter.tenant.id) == 1
    assert set(_alerts(counter, "&status=OPEN")) == {partly["id"]}
    resolved = _alerts(counter, "&status=RESOLVED")
    assert set(resolved) == {waiting["id"], dropped["id"]}
    assert resolved[waiting["id"]]["count"] == 2


def test_the_job_runs_for_every_tenant_at_each_pass(
    counter: Counter, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    product = counter.product(price=1000, cost=500)
    _pin(monkeypatch, "2035-02-01T08:00:00Z")
    late = submitted_sale(counter.tenant, counter.store, [{"product_id": product, "quantity": 1}],
                          by=counter.seller)  # fmt: skip
    drain()
    _pin(monkeypatch, "2035-02-01T09:05:00Z")
    summary = jobs.run_schedule(zones={counter.tenant.id: "Africa/Douala"})
    assert summary["findings"]["pending-payments"] >= 1 and summary["failures"] == 0
    assert late["id"] in _alerts(counter, "&status=OPEN")
    now = jobs.run_job("pending-payments", zones={counter.tenant.id: "Africa/Douala"})
    assert now["findings"]["pending-payments"] == summary["findings"]["pending-payments"]


def _typed(counter: Counter, alert_type: str, query: str = "") -> dict[str, dict[str, Any]]:
    reply = counter.tenant.get(f"/v1/alerts?type={alert_type}&limit=200{query}")
    assert reply.status == 200, reply
    return {alert["subject"]["id"]: alert for alert in reply.json["items"]}


def _settings(counter: Counter, **fields: int) -> None:
    version = counter.tenant.get("/v1/tenant").json["version"]
    reply = counter.tenant.patch("/v1/tenant", {**fields, "version": version})
    assert reply.status == 200, reply


def test_abnormal_discounts_flag_the_sellers_over_the_share_of_the_last_24_hours(
    stack: Stack, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = open_counter(stack.api)
    _settings(counter, discount_approval_bps=10_000)  # no approval needed: the job watches
    assert counter.tenant.get("/v1/tenant").json["abnormal_discount_bps"] == 1500
    generous = add_user(counter.tenant, "SALES", [counter.store])
    product = counter.product(price=10_000, cost=5000)
    line = [{"product_id": product, "quantity": 1}]
    _pin(monkeypatch, "2035-03-10T10:00:00Z")
    submitted_sale(counter.tenant, counter.store, line, by=generous, discount=1000)
    submitted_sale(counter.tenant, counter.store, line, by=generous, discount=1000)  # 10 %
    cut = [{"product_id": product, "quantity": 1, "unit_price": 6000}]
    submitted_sale(counter.tenant, counter.store, cut, by=generous)  # a price cut: 40 %
    submitted_sale(counter.tenant, counter.store, line, by=counter.seller, discount=1000)  # 10 %
    drafted = {"store_id": counter.store, "lines": line, "discount": 9000}
    assert counter.tenant.post("/v1/sales", drafted, token=counter.seller.token).status == 201
    drain()

    # 22:00 in Douala is 21:00 UTC: the run covers 2035-03-09T21:00Z to 2035-03-10T21:00Z.
    _pin(monkeypatch, "2035-03-10T21:30:00Z")
    assert abnormal_discounts(counter.tenant.id, date(2035, 3, 10)) == 1
    (alert,) = _typed(counter, "ABNORMAL_DISCOUNT").values()
    assert alert["subject"] == {"kind": "user", "id": generous.id}
    assert (alert["store_id"], alert["status"], alert["count"]) == (counter.store, "OPEN", 1)
    assert "6000 on 30000" in alert["message"]
    assert abnormal_discounts(counter.tenant.id, date(2035, 3, 10)) == 1
    assert _typed(counter, "ABNORMAL_DISCOUNT")[generous.id]["count"] == 1

    # The next day's run no longer sees those sales: the alert resolves itself.
    _pin(monkeypatch, "2035-03-11T21:30:00Z")
    assert abnormal_discounts(counter.tenant.id, date(2035, 3, 11)) == 0
    assert _typed(counter, "ABNORMAL_DISCOUNT")[generous.id]["status"] == "RESOLVED"


def test_cash_variance_flags_cashiers_off_on_enough_of_their_last_shifts(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = open_counter(stack.api)
    assert counter.tenant.get("/v1/tenant").json["cash_variance_repeat"] == 2
    sloppy = add_user(counter.tenant, "CASHIER", [counter.store])
    careful = add_user(counter.tenant, "CASHIER", [counter.store])
    _pin(monkeypatch, "2035-04-01T08:00:00Z")
    for cashier, counts in ((sloppy, (1500, 0, 2000)), (careful, (5000, 0, 0))):
        for counted in counts:
            shift = open_shift(counter.tenant, counter.store, by=cashier)
            closed = counter.tenant.post(
                f"/v1/cash-shifts/{shift['id']}/close", {"counted_cash": counted},
                token=cashier.token,
            )  # fmt: skip
            assert closed.status == 200 and closed.json["variance"] == counted, closed

    # The check is off (cash_variance_alert 0) until the tenant sets a threshold.
    _pin(monkeypatch, "2035-04-01T22:30:00Z")
    assert cash_variance(counter.tenant.id, date(2035, 4, 1)) == 0
    _settings(counter, cash_variance_alert=1000)
    assert cash_variance(counter.tenant.id, date(2035, 4, 1)) == 1
    raised = _typed(counter, "CASH_VARIANCE")
    assert set(raised) == {sloppy.id}
    assert raised[sloppy.id]["subject"]["kind"] == "user"
    assert (raised[sloppy.id]["store_id"], raised[sloppy.id]["count"]) == (counter.store, 1)
    assert cash_variance(counter.tenant.id, date(2035, 4, 1)) == 1
    assert _typed(counter, "CASH_VARIANCE")[sloppy.id]["count"] == 1
    _pin(monkeypatch, "2035-04-02T22:30:00Z")
    assert cash_variance(counter.tenant.id, date(2035, 4, 2)) == 1
    assert _typed(counter, "CASH_VARIANCE")[sloppy.id]["count"] == 2
    _settings(counter, cash_variance_repeat=3)
    assert cash_variance(counter.tenant.id, date(2035, 4, 2)) == 0
    assert _typed(counter, "CASH_VARIANCE")[sloppy.id]["status"] == "RESOLVED"


def test_the_scheduler_runs_the_daily_checks_at_their_local_time(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = open_counter(stack.api)
    zones = {counter.tenant.id: "Africa/Douala"}
    _pin(monkeypatch, "2035-05-01T21:10:00Z")
    at_22 = jobs.run_schedule("2035-05-01T21:10:00Z", zones=zones)
    assert (at_22["runs"], at_22["failures"]) == (1, 0)
    assert "abnormal-discounts" in at_22["findings"]
    at_23 = jobs.run_schedule("2035-05-01T22:10:00Z", zones=zones)
    assert (at_23["runs"], at_23["skipped"]) == (1, 0)
    assert "cash-variance" in at_23["findings"]
    again = jobs.run_schedule("2035-05-01T22:20:00Z", zones=zones)
    assert (again["runs"], again["skipped"]) == (0, 1)


def test_a_replayed_stream_leaves_the_same_unpaid_sales(
    stack: Stack, drain: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = open_counter(stack.api)
    product = counter.product(price=1000, cost=500)
    lines = [{"product_id": product, "quantity": 1}]
    drain()
    replay = stack.replay_from_now()
    _pin(monkeypatch, "2035-06-01T08:00:00Z")
    unpaid = submitted_sale(counter.tenant, counter.store, lines, by=counter.seller)
    paid = submitted_sale(counter.tenant, counter.store, lines, by=counter.seller)
    counter.pay(paid["id"], "CASH", paid["total"])
    drain()
    assert replay.drain() > 0
    _pin(monkeypatch, "2035-06-01T10:00:00Z")
    assert pending_payments(counter.tenant.id) == 1
    assert set(_alerts(counter, "&status=OPEN")) == {unpaid["id"]}


def test_overdue_credit_flags_each_account_past_due_until_it_is_repaid(stack: Stack) -> None:
    till = credit_till(stack.api)
    today = datetime.now(ZoneInfo("Africa/Douala")).date()

    def owing(amount: int, plan: list[tuple[int, int]]) -> str:
        _, account = till.customer(limit=10_000)
        assert account is not None
        adjust_credit(till.tenant, account, amount, "Cahier")
        body = {
            "installments": [
                {"due_date": (today + timedelta(days=d)).isoformat(), "amount": a} for d, a in plan
            ]
        }
        made = till.tenant.post(f"/v1/credit-accounts/{account}/schedules", body)
        assert made.status == 201, made
        return account

    long_late = owing(3000, [(-40, 1000), (-3, 1000), (10, 1000)])
    just_late = owing(1000, [(-1, 1000)])
    on_time = owing(2000, [(0, 1000), (10, 1000)])  # due today is not overdue yet

    def alerts() -> dict[str, dict[str, Any]]:
        reply = till.tenant.get("/v1/alerts?type=CREDIT_OVERDUE&limit=200")
        assert reply.status == 200, reply
        return {alert["subject"]["id"]: alert for alert in reply.json["items"]}

    assert overdue_credit(till.tenant.id, today) == 2
    found = alerts()
    assert set(found) == {long_late, just_late}
    late, fresh = found[long_late], found[just_late]
    assert late["subject"]["kind"] == "credit_account" and late["store_id"] is None
    assert (late["severity"], fresh["severity"]) == ("CRITICAL", "WARNING")
    assert "2000 overdue for 40 days" in late["message"], late
    assert (late["status"], late["count"]) == ("OPEN", 1)

    assert overdue_credit(till.tenant.id, today) == 2  # again the same day: nothing more
    assert alerts()[long_late]["count"] == 1

    repaid = till.tenant.post(
        f"/v1/credit-accounts/{just_late}/repayments",
        {"amount": 1000, "method": "MOBILE_MONEY", "reference": "MP-7"},
    )
    assert repaid.status == 201, repaid
    tomorrow = today + timedelta(days=1)
    assert overdue_credit(till.tenant.id, tomorrow) == 2  # the long-late and the one due today
    found = alerts()
    assert found[just_late]["status"] == "RESOLVED"
    assert (found[long_late]["status"], found[long_late]["count"]) == ("OPEN", 2)
    assert found[on_time]["status"] == "OPEN"
    summary = jobs.run_job("overdue-credit", zones={till.tenant.id: "Africa/Douala"})
    assert (summary["findings"]["overdue-credit"], summary["failures"]) == (1, 0)
