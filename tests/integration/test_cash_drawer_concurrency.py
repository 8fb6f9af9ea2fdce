"""Pay-outs and cash refunds racing for one drawer, on Amazon DynamoDB Local: the drawer's cash
is taken on condition it is there, so it never goes below zero."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support import (
    HttpApi,
    Reply,
    Tenant,
    User,
    add_product,
    add_store,
    add_user,
    open_shift,
    sign_up,
    submitted_sale,
)


def race(calls: list[Any]) -> list[Reply]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def _till(api: HttpApi, opening_float: int) -> tuple[Tenant, str, User, str]:
    tenant = sign_up(api, name="Tiroir disputé")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    cashier = add_user(tenant, "CASHIER", [store])
    shift = open_shift(tenant, store, by=cashier, opening_float=opening_float)
    return tenant, store, cashier, str(shift["id"])


def _pay_out(tenant: Tenant, cashier: User, shift_id: str, amount: int) -> Reply:
    return tenant.post(
        f"/v1/cash-shifts/{shift_id}/movements",
        {"type": "PAY_OUT", "amount": amount},
        token=cashier.token,
    )


def test_eight_pay_outs_at_once_take_only_the_cash_held(live_api: HttpApi) -> None:
    tenant, _, cashier, shift_id = _till(live_api, opening_float=10000)
    outcomes = race([lambda: _pay_out(tenant, cashier, shift_id, 3000) for _ in range(8)])
    statuses = sorted(reply.status for reply in outcomes)
    assert statuses == [201] * 3 + [422] * 5, outcomes
    shift = tenant.get(f"/v1/cash-shifts/{shift_id}").json
    assert (shift["pay_outs"], shift["expected_cash"]) == (9000, 1000)


def test_a_pay_out_and_a_cash_refund_never_both_take_the_same_cash(live_api: HttpApi) -> None:
    tenant, store, cashier, shift_id = _till(live_api, opening_float=0)
    product = add_product(tenant, name="Radio", price=6000, track_stock=False)["id"]
    refund = {"lines": [{"product_id": product, "quantity": 1}], "method": "CASH"}
    for _ in range(3):
        sale = submitted_sale(tenant, store, [{"product_id": product, "quantity": 1}])
        payment = {"sale_id": sale["id"], "method": "CASH", "amount": 6000}
        assert tenant.post("/v1/payments", payment, token=cashier.token).status == 201
        outcomes = race(
            [
                lambda: _pay_out(tenant, cashier, shift_id, 6000),
                lambda s=sale["id"]: tenant.post(f"/v1/sales/{s}/refunds", refund),
            ]
        )
        assert sorted(reply.status for reply in outcomes)[0] == 201, outcomes
        assert sorted(reply.status for reply in outcomes)[1] in (409, 422), outcomes
        assert tenant.get(f"/v1/cash-shifts/{shift_id}").json["expected_cash"] == 0
