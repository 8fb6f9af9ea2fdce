"""A customer's points, their ledger and a manager's adjustments (never below 0), points
expiring earning by earning (the expiring list, redemption and the loyalty-expiry job)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support import (
    CreditTill,
    Stack,
    add_customer,
    add_user,
    adjust_points,
    customer_with_points,
    ledger_adds_up,
    loyalty_ledger,
    loyalty_till,
    points_of,
)


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return loyalty_till(stack.api, expiry_days=30)


def _later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    import chalicelib.clock

    moment = datetime.now(chalicelib.clock.UTC) + timedelta(days=days)
    monkeypatch.setattr(chalicelib.clock, "now", lambda: moment)


def test_an_adjustment_credits_points_that_expire_like_earned_ones(till: CreditTill) -> None:
    customer = str(add_customer(till.tenant, "Client")["id"])
    reply = adjust_points(till.tenant, customer, 40, "ancienne carte")
    assert reply.status == 201, reply
    assert reply.json["points"] == 40
    entry = reply.json["entry"]
    assert (entry["type"], entry["points"], entry["balance_after"]) == ("ADJUST", 40, 40)
    assert entry["expires_on"] is not None
    held = points_of(till.tenant, customer)
    assert held["points"] == 40
    assert held["expiring"] == [{"points": 40, "expires_on": entry["expires_on"]}]
    assert till.tenant.get(f"/v1/customers/{customer}").json["loyalty_points"] == 40


def test_an_adjustment_below_0_is_422_and_changes_nothing(till: CreditTill) -> None:
    customer = customer_with_points(till, 30)
    refused = adjust_points(till.tenant, customer, -31)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "points", refused
    taken = adjust_points(till.tenant, customer, -30, "erreur")
    assert taken.status == 201 and taken.json["points"] == 0
    assert ledger_adds_up(till.tenant, customer) == 0


def test_an_adjustment_of_0_points_is_422(till: CreditTill) -> None:
    customer = str(add_customer(till.tenant, "Client")["id"])
    assert adjust_points(till.tenant, customer, 0).status == 422


def test_adjustments_are_for_managers(till: CreditTill) -> None:
    customer = str(add_customer(till.tenant, "Client")["id"])
    body = {"points": 10, "reason": "x"}
    path = f"/v1/customers/{customer}/loyalty-adjustments"
    assert till.tenant.post(path, body, token=till.cashier.token).status == 403
    manager = add_user(till.tenant, "MANAGER", [till.store])
    assert till.tenant.post(path, body, token=manager.token).status == 201


def test_an_unknown_customer_is_404(till: CreditTill) -> None:
    missing = "01J00000000000000000000000"
    assert till.tenant.get(f"/v1/customers/{missing}/loyalty").status == 404
    assert adjust_points(till.tenant, missing, 5).status == 404


def test_the_ledger_pages_newest_first(till: CreditTill) -> None:
    customer = customer_with_points(till, 5)
    for points in (1, 2, 3):
        assert adjust_points(till.tenant, customer, points).status == 201
    first = till.tenant.get(f"/v1/loyalty-ledger?customer_id={customer}&limit=2").json
    assert [e["points"] for e in first["items"]] == [3, 2] and first["next_cursor"]
    assert [e["balance_after"] for e in loyalty_ledger(till.tenant, customer)] == [11, 8, 6, 5]


def test_points_past_their_date_cannot_be_redeemed(
    till: CreditTill, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = customer_with_points(till, 100)
    sale = till.sale(old, 2000)
    _later(monkeypatch, 31)
    assert adjust_points(till.tenant, old, 20, "bonus").status == 201
    refused = till.pay(sale, 300, "LOYALTY")
    assert refused.status == 409 and refused.json["code"] == "INSUFFICIENT_POINTS", refused
    assert points_of(till.tenant, old)["expiring"][0]["points"] == 20
    paid = till.pay(sale, 200, "LOYALTY")
    assert paid.status == 201, paid
    kinds = [(e["type"], e["points"]) for e in loyalty_ledger(till.tenant, old)]
    assert kinds[:2] == [("REDEEM", -20), ("EXPIRE", -100)]
    assert ledger_adds_up(till.tenant, old) == 0


def test_redemption_takes_the_oldest_points_first(
    till: CreditTill, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = customer_with_points(till, 50)
    _later(monkeypatch, 10)
    assert adjust_points(till.tenant, customer, 50).status == 201
    sale = till.sale(customer, 2000)
    assert till.pay(sale, 600, "LOYALTY").status == 201
    expiring = points_of(till.tenant, customer)["expiring"]
    assert [e["points"] for e in expiring] == [40]  # the younger 50 lost 10, the older are gone


def test_the_expiry_job_expires_earning_by_earning_once_a_day(
    till: CreditTill, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import jobs

    first = customer_with_points(till, 70)
    _later(monkeypatch, 5)
    assert adjust_points(till.tenant, first, 30).status == 201
    younger = customer_with_points(till, 10)
    _later(monkeypatch, 40)
    zones = {till.tenant.id: "Africa/Douala"}
    summary = jobs.run_job("loyalty-expiry", zones=zones)
    assert summary["findings"]["loyalty-expiry"] >= 2 and summary["failures"] == 0
    expired = [e for e in loyalty_ledger(till.tenant, first) if e["type"] == "EXPIRE"]
    assert sorted(e["points"] for e in expired) == [-70, -30]
    assert ledger_adds_up(till.tenant, first) == 0
    assert ledger_adds_up(till.tenant, younger) == 0
    again = jobs.run_job("loyalty-expiry", zones=zones)
    assert again["findings"]["loyalty-expiry"] == 0
    assert len(loyalty_ledger(till.tenant, first)) == 4
