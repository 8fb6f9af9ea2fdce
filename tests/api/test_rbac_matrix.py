"""Every route x every role: 403 FORBIDDEN exactly when tests/api/route_access.py says no.

Routes are enumerated from the app's route table, so a route without a row fails here.
Calls use placeholder ids and an empty body: an allowed role then gets 404 or 422 (never
403), a refused one 403 before anything is read or written.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from chalicelib.auth.permissions import Role
from tests.api.route_access import ACCESS, PUBLIC
from tests.support import Api, add_user, sign_up

PLACEHOLDER_ID = "01JD00000000000000000NOPE0"


def _app_routes() -> set[tuple[str, str]]:
    import app  # noqa: F401  - registers every blueprint
    from chalicelib.http import ROUTES

    return {(spec.method, spec.path) for spec in ROUTES}


def test_every_route_has_exactly_one_row(stack: Any) -> None:
    routes = _app_routes()
    missing = sorted(routes - set(ACCESS))
    stale = sorted(set(ACCESS) - routes)
    assert not missing, f"add these routes to tests/api/route_access.py: {missing}"
    assert not stale, f"these rows of tests/api/route_access.py are not routes: {stale}"


@pytest.fixture(scope="module")
def tokens(stack: Any) -> dict[str, str]:
    """One user per role in one tenant, each working in the tenant's store."""
    tenant = sign_up(stack.api, name="Matrix shop")
    store = tenant.post("/v1/stores", {"name": "Akwa", "code": "MTX"}).json
    found = {Role.ADMIN.value: tenant.token}
    for role in Role:
        if role is not Role.ADMIN:
            found[role.value] = add_user(tenant, role.value, [store["id"]]).token
    return found


def _call(api: Api, method: str, path: str, token: str | None) -> Any:
    concrete = re.sub(r"\{[^}]+\}", PLACEHOLDER_ID, path)
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return api.request(method, concrete, json_body=body, token=token)


@pytest.mark.parametrize("method,path", sorted(ACCESS))
def test_route_answers_403_exactly_to_the_roles_it_refuses(
    stack: Any, tokens: dict[str, str], method: str, path: str
) -> None:
    allowed = ACCESS[(method, path)]
    if allowed == PUBLIC:
        reply = _call(stack.api, method, path, None)
        assert reply.status not in (401, 403), reply
        return
    assert _call(stack.api, method, path, None).status == 401
    wrong = {}
    for role, token in tokens.items():
        reply = _call(stack.api, method, path, token)
        refused = reply.status == 403 and reply.json["code"] == "FORBIDDEN"
        if refused == (role in allowed) or reply.status in (401, 500):
            wrong[role] = reply
    assert not wrong, f"{method} {path}: {wrong}"
