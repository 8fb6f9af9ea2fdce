"""Property: whatever the sequence of charges, repayments, refunds, adjustments, limit changes,
suspensions and schedules written to a stored account, its entries add up to its balance, each
`balance_after` is the running sum, the balance never goes below 0, no charge takes it past the
limit, no sale gets back more than it charged, and the instalments never owe more than the
balance. The stored account is also compared with a
model kept from the pure rules' answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib import errors
from chalicelib.credit import ledger, schedules, service
from chalicelib.credit import repository as repo
from chalicelib.credit.schemas import AdjustmentIn, InstalmentIn, ScheduleIn
from tests.support import (
    Stack,
    Tenant,
    add_credit_account,
    add_customer,
    credit_ledger,
    principal,
    sign_up,
)

SALES = [f"01JD000000000000000000SA{n:02}" for n in range(3)]
amounts = st.integers(min_value=1, max_value=6000)
sale = st.integers(0, len(SALES) - 1)
steps = st.one_of(
    st.tuples(st.just("charge"), sale, amounts),
    st.tuples(st.just("charge"), sale, amounts),
    st.tuples(st.just("repay"), amounts),
    st.tuples(st.just("refund"), sale, amounts),
    st.tuples(st.just("adjust"), st.integers(-6000, 6000)),
    st.tuples(st.just("limit"), st.integers(0, 15000)),
    st.tuples(st.just("suspend"), st.booleans()),
    st.tuples(st.just("schedule"), st.integers(-1, len(SALES) - 1), st.integers(-20, 40)),
    st.tuples(st.just("schedule"), st.integers(-1, len(SALES) - 1), st.integers(-20, 40)),
)


@pytest.fixture(scope="module")
def shop(stack: Stack) -> Tenant:
    return sign_up(stack.api, name="Credit properties")


class Model:
    """What the account should hold, from the answers of the writes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.balance, self.active = limit, 0, True
        self.charged = dict.fromkeys(SALES, 0)


def _step(tenant: Tenant, account: dict[str, Any], model: Model, step: tuple[Any, ...]) -> None:
    customer, account_id, actor = account["customer_id"], account["id"], tenant.admin_id
    kind = step[0]
    if kind in ("limit", "suspend"):
        _patch(tenant, account_id, model, step)
        return
    if kind == "schedule":
        _schedule(tenant, account_id, model, step)
        return
    try:
        if kind == "charge":
            written = ledger.charge_sale(tenant.id, customer, SALES[step[1]], step[2], actor)
        elif kind == "refund":
            written = ledger.refund_sale(tenant.id, customer, SALES[step[1]], step[2], actor)
        elif kind == "repay":
            written = ledger.repay(tenant.id, account_id, step[1], actor, {"method": "CASH"})
        else:
            body = AdjustmentIn(amount=step[1], reason="property")
            created = ledger.adjust(principal(tenant), account_id, body)
            model.balance = created.account.balance
            assert created.entry.amount == step[1]
            return
    except errors.DomainError as refused:
        overdue = tenant.get(f"/v1/credit-accounts/{account_id}").json["overdue_amount"]
        _refusal_is_right(model, step, refused, overdue)
        return
    repo.write([written.effect])
    if kind == "charge":
        assert model.active and model.balance + step[2] <= model.limit, step
        model.charged[SALES[step[1]]] += step[2]
    elif kind == "refund":
        assert step[2] <= min(model.charged[SALES[step[1]]], model.balance), step
        model.charged[SALES[step[1]]] -= step[2]
    model.balance += written.entry.amount
    assert written.account.balance == model.balance


def _schedule(tenant: Tenant, account_id: str, model: Model, step: tuple[Any, ...]) -> None:
    """Two instalments for a sale's credit (or for half the unscheduled debt), the first due
    `step[2]` days from today: refused (422, 409) when it does not fit, never half-written."""
    sale_id = SALES[step[1]] if step[1] >= 0 else None
    owed = model.charged[sale_id] if sale_id else model.balance // 2
    if owed < 2:
        return
    today = service.today_of(tenant.id)
    plan = [owed // 2, owed - owed // 2]
    body = ScheduleIn(
        sale_id=sale_id,
        installments=[
            InstalmentIn(due_date=today + timedelta(days=step[2] + 30 * n), amount=amount)
            for n, amount in enumerate(plan)
        ],
    )
    try:
        schedules.create_schedule(principal(tenant), account_id, body)
    except (errors.ValidationError, errors.ConflictError):
        return


def _patch(tenant: Tenant, account_id: str, model: Model, step: tuple[Any, ...]) -> None:
    version = tenant.get(f"/v1/credit-accounts/{account_id}").json["version"]
    if step[0] == "limit":
        change: dict[str, Any] = {"credit_limit": step[1]}
        model.limit = step[1]
    else:
        change = {"status": "SUSPENDED" if step[1] else "ACTIVE"}
        model.active = not step[1]
    reply = tenant.patch(f"/v1/credit-accounts/{account_id}", {"version": version, **change})
    assert reply.status == 200, reply


def _refusal_is_right(
    model: Model, step: tuple[Any, ...], refused: errors.DomainError, overdue: int
) -> None:
    """Why a write was refused, against the model (an instalment scheduled in the past is
    overdue at once, which blocks charges while the tenant blocks overdue accounts)."""
    kind = step[0]
    if kind == "charge":
        if not model.active or overdue > 0:
            assert refused.code == "CREDIT_BLOCKED", refused
        else:
            assert refused.code == "CREDIT_LIMIT_EXCEEDED", refused
            assert model.balance + step[2] > model.limit
    elif kind == "refund":
        assert isinstance(refused, errors.ValidationError), refused
        assert step[2] > min(model.charged[SALES[step[1]]], model.balance)
    elif kind == "repay":
        assert isinstance(refused, errors.ValidationError) and step[1] > model.balance
    else:
        assert isinstance(refused, errors.ValidationError), refused
        assert step[1] == 0 or model.balance + step[1] < 0


def _check(tenant: Tenant, account_id: str, model: Model) -> None:
    stored = tenant.get(f"/v1/credit-accounts/{account_id}").json
    entries = credit_ledger(tenant, account_id)
    assert stored["balance"] == model.balance == sum(e["amount"] for e in entries)
    running = 0
    for entry in reversed(entries):
        running += entry["amount"]
        assert entry["balance_after"] == running >= 0, entries
    assert stored["available_credit"] == max(stored["credit_limit"] - stored["balance"], 0)
    listed = tenant.get(f"/v1/credit-accounts/{account_id}/schedules?limit=200").json["items"]
    unpaid = [i["amount"] - i["paid"] for s in listed for i in s["installments"]]
    assert min(unpaid, default=0) >= 0 and sum(unpaid) <= stored["balance"], (listed, stored)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=1, max_size=10))
def test_the_stored_ledger_always_adds_up_to_the_balance(
    shop: Tenant, sequence: list[tuple[Any, ...]]
) -> None:
    """A fresh customer and account per example, so a failure shrinks to its own steps."""
    account = add_credit_account(shop, add_customer(shop, "Propriété")["id"], 10000)
    model = Model(10000)
    for step in sequence:
        _step(shop, account, model, step)
    _check(shop, account["id"], model)
