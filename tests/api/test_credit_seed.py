"""The demo seed has credit accounts a demo needs: one near its limit after a sale paid on
credit, one overdue on its schedule, one suspended, each ledger adding up to its balance."""

from __future__ import annotations

from typing import Any

from tests.support import Stack


def test_demo_seed_has_credit_accounts_in_each_state(stack: Stack) -> None:
    from chalicelib.seed import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    seed_demo()
    login = stack.api.post("/v1/auth/token", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    token = login.json["access_token"]
    accounts = stack.api.get("/v1/credit-accounts", token=token).json["items"]
    assert len(accounts) == 3, accounts
    near = [a for a in accounts if 0 < a["available_credit"] <= a["credit_limit"] // 10]
    overdue = stack.api.get("/v1/credit-accounts?overdue=true", token=token).json["items"]
    suspended = [a for a in accounts if a["status"] == "SUSPENDED"]
    assert len(near) == 1 and len(overdue) == 1 and len(suspended) == 1
    assert overdue[0]["overdue_amount"] > 0 and overdue[0]["next_due_date"] is not None
    schedules = stack.api.get(
        f"/v1/credit-accounts/{overdue[0]['id']}/schedules", token=token
    ).json["items"]
    assert schedules[0]["installments"][0]["status"] == "OVERDUE"

    def ledger(account_id: str) -> list[dict[str, Any]]:
        path = f"/v1/credit-ledger?account_id={account_id}&limit=200"
        return list(stack.api.get(path, token=token).json["items"])

    for account in accounts:
        entries = ledger(account["id"])
        assert entries and sum(e["amount"] for e in entries) == account["balance"]
    assert {e["type"] for e in ledger(overdue[0]["id"])} == {"ADJUSTMENT", "REPAYMENT"}
    charges = [e for e in ledger(near[0]["id"]) if e["type"] == "CHARGE"]
    assert len(charges) == 1, "the near account bought a charger on credit at the till"
    sale = stack.api.get(f"/v1/sales/{charges[0]['sale_id']}", token=token).json
    assert sale["status"] == "PAID" and sale["total"] == charges[0]["amount"]
