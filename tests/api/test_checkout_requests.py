"""DynamoDB requests counted at botocore, the idempotency layer's records apart: a 5-line cash
checkout's business work (create, submit, pay) takes 8; a payment reads its sale, then in one
BatchGet everything else it checks (the cashier's open shift, the levels it ships, the tenant's
date and credit rules, the credit account the sale kept from its customer); every delivery
move is one read and its write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import (
    Api,
    CreditTill,
    Tenant,
    add_credit_account,
    add_delivery,
    add_store,
    add_user,
    credit_till,
    customer_with_points,
    draft_sale,
    loyalty_till,
    open_shift,
    pay_sale,
    sent_requests,
    stocked_product,
    submit_sale,
    submitted_sale,
    unique,
)

IDEMPOTENCY_MARK = "#IDEM#"


@pytest.fixture
def sent() -> Iterator[list[tuple[str, bool]]]:
    """(operation, sent by the idempotency layer) of every DynamoDB request from now on."""
    with sent_requests(IDEMPOTENCY_MARK) as calls:
        yield calls


def _business_of(calls: list[tuple[str, bool]]) -> list[str]:
    """The requests of the business work, the idempotency layer's left out."""
    return [operation for operation, marked in calls if not marked]


def _business(tenant: Tenant, calls: list[tuple[str, bool]], token: str, path: str, body: Any):
    tenant.get("/v1/auth/me", token=token)  # the session read of the minute is not the step's
    calls.clear()
    reply = tenant.post(path, body, token=token, headers={"Idempotency-Key": unique("key")})
    assert reply.status in (200, 201), reply
    return _business_of(calls), reply.json


def _owing_on_schedule(api: Api, installments: list[int]) -> tuple[CreditTill, str]:
    """A credit till whose customer bought on credit what `installments` schedule for 2099,
    and the path of the customer's account."""
    till = credit_till(api)
    customer, account = till.customer(limit=50_000)
    sale = till.sale(customer, sum(installments))
    assert till.pay(sale, sum(installments)).status == 201
    path = f"/v1/credit-accounts/{account}"
    due = [
        {"due_date": f"2099-{month:02d}-01", "amount": amount}
        for month, amount in enumerate(installments, start=1)
    ]
    plan = till.tenant.post(f"{path}/schedules", {"sale_id": sale, "installments": due})
    assert plan.status == 201, plan
    return till, path


def test_a_five_line_cash_checkout_takes_eight_requests(
    tenant: Tenant, sent: list[tuple[str, bool]]
) -> None:
    store = add_store(tenant, "Akwa", "AKW")["id"]
    products = [stocked_product(tenant, store, 10, price=1000 * (n + 1)) for n in range(5)]
    seller, cashier = add_user(tenant, "SALES", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    lines = [{"product_id": product["id"], "quantity": 1} for product in products]

    create, sale = _business(
        tenant, sent, seller.token, "/v1/sales", {"store_id": store, "lines": lines}
    )
    submit, sale = _business(tenant, sent, seller.token, f"/v1/sales/{sale['id']}/submit", None)
    body = {"sale_id": sale["id"], "method": "CASH", "amount": sale["total"]}
    pay, paid = _business(tenant, sent, cashier.token, "/v1/payments", body)

    assert paid["sale"]["status"] == "PAID"
    assert create == ["BatchGetItem", "PutItem"]
    assert submit == ["GetItem", "BatchGetItem", "TransactWriteItems"]
    assert pay == ["GetItem", "BatchGetItem", "TransactWriteItems"]
    assert len(create + submit + pay) == 8


def test_a_credit_payment_reads_its_sale_then_its_account_with_the_rest(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till = credit_till(api)
    customer, _ = till.customer(limit=50_000)
    sale = till.sale(customer, 5000)
    till.tenant.get("/v1/auth/me", token=till.cashier.token)
    sent.clear()
    reply = till.pay(sale, 5000, headers={"Idempotency-Key": unique("key")})
    assert reply.status == 201, reply
    assert _business_of(sent) == ["GetItem", "BatchGetItem", "TransactWriteItems"]


def test_a_sale_drafted_before_its_customers_account_finds_it_through_the_marker(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till = credit_till(api)
    customer, _ = till.customer()
    sale = till.sale(customer, 5000)
    account = add_credit_account(till.tenant, customer, 50_000)["id"]
    till.tenant.get("/v1/auth/me", token=till.cashier.token)
    sent.clear()
    reply = till.pay(sale, 5000, headers={"Idempotency-Key": unique("key")})
    assert reply.status == 201, reply
    # the sale; the batch with the customer's marker; the account it names; the write
    made = _business_of(sent)
    assert made == ["GetItem", "BatchGetItem", "GetItem", "TransactWriteItems"]
    assert till.account(account)["balance"] == 5000


def test_a_sale_whose_customer_changes_charges_the_new_customers_account(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till = credit_till(api)
    first, _ = till.customer()
    second, account = till.customer(limit=50_000)
    lines = [{"product_id": till.product(), "quantity": 5}]
    drafted = draft_sale(till.tenant, till.store, lines, by=till.seller, customer_id=first)
    sale, version = drafted["id"], drafted["version"]
    changed = till.tenant.patch(
        f"/v1/sales/{sale}", {"customer_id": second, "version": version}, token=till.seller.token
    )
    assert changed.status == 200, changed
    submit_sale(till.tenant, sale, by=till.seller)
    till.tenant.get("/v1/auth/me", token=till.cashier.token)
    sent.clear()
    reply = till.pay(sale, 5000, headers={"Idempotency-Key": unique("key")})
    assert reply.status == 201, reply
    assert _business_of(sent) == ["GetItem", "BatchGetItem", "TransactWriteItems"]
    assert till.account(str(account))["balance"] == 5000


def test_every_delivery_move_is_one_read_and_its_write(
    tenant: Tenant, sent: list[tuple[str, bool]]
) -> None:
    store = add_store(tenant, "Akwa", "AKW")["id"]
    product = stocked_product(tenant, store, 10, price=5000)
    courier, cashier = add_user(tenant, "COURIER", [store]), add_user(tenant, "CASHIER", [store])
    open_shift(tenant, store, by=cashier)
    deliveries = []
    for _ in range(3):
        sale = submitted_sale(tenant, store, [{"product_id": product["id"], "quantity": 1}])
        pay_sale(tenant, sale["id"], sale["total"], by=cashier)
        deliveries.append(add_delivery(tenant, sale["id"])["id"])
    carried, returned, cancelled = deliveries
    moves = [
        (carried, "assign", tenant.token, {"courier_id": courier.id}),
        (carried, "dispatch", courier.token, None),
        (carried, "fail", courier.token, {"reason": "Personne à la porte"}),
        (carried, "dispatch", courier.token, None),
        (carried, "deliver", courier.token, {"note": "ok"}),
        (returned, "assign", tenant.token, {"courier_id": courier.id}),
        (returned, "dispatch", courier.token, None),
        (returned, "fail", courier.token, {"reason": "Adresse introuvable"}),
        (returned, "return", tenant.token, None),
        (cancelled, "cancel", tenant.token, None),
    ]
    requests = {}
    for delivery_id, verb, token, body in moves:
        path = f"/v1/deliveries/{delivery_id}/{verb}"
        requests[verb] = _business(tenant, sent, token, path, body)[0]

    one_read = {"GetItem", "BatchGetItem"}
    for verb, made in requests.items():
        assert len(made) == 2 and made[0] in one_read and made[1] == "TransactWriteItems", verb
    assert requests["assign"] == ["BatchGetItem", "TransactWriteItems"]  # delivery and courier
    assert requests["deliver"] == ["BatchGetItem", "TransactWriteItems"]  # delivery and tenant


def test_a_loyalty_payment_reads_its_sale_its_batch_and_the_earnings(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till = loyalty_till(api)
    customer = customer_with_points(till, 500)
    sale = till.sale(customer, 2000)
    till.tenant.get("/v1/auth/me", token=till.cashier.token)
    sent.clear()
    reply = till.pay(sale, 1000, method="LOYALTY", headers={"Idempotency-Key": unique("key")})
    assert reply.status == 201, reply
    made = _business_of(sent)
    # the sale; the open shift, the tenant's rules and the wallet; the earnings still held
    # (the one the consumed points stop in, and those after it)
    assert made == ["GetItem", "BatchGetItem", "Query", "Query", "TransactWriteItems"]


def test_a_cash_repayment_is_two_reads_and_its_write(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till, path = _owing_on_schedule(api, [2000, 2000])
    body = {"amount": 3000, "method": "CASH", "store_id": till.store}
    made, repaid = _business(till.tenant, sent, till.cashier.token, f"{path}/repayments", body)
    assert len(repaid["allocations"]) == 2
    # the account, the tenant and the open shift; then the account's open schedules
    assert made == ["BatchGetItem", "BatchGetItem", "TransactWriteItems"]


def test_a_statement_is_one_query_of_its_entries_between_its_reads(
    api: Api, sent: list[tuple[str, bool]]
) -> None:
    till, path = _owing_on_schedule(api, [4000])
    till.tenant.get("/v1/auth/me")
    sent.clear()
    statement = till.tenant.get(f"{path}/statement")
    assert statement.status == 200, statement
    assert statement.json["opening_balance"] == 0 and statement.json["closing_balance"] == 4000
    made = _business_of(sent)
    # the tenant and the account; the period's entries; the account's open schedules
    assert made == ["BatchGetItem", "Query", "BatchGetItem"]
