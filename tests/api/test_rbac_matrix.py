"""Every route x every role: 403 FORBIDDEN exactly when tests/support/route_access.py says no;
and every list of store rows shows a store-scoped user exactly the rows of their stores.

Routes are enumerated from the app's route table, so a route without a row fails here.
Calls use placeholder ids and an empty body: an allowed role then gets 404 or 422 (never
403), a refused one 403 before anything is read or written.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

import pytest

from chalicelib.auth.permissions import Role
from tests.support import (
    STORE_FIELDS,
    Api,
    StoreWorld,
    add_store,
    add_user,
    sign_up,
    store_world,
    stores_of,
)
from tests.support.route_access import ACCESS, HIDDEN_FROM, OWN_ROWS_ONLY, PUBLIC

PLACEHOLDER_ID = "01JD00000000000000000NOPE0"


def _app_routes() -> set[tuple[str, str]]:
    import app  # noqa: F401  - registers every blueprint
    from chalicelib.http import ROUTES

    return {(spec.method, spec.path) for spec in ROUTES}


def test_every_route_has_exactly_one_row(stack: Any) -> None:
    routes = _app_routes()
    missing = sorted(routes - set(ACCESS))
    stale = sorted(set(ACCESS) - routes)
    assert not missing, f"add these routes to tests/support/route_access.py: {missing}"
    assert not stale, f"these rows of tests/support/route_access.py are not routes: {stale}"


@pytest.fixture(scope="module")
def tokens(stack: Any) -> dict[str, str]:
    """One user per role in one tenant, each working in the tenant's store."""
    tenant = sign_up(stack.api, name="Matrix shop")
    store = add_store(tenant, "Akwa", "MTX")
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


def _lists_of_store_rows() -> set[str]:
    """The GET collections whose items name a store, read from their response models."""
    import app  # noqa: F401  - registers every blueprint
    from chalicelib.http import ROUTES

    found = set()
    for spec in ROUTES:
        if spec.method != "GET" or "{" in spec.path or spec.response is None:
            continue
        items = getattr(spec.response, "model_fields", {}).get("items")
        item_model = get_args(items.annotation)[0] if items is not None else None
        fields = set(getattr(item_model, "model_fields", {}))
        if fields & {"store_id", "from_store_id", "to_store_id"}:
            found.add(spec.path)
    return found


def test_every_list_of_store_rows_is_scoped_here(stack: Any) -> None:
    assert _lists_of_store_rows() == set(STORE_FIELDS)


@pytest.fixture(scope="module")
def world(stack: Any) -> StoreWorld:
    return store_world(stack.api, stack.drain)


def _shown(row: str, hidden: tuple[str, ...], theirs: list[str]) -> str:
    """A row with its hidden fields as the ADMIN sees them (taken from the ADMIN's same row)."""
    data = json.loads(row)
    full = next((json.loads(r) for r in theirs if json.loads(r).get("id") == data.get("id")), {})
    return json.dumps({**data, **{name: full.get(name) for name in hidden}}, sort_keys=True)


def _filters_by_store(path: str) -> bool:
    from chalicelib.http import ROUTES

    spec = next(s for s in ROUTES if (s.method, s.path) == ("GET", path))
    return spec.query is not None and "store_id" in spec.query.model_fields


@pytest.mark.parametrize("path", sorted(STORE_FIELDS))
def test_store_scoped_users_list_exactly_their_stores_rows(world: StoreWorld, path: str) -> None:
    everything = world.read_all(path)
    assert any(world.mine not in stores_of(path, row) for row in everything), path
    theirs = sorted(
        json.dumps(r, sort_keys=True) for r in everything if world.mine in stores_of(path, r)
    )
    assert theirs, path
    allowed = ACCESS[("GET", path)]
    assert allowed != PUBLIC
    for role in sorted(allowed - {Role.ADMIN.value}):
        token = world.user(role).token
        seen = sorted(json.dumps(row, sort_keys=True) for row in world.read_all(path, token))
        roles, hidden = HIDDEN_FROM.get(path, (frozenset(), ()))
        if role in roles:
            assert all(json.loads(row).get(name) is None for row in seen for name in hidden)
            seen = sorted(_shown(row, hidden, theirs) for row in seen)
        if role in OWN_ROWS_ONLY.get(("GET", path), frozenset()):
            assert set(seen) <= set(theirs), f"{role} on {path}"
            continue
        assert seen == theirs, f"{role} on {path}"
        if _filters_by_store(path):
            filtered = [
                json.dumps(row, sort_keys=True)
                for row in world.read_all(f"{path}?store_id={world.mine}", token)
            ]
            if role in roles:
                filtered = [_shown(row, hidden, theirs) for row in filtered]
            assert seen == sorted(filtered)
            refused = world.tenant.get(f"{path}?store_id={world.other}", token=token)
            assert refused.status == 403 and refused.json["code"] == "FORBIDDEN", (role, path)
