"""Admins stepping down at the same moment on Amazon DynamoDB Local never leave a tenant
without an active ADMIN."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support import HttpApi, User, add_user, sign_up


def test_admins_demoting_themselves_at_once_leave_exactly_one(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Quatre patrons")
    admins = [tenant.admin] + [add_user(tenant, "ADMIN") for _ in range(3)]

    def step_down(admin: User) -> tuple[int, str | None]:
        reply = tenant.patch(
            f"/v1/users/{admin.id}", {"version": 1, "role": "MANAGER"}, token=admin.token
        )
        return reply.status, (reply.json or {}).get("code")

    with ThreadPoolExecutor(max_workers=len(admins)) as pool:
        outcomes = list(pool.map(step_down, admins))

    assert outcomes.count((200, None)) == 3, outcomes
    assert outcomes.count((409, "CONFLICT")) == 1, outcomes
    users = tenant.get("/v1/users?limit=50").json["items"]
    assert [u["id"] for u in users if u["role"] == "ADMIN" and u["active"]] == [
        admin.id for admin, outcome in zip(admins, outcomes, strict=True) if outcome[0] == 409
    ]
