"""Credit accounts: one per customer, limits and status with versions, manager adjustments, the
ledger that adds up to the balance, the `credit` tenant setting, and lists by key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support import (
    Tenant,
    add_credit_account,
    add_customer,
    add_user,
    adjust_credit,
    credit_ledger,
)


def _account(tenant: Tenant, limit: int = 100000) -> dict[str, Any]:
    return add_credit_account(tenant, add_customer(tenant, "Mama Ngono")["id"], limit)


def test_a_new_account_owes_nothing_and_may_spend_its_limit(tenant: Tenant) -> None:
    customer = add_customer(tenant, "Paul Biya Fils")
    account = add_credit_account(tenant, customer["id"], 150000)
    assert account["customer_id"] == customer["id"]
    assert (account["credit_limit"], account["balance"], account["available_credit"]) == (
        150000,
        0,
        150000,
    )
    assert account["status"] == "ACTIVE" and account["currency"] == "XAF"
    assert account["overdue_amount"] == 0 and account["next_due_date"] is None
    assert tenant.get(f"/v1/credit-accounts/{account['id']}").json == account


def test_a_customer_has_one_account_whatever_the_race(tenant: Tenant) -> None:
    customer = add_customer(tenant, "Awa Njoya")["id"]
    add_credit_account(tenant, customer, 1000)
    second = tenant.post("/v1/credit-accounts", {"customer_id": customer, "credit_limit": 5})
    assert second.status == 409 and second.json["code"] == "CONFLICT"
    listed = tenant.get(f"/v1/credit-accounts?customer_id={customer}").json["items"]
    assert [a["credit_limit"] for a in listed] == [1000]


def test_an_unknown_customer_gets_no_account(tenant: Tenant) -> None:
    reply = tenant.post(
        "/v1/credit-accounts",
        {"customer_id": "01JD000000000000000000000X", "credit_limit": 1000},
    )
    assert reply.status == 404 and reply.json["code"] == "NOT_FOUND"


def test_a_client_id_replayed_answers_the_stored_account(tenant: Tenant) -> None:
    customer = add_customer(tenant)["id"]
    body = {"id": "01JD3Q5X8M2N4P6R8T0V2W4Y6Z", "customer_id": customer, "credit_limit": 500}
    first = tenant.post("/v1/credit-accounts", body)
    again = tenant.post("/v1/credit-accounts", body)
    assert (first.status, again.status) == (201, 200) and again.json == first.json
    other = tenant.post("/v1/credit-accounts", {**body, "credit_limit": 600})
    assert other.status == 409


def test_limit_and_status_change_with_the_version_read(tenant: Tenant) -> None:
    account = _account(tenant)
    path = f"/v1/credit-accounts/{account['id']}"
    changed = tenant.patch(path, {"version": 1, "credit_limit": 40000, "status": "SUSPENDED"})
    assert changed.status == 200, changed
    assert changed.json["credit_limit"] == 40000 and changed.json["status"] == "SUSPENDED"
    assert changed.json["available_credit"] == 40000 and changed.json["version"] == 2
    stale = tenant.patch(path, {"version": 1, "credit_limit": 1})
    assert stale.status == 409 and stale.json["code"] == "VERSION_MISMATCH"
    cleared = tenant.patch(path, {"version": 2, "credit_limit": None})
    assert cleared.status == 422


def test_adjustments_move_the_balance_and_never_below_zero(tenant: Tenant) -> None:
    account = _account(tenant, limit=10000)
    raised = adjust_credit(tenant, account["id"], 25000, "Notebook balance")
    assert raised["entry"]["type"] == "ADJUSTMENT" and raised["entry"]["balance_after"] == 25000
    assert raised["account"]["balance"] == 25000 and raised["account"]["available_credit"] == 0
    lowered = adjust_credit(tenant, account["id"], -5000, "Goodwill")
    assert lowered["account"]["balance"] == 20000
    below = tenant.post(
        f"/v1/credit-accounts/{account['id']}/adjustments", {"amount": -20001, "reason": "x"}
    )
    assert below.status == 422 and below.json["errors"][0]["field"] == "amount"
    zero = tenant.post(
        f"/v1/credit-accounts/{account['id']}/adjustments", {"amount": 0, "reason": "x"}
    )
    assert zero.status == 422
    assert tenant.get(f"/v1/credit-accounts/{account['id']}").json["balance"] == 20000


def test_the_ledger_is_newest_first_and_adds_up_to_the_balance(tenant: Tenant) -> None:
    account = _account(tenant)
    for amount in (30000, -1000, 2500, -31500, 700):
        adjust_credit(tenant, account["id"], amount)
    entries = credit_ledger(tenant, account["id"])
    assert [e["amount"] for e in entries] == [700, -31500, 2500, -1000, 30000]
    assert [e["balance_after"] for e in entries] == [700, 0, 31500, 29000, 30000]
    balance = tenant.get(f"/v1/credit-accounts/{account['id']}").json["balance"]
    assert sum(e["amount"] for e in entries) == balance == 700
    assert entries[0]["created_by"] == tenant.admin_id and entries[0]["reason"]


def test_the_ledger_of_an_unknown_account_is_empty(tenant: Tenant, other_tenant: Tenant) -> None:
    reply = tenant.get("/v1/credit-ledger?account_id=01JD000000000000000000000X")
    assert reply.status == 200 and reply.json["items"] == []
    theirs = _account(other_tenant)
    adjust_credit(other_tenant, theirs["id"], 500)
    assert tenant.get(f"/v1/credit-ledger?account_id={theirs['id']}").json["items"] == []
    assert tenant.get("/v1/credit-ledger").status == 422


def test_accounts_are_listed_by_status(tenant: Tenant) -> None:
    active, suspended = _account(tenant), _account(tenant)
    tenant.patch(f"/v1/credit-accounts/{suspended['id']}", {"version": 1, "status": "SUSPENDED"})
    ids = lambda query: {a["id"] for a in tenant.get(f"/v1/credit-accounts{query}").json["items"]}  # noqa: E731
    assert ids("") == {active["id"], suspended["id"]}
    assert ids("?status=SUSPENDED") == {suspended["id"]}
    assert ids("?status=ACTIVE") == {active["id"]}
    assert ids("?overdue=true") == set()
    assert tenant.get("/v1/credit-accounts?overdue=maybe").status == 422


def test_cashiers_read_accounts_and_only_managers_write(tenant: Tenant) -> None:
    account = _account(tenant)
    cashier = add_user(tenant, "CASHIER")
    assert tenant.get(f"/v1/credit-accounts/{account['id']}", token=cashier.token).status == 200
    refused = tenant.post(
        f"/v1/credit-accounts/{account['id']}/adjustments",
        {"amount": 10, "reason": "x"},
        token=cashier.token,
    )
    assert refused.status == 403


def test_the_credit_setting_is_merged_field_by_field(tenant: Tenant) -> None:
    settings = tenant.get("/v1/tenant").json
    assert settings["credit"] == {"block_when_overdue": True}
    changed = tenant.patch(
        "/v1/tenant", {"version": settings["version"], "credit": {"block_when_overdue": False}}
    )
    assert changed.status == 200 and changed.json["credit"] == {"block_when_overdue": False}
    refused = tenant.patch(
        "/v1/tenant", {"version": changed.json["version"], "credit": {"block_when_overdue": None}}
    )
    assert refused.status == 422


def test_limit_and_status_changes_are_audited_and_balance_moves_are_not(
    tenant: Tenant, drain: Callable[[], int]
) -> None:
    """The ledger is the balance's trail: the audit log keeps who changed the limit or the
    status, not every entry's new balance."""
    account = _account(tenant, limit=10000)
    path = f"/v1/credit-accounts/{account['id']}"
    assert tenant.patch(path, {"version": 1, "credit_limit": 20000}).status == 200
    adjust_credit(tenant, account["id"], 5000)
    adjust_credit(tenant, account["id"], -1000)
    assert tenant.patch(path, {"version": 2, "status": "SUSPENDED"}).status == 200
    drain()
    log = tenant.get(f"/v1/audit-log?entity_id={account['id']}").json["items"]
    assert sorted(e["action"] for e in log) == ["CREATE", "UPDATE", "UPDATE"], log
    updates = [e["changes"] for e in log if e["action"] == "UPDATE"]
    assert {"credit_limit": [10000, 20000]} in [
        {k: v for k, v in c.items() if k == "credit_limit"} for c in updates
    ]
    assert all("balance" not in c and "headroom" not in c for c in updates)
    assert {e["entity_type"] for e in log} == {"credit_account"}
