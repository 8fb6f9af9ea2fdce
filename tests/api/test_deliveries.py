"""Deliveries through the API (API.md "Deliveries", the COURIER role): created from submitted
sales, moved along by couriers and managers, the delivery code, cash on delivery, lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support import (
    Stack,
    Tenant,
    User,
    add_delivery,
    add_store,
    add_user,
    draft_sale,
    move_delivery,
    open_shift,
    pay_sale,
    sign_up,
    stocked_product,
    submitted_sale,
)


@dataclass
class Fleet:
    """A shop with a seller, a cashier, a manager and two couriers in one store."""

    tenant: Tenant
    store: str
    seller: User
    cashier: User
    manager: User
    courier: User
    other_courier: User
    product: str

    def sale(self, quantity: int = 1) -> dict[str, Any]:
        lines = [{"product_id": self.product, "quantity": quantity}]
        return submitted_sale(self.tenant, self.store, lines, by=self.seller)

    def paid_sale(self) -> dict[str, Any]:
        sale = self.sale()
        open_shift_once(self, self.cashier)
        return dict(pay_sale(self.tenant, sale["id"], sale["total"], by=self.cashier)["sale"])

    def delivery(self, sale: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return add_delivery(self.tenant, sale["id"], by=self.seller, **fields)

    def move(self, delivery: dict[str, Any], verb: str, by: User, **body: Any) -> Any:
        return move_delivery(self.tenant, delivery["id"], verb, by=by, **body)

    def assigned(self, sale: dict[str, Any], **fields: Any) -> dict[str, Any]:
        delivery = self.delivery(sale, **fields)
        reply = self.move(delivery, "assign", self.manager, courier_id=self.courier.id)
        assert reply.status == 200, reply
        return dict(reply.json)

    def sale_of(self, sale: dict[str, Any]) -> dict[str, Any]:
        return dict(self.tenant.get(f"/v1/sales/{sale['id']}").json)


_shifts: dict[str, str] = {}


def open_shift_once(fleet: Fleet, user: User) -> str:
    if user.id not in _shifts:
        _shifts[user.id] = open_shift(fleet.tenant, fleet.store, by=user)["id"]
    return _shifts[user.id]


@pytest.fixture
def fleet(stack: Stack) -> Fleet:
    tenant = sign_up(stack.api, name="Livraisons")
    store = add_store(tenant, "Akwa")["id"]
    return Fleet(
        tenant=tenant,
        store=store,
        seller=add_user(tenant, "SALES", [store]),
        cashier=add_user(tenant, "CASHIER", [store]),
        manager=add_user(tenant, "MANAGER", [store]),
        courier=add_user(tenant, "COURIER", [store]),
        other_courier=add_user(tenant, "COURIER", [store]),
        product=stocked_product(tenant, store, 100, price=5000)["id"],
    )


def _ok(reply: Any) -> dict[str, Any]:
    assert reply.status == 200, reply
    return dict(reply.json)


def _refused(reply: Any, status: int, code: str) -> None:
    assert (reply.status, reply.json["code"]) == (status, code), reply


def test_a_delivery_of_a_submitted_sale_is_pending_with_a_code(fleet: Fleet) -> None:
    sale = fleet.sale(quantity=2)
    delivery = fleet.delivery(sale, collect_on_delivery=True, contact_name="Mme Ngo")
    assert delivery["status"] == "PENDING"
    assert len(delivery["delivery_code"]) == 4 and delivery["delivery_code"].isdigit()
    assert delivery["cash_to_collect"] == sale["balance_due"] == 10000
    assert fleet.sale_of(sale)["delivery"] == {"id": delivery["id"], "status": "PENDING"}
    paid_first = fleet.delivery(fleet.paid_sale())
    assert paid_first["cash_to_collect"] == 0


def test_a_draft_or_a_sale_with_an_open_delivery_is_refused(fleet: Fleet) -> None:
    draft = draft_sale(fleet.tenant, fleet.store, [{"product_id": fleet.product, "quantity": 1}])
    reply = fleet.tenant.post("/v1/deliveries", {"sale_id": draft["id"], "address": "x"})
    _refused(reply, 409, "INVALID_STATE")
    sale = fleet.sale()
    fleet.delivery(sale)
    again = fleet.tenant.post("/v1/deliveries", {"sale_id": sale["id"], "address": "x"})
    _refused(again, 409, "CONFLICT")


def test_a_paid_sale_goes_through_every_state_with_its_stamps(fleet: Fleet) -> None:
    sale = fleet.paid_sale()
    delivery = fleet.assigned(sale)
    assert (delivery["status"], delivery["courier_id"]) == ("ASSIGNED", fleet.courier.id)
    assert delivery["assigned_at"] is not None
    out = _ok(fleet.move(delivery, "dispatch", fleet.courier))
    assert out["status"] == "OUT_FOR_DELIVERY" and out["dispatched_at"] is not None
    assert out["delivery_code"] is None
    done = _ok(fleet.move(delivery, "deliver", fleet.courier, note="au portail"))
    assert done["status"] == "DELIVERED" and done["delivered_at"] is not None
    assert fleet.sale_of(sale)["delivery"] == {"id": delivery["id"], "status": "DELIVERED"}
    _refused(fleet.move(delivery, "fail", fleet.courier, reason="x"), 409, "INVALID_STATE")
    again = fleet.delivery(sale)
    assert again["id"] != delivery["id"]


def test_an_unpaid_sale_is_dispatched_only_when_collected_on_delivery(fleet: Fleet) -> None:
    unpaid = fleet.assigned(fleet.sale())
    _refused(fleet.move(unpaid, "dispatch", fleet.courier), 409, "INVALID_STATE")
    assert fleet.tenant.get(f"/v1/deliveries/{unpaid['id']}").json["status"] == "ASSIGNED"


def test_cash_on_delivery_is_paid_to_the_courier_before_it_is_delivered(fleet: Fleet) -> None:
    sale = fleet.sale()
    delivery = fleet.assigned(sale, collect_on_delivery=True)
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    _refused(fleet.move(delivery, "deliver", fleet.courier), 409, "INVALID_STATE")
    shift = open_shift(fleet.tenant, fleet.store, by=fleet.courier)
    paid = pay_sale(fleet.tenant, sale["id"], 5000, by=fleet.courier, tendered=10000)
    assert paid["sale"]["status"] == "PAID" and paid["payment"]["change"] == 5000
    assert _ok(fleet.move(delivery, "deliver", fleet.courier))["status"] == "DELIVERED"
    drawer = fleet.tenant.get(f"/v1/cash-shifts/{shift['id']}", token=fleet.courier.token).json
    assert (drawer["totals"]["CASH"], drawer["expected_cash"]) == (5000, 5000)
    closed = fleet.tenant.post(
        f"/v1/cash-shifts/{shift['id']}/close", {"counted_cash": 4500}, token=fleet.courier.token
    )
    assert closed.status == 200 and closed.json["variance"] == -500


def test_a_courier_is_paid_only_for_their_deliveries_and_only_cash_or_mobile(
    fleet: Fleet,
) -> None:
    theirs = fleet.sale()
    fleet.assigned(theirs, collect_on_delivery=True)
    someone_elses, paid = fleet.sale(), fleet.paid_sale()
    open_shift(fleet.tenant, fleet.store, by=fleet.courier)
    # Refused before anything about the sale is told: its state, or the courier's shift.
    for sale, method in ((someone_elses, "CASH"), (paid, "CASH"), (theirs, "CARD")):
        body = {"sale_id": sale["id"], "method": method, "amount": 1000}
        reply = fleet.tenant.post("/v1/payments", body, token=fleet.courier.token)
        _refused(reply, 403, "FORBIDDEN")
    body = {"sale_id": theirs["id"], "method": "MOBILE_MONEY", "amount": 1000, "reference": "OM1"}
    by_the_other = fleet.tenant.post("/v1/payments", body, token=fleet.other_courier.token)
    _refused(by_the_other, 403, "FORBIDDEN")  # who has no shift open either
    assert fleet.tenant.post("/v1/payments", body, token=fleet.courier.token).status == 201


def test_couriers_see_only_their_deliveries_and_never_the_code(fleet: Fleet) -> None:
    mine = fleet.assigned(fleet.paid_sale())
    unassigned = fleet.delivery(fleet.paid_sale())
    listed = fleet.tenant.get("/v1/deliveries", token=fleet.courier.token).json["items"]
    assert [d["id"] for d in listed] == [mine["id"]]
    assert listed[0]["delivery_code"] is None
    reply = fleet.tenant.get(f"/v1/deliveries/{unassigned['id']}", token=fleet.courier.token)
    _refused(reply, 403, "FORBIDDEN")
    other = fleet.tenant.get(
        f"/v1/deliveries?courier_id={fleet.courier.id}", token=fleet.other_courier.token
    )
    _refused(other, 403, "FORBIDDEN")
    _refused(fleet.move(mine, "dispatch", fleet.other_courier), 403, "FORBIDDEN")
    seen = fleet.tenant.get(f"/v1/deliveries/{mine['id']}", token=fleet.seller.token).json
    assert seen["delivery_code"] == mine["delivery_code"]


def test_five_wrong_codes_leave_the_delivery_to_a_manager(fleet: Fleet) -> None:
    settings = fleet.tenant.get("/v1/tenant").json
    fleet.tenant.patch(
        "/v1/tenant", {"version": settings["version"], "delivery_code_required": True}
    )
    delivery = fleet.assigned(fleet.paid_sale())
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    wrong = "0000" if delivery["delivery_code"] != "0000" else "1111"
    _refused(fleet.move(delivery, "deliver", fleet.courier), 422, "VALIDATION_ERROR")
    for _ in range(5):
        reply = fleet.move(delivery, "deliver", fleet.courier, delivery_code=wrong)
        _refused(reply, 422, "VALIDATION_ERROR")
    right = fleet.move(delivery, "deliver", fleet.courier, delivery_code=delivery["delivery_code"])
    _refused(right, 409, "INVALID_STATE")
    assert _ok(fleet.move(delivery, "deliver", fleet.manager))["status"] == "DELIVERED"


def test_the_right_code_delivers_when_the_tenant_asks_for_it(fleet: Fleet) -> None:
    settings = fleet.tenant.get("/v1/tenant").json
    fleet.tenant.patch(
        "/v1/tenant", {"version": settings["version"], "delivery_code_required": True}
    )
    delivery = fleet.assigned(fleet.paid_sale())
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    code = delivery["delivery_code"]
    assert _ok(fleet.move(delivery, "deliver", fleet.courier, delivery_code=code))["status"] == (
        "DELIVERED"
    )


def test_a_failed_delivery_is_dispatched_again_or_returned(fleet: Fleet) -> None:
    delivery = fleet.assigned(fleet.paid_sale())
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    failed = _ok(fleet.move(delivery, "fail", fleet.courier, reason="absent"))
    assert (failed["status"], failed["fail_reason"]) == ("FAILED", "absent")
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    _ok(fleet.move(delivery, "fail", fleet.courier, reason="toujours absent"))
    returned = _ok(fleet.move(delivery, "return", fleet.courier))
    assert returned["status"] == "RETURNED" and returned["returned_at"] is not None


def test_a_delivery_is_cancelled_only_before_it_leaves(fleet: Fleet) -> None:
    pending = fleet.delivery(fleet.paid_sale())
    assert _ok(fleet.move(pending, "cancel", fleet.manager))["status"] == "CANCELLED"
    out = fleet.assigned(fleet.paid_sale())
    _ok(fleet.move(out, "dispatch", fleet.courier))
    _refused(fleet.move(out, "cancel", fleet.manager), 409, "INVALID_STATE")


def test_cancelling_the_sale_cancels_its_delivery_unless_it_is_out(
    fleet: Fleet, stack: Stack
) -> None:
    sale = fleet.sale()
    delivery = fleet.assigned(sale, collect_on_delivery=True)
    cancelled = fleet.tenant.post(f"/v1/sales/{sale['id']}/cancel", {"reason": "annulée"})
    assert cancelled.status == 200, cancelled
    assert cancelled.json["delivery"] == {"id": delivery["id"], "status": "CANCELLED"}
    _refused(fleet.move(delivery, "dispatch", fleet.courier), 409, "INVALID_STATE")
    stack.drain()
    closed = fleet.tenant.get(f"/v1/deliveries/{delivery['id']}").json
    assert closed["status"] == "CANCELLED" and closed["cancelled_at"] is not None
    out_sale = fleet.sale()
    out = fleet.assigned(out_sale, collect_on_delivery=True)
    _ok(fleet.move(out, "dispatch", fleet.courier))
    refused = fleet.tenant.post(f"/v1/sales/{out_sale['id']}/cancel", {"reason": "x"})
    _refused(refused, 409, "INVALID_STATE")


def test_only_an_active_courier_of_the_store_is_assigned(fleet: Fleet) -> None:
    delivery = fleet.delivery(fleet.paid_sale())
    elsewhere = add_user(fleet.tenant, "COURIER", [add_store(fleet.tenant, "Deido")["id"]])
    for user in (fleet.cashier, elsewhere):
        reply = fleet.move(delivery, "assign", fleet.manager, courier_id=user.id)
        _refused(reply, 422, "VALIDATION_ERROR")


def test_refunds_never_take_cash_from_a_couriers_shift(fleet: Fleet) -> None:
    sale = fleet.sale()
    delivery = fleet.assigned(sale, collect_on_delivery=True)
    open_shift(fleet.tenant, fleet.store, by=fleet.courier, opening_float=50000)
    pay_sale(fleet.tenant, sale["id"], sale["total"], by=fleet.courier)
    _ok(fleet.move(delivery, "dispatch", fleet.courier))
    _ok(fleet.move(delivery, "deliver", fleet.courier))
    body = {"lines": [{"product_id": fleet.product, "quantity": 1}], "method": "CASH"}
    refund = fleet.tenant.post(f"/v1/sales/{sale['id']}/refunds", body)
    _refused(refund, 409, "SHIFT_REQUIRED")


def test_lists_filter_by_status_and_store_and_deliveries_are_audited(
    fleet: Fleet, stack: Stack
) -> None:
    pending = fleet.delivery(fleet.paid_sale())
    assigned = fleet.assigned(fleet.paid_sale())
    by_status = fleet.tenant.get("/v1/deliveries?status=ASSIGNED").json["items"]
    assert [d["id"] for d in by_status] == [assigned["id"]]
    in_store = fleet.tenant.get(f"/v1/deliveries?store_id={fleet.store}").json["items"]
    assert [d["id"] for d in in_store] == [assigned["id"], pending["id"]]
    stack.drain()
    audit = fleet.tenant.get(f"/v1/audit-log?entity_id={assigned['id']}").json["items"]
    assert {entry["action"] for entry in audit} == {"CREATE", "UPDATE"}
    assert all(entry["entity_type"] == "delivery" for entry in audit)
