"""A till with loyalty points: a credit till (store, seller, cashiers with open shifts) whose
tenant has loyalty enabled, customers, their points and ledgers. Shared by the API tests and
the concurrency tests on DynamoDB Local."""

from __future__ import annotations

from typing import Any

from tests.support.accounts import Tenant
from tests.support.client import Api
from tests.support.credit import CreditTill, credit_till
from tests.support.shop import add_customer

RULES = {
    "enabled": True,
    "earn_per_amount": 1000,
    "point_value": 10,
    "min_redeem_points": 0,
    "expiry_days": 365,
}


def set_loyalty(tenant: Tenant, **rules: Any) -> dict[str, Any]:
    """PATCH /v1/tenant's `loyalty` (merged field by field): the settings after."""
    version = tenant.get("/v1/tenant").json["version"]
    reply = tenant.patch("/v1/tenant", {"version": version, "loyalty": rules})
    assert reply.status == 200, reply
    return dict(reply.json["loyalty"])


def loyalty_till(api: Api, cashiers: int = 1, **rules: Any) -> CreditTill:
    """A credit till whose tenant has loyalty enabled with RULES (and `rules` over them)."""
    till = credit_till(api, cashiers)
    set_loyalty(till.tenant, **{**RULES, **rules})
    return till


def points_of(tenant: Tenant, customer_id: str) -> dict[str, Any]:
    """GET /v1/customers/{id}/loyalty."""
    reply = tenant.get(f"/v1/customers/{customer_id}/loyalty")
    assert reply.status == 200, reply
    return dict(reply.json)


def loyalty_ledger(tenant: Tenant, customer_id: str) -> list[dict[str, Any]]:
    """Every entry of GET /v1/loyalty-ledger, newest first."""
    entries: list[dict[str, Any]] = []
    cursor = ""
    while True:
        reply = tenant.get(f"/v1/loyalty-ledger?customer_id={customer_id}&limit=100{cursor}")
        assert reply.status == 200, reply
        entries += reply.json["items"]
        if not reply.json["next_cursor"]:
            return entries
        cursor = f"&cursor={reply.json['next_cursor']}"


def adjust_points(tenant: Tenant, customer_id: str, points: int, reason: str = "card") -> Any:
    """POST /v1/customers/{id}/loyalty-adjustments (by the tenant's admin)."""
    body = {"points": points, "reason": reason}
    return tenant.post(f"/v1/customers/{customer_id}/loyalty-adjustments", body)


def customer_with_points(till: CreditTill, points: int) -> str:
    """A new customer holding `points` (an ADJUST)."""
    customer = str(add_customer(till.tenant, "Client fidèle")["id"])
    reply = adjust_points(till.tenant, customer, points)
    assert reply.status == 201, reply
    return customer


def ledger_adds_up(tenant: Tenant, customer_id: str) -> int:
    """The customer's points, once checked against its ledger's entries and balance_after."""
    entries = loyalty_ledger(tenant, customer_id)
    held = tenant.get(f"/v1/customers/{customer_id}").json["loyalty_points"]
    assert sum(e["points"] for e in entries) == held
    assert (entries[0]["balance_after"] if entries else 0) == held
    return int(held)
