"""Store scope beyond the lists' rows: deleted stores leave the current-state lists, single
reads carry the lists' scope, and tenant-wide alerts reach the roles that read them."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.alerts import repository as alerts
from chalicelib.clock import iso
from tests.support import Stack, StoreWorld, store_world


@pytest.fixture(scope="module")
def world(stack: Stack) -> StoreWorld:
    return store_world(stack.api, stack.drain)


def _stores(rows: list[dict[str, Any]]) -> set[str]:
    return {row["store_id"] for row in rows}


def test_a_deleted_stores_levels_and_alerts_leave_the_lists(world: StoreWorld) -> None:
    assert _stores(world.read_all("/v1/stock")) == {world.mine, world.other, world.unassigned}
    assert world.gone not in _stores(world.read_all(f"/v1/stock?product_id={world.product}"))
    assert world.gone not in _stores(world.read_all("/v1/stock?below_min=true"))
    assert _stores(world.read_all("/v1/alerts")) == {world.mine, world.other, world.unassigned}
    assert world.read_all(f"/v1/alerts?store_id={world.gone}") == []


def test_a_deleted_stores_history_stays_listed(world: StoreWorld) -> None:
    assert world.gone in _stores(world.read_all("/v1/stock-movements"))
    assert world.gone in _stores(world.read_all("/v1/sales"))
    assert world.gone in _stores(world.read_all(f"/v1/stock-movements?store_id={world.gone}"))


def test_one_alert_is_read_with_the_lists_scope(world: StoreWorld) -> None:
    by_store = {alert["store_id"]: alert["id"] for alert in world.read_all("/v1/alerts")}
    stocker = world.user("STOCKER").token
    mine = world.tenant.get(f"/v1/alerts/{by_store[world.mine]}", token=stocker)
    assert mine.status == 200 and mine.json["store_id"] == world.mine, mine
    assert mine.json["type"] == "LOW_STOCK" and mine.json["subject"]["id"] == world.product
    other = world.tenant.get(f"/v1/alerts/{by_store[world.other]}", token=stocker)
    assert other.status == 403 and other.json["code"] == "FORBIDDEN", other
    admin = world.tenant.get(f"/v1/alerts/{by_store[world.other]}")
    assert admin.status == 200 and admin.json == dict(admin.json, store_id=world.other)
    assert world.tenant.get("/v1/alerts/01JD00000000000000000NOPE0").status == 404
    manager = world.user("MANAGER").token
    resolve = world.tenant.post(f"/v1/alerts/{by_store[world.other]}/resolve", token=manager)
    assert resolve.status == 403


def test_a_deleted_stores_alert_is_not_found(world: StoreWorld, stack: Stack) -> None:
    subject = alerts.AlertSubject(world.tenant.id, "LOW_STOCK", world.gone, "product", "X")
    assert alerts.open_alert(
        subject, severity="WARNING", message="bas", at=iso(), position=alerts.stream_position("9")
    )
    reply = world.tenant.get(f"/v1/alerts/{subject.alert_id}")
    assert reply.status == 404 and reply.json["code"] == "NOT_FOUND", reply


def test_tenant_wide_alerts_reach_the_roles_that_read_their_type(world: StoreWorld) -> None:
    subject = alerts.AlertSubject(
        world.tenant.id, "CREDIT_OVERDUE", None, "credit_account", "01JD0000000000000000CREDIT"
    )
    position = alerts.stream_position("1")
    assert alerts.open_alert(
        subject, severity="WARNING", message="en retard", at=iso(), position=position
    )
    manager, stocker = world.user("MANAGER").token, world.user("STOCKER").token
    overdue = [a for a in world.read_all("/v1/alerts", manager) if a["store_id"] is None]
    assert [a["id"] for a in overdue] == [subject.alert_id]
    assert all(a["store_id"] for a in world.read_all(f"/v1/alerts?store_id={world.mine}", manager))
    assert all(a["store_id"] for a in world.read_all("/v1/alerts", stocker))
    assert world.tenant.get(f"/v1/alerts/{subject.alert_id}", token=manager).status == 200
    assert world.tenant.get(f"/v1/alerts/{subject.alert_id}", token=stocker).status == 404
    by_status = world.read_all("/v1/alerts?status=OPEN&type=CREDIT_OVERDUE", manager)
    assert [a["id"] for a in by_status] == [subject.alert_id]


def test_one_transfer_or_count_is_read_with_the_lists_scope(world: StoreWorld) -> None:
    viewer = world.user("VIEWER").token
    for path, fields in (
        ("/v1/stock-transfers", ("from_store_id", "to_store_id")),
        ("/v1/stock-counts", ("store_id",)),
    ):
        for row in world.read_all(path):
            reply = world.tenant.get(f"{path}/{row['id']}", token=viewer)
            ours = world.mine in {row[name] for name in fields}
            assert reply.status == (200 if ours else 403), (path, row, reply)


def test_the_audit_log_shows_a_store_scoped_manager_their_stores_records(
    world: StoreWorld,
) -> None:
    sales = {sale["id"]: sale["store_id"] for sale in world.read_all("/v1/sales")}
    entries = world.read_all("/v1/audit-log?entity_type=sale")
    assert {sales[entry["entity_id"]] for entry in entries} == set(sales.values())
    manager = world.user("MANAGER").token
    seen = world.read_all("/v1/audit-log?entity_type=sale", manager)
    assert seen and {sales[entry["entity_id"]] for entry in seen} == {world.mine}
    other_sale = next(sale for sale, store in sales.items() if store == world.other)
    assert world.read_all(f"/v1/audit-log?entity_id={other_sale}", manager) == []
    stores = world.read_all("/v1/audit-log?entity_type=store", manager)
    assert {entry["entity_id"] for entry in stores} >= {world.mine, world.other}
