"""Property: whatever the sequence of adjustments, sales paid partly with points, refunds by
cash or by points, days passing and expiry runs, once the stream is drained a customer's
entries add up to its `loyalty_points`, each `balance_after` is the running sum and never
below 0, and a replayed stream changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import (
    CreditTill,
    Stack,
    add_customer,
    adjust_points,
    ledger_adds_up,
    loyalty_ledger,
    loyalty_till,
)

steps = st.one_of(
    st.tuples(st.just("adjust"), st.integers(-300, 300).filter(bool)),
    st.tuples(st.just("buy"), st.integers(1, 6), st.integers(0, 60)),
    st.tuples(st.just("buy"), st.integers(1, 6), st.integers(0, 60)),
    st.tuples(st.just("refund"), st.integers(0, 5), st.sampled_from(["CASH", "LOYALTY"])),
    st.tuples(st.just("later"), st.integers(1, 40)),
    st.tuples(st.just("expire")),
)


@pytest.fixture(scope="module")
def till(stack: Stack) -> CreditTill:
    return loyalty_till(stack.api, expiry_days=30)


class Clock:
    """The app's clock moved forward by `days` (the points' dates and the job's today)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import chalicelib.clock

        self.days = 0
        start = chalicelib.clock.now
        monkeypatch.setattr(chalicelib.clock, "now", lambda: start() + timedelta(self.days))


def _step(till: CreditTill, customer: str, product: str, sold: list[str], step: Any) -> None:
    from chalicelib import jobs

    kind = step[0]
    if kind == "adjust":
        assert adjust_points(till.tenant, customer, step[1]).status in (201, 422)
    elif kind == "buy":
        total, with_points = step[1] * 1000, min(step[2] * 10, step[1] * 1000)
        sale = till.sale(customer, total, product)
        paid = 0
        if with_points and till.pay(sale, with_points, "LOYALTY").status == 201:
            paid = with_points
        assert till.pay(sale, total - paid, "CASH", tendered=total - paid).status == 201
        sold.append(sale)
    elif kind == "refund" and sold:
        sale = sold[step[1] % len(sold)]
        body = {"lines": [{"product_id": product, "quantity": 1}], "method": step[2]}
        reply = till.tenant.post(f"/v1/sales/{sale}/refunds", body)
        assert reply.status in (201, 409, 422), reply
    elif kind == "expire":
        assert (
            jobs.run_job("loyalty-expiry", zones={till.tenant.id: "Africa/Douala"})["failures"] == 0
        )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(steps, min_size=1, max_size=8))
def test_every_sequence_leaves_a_ledger_that_adds_up(
    stack: Stack,
    till: CreditTill,
    drain: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
    sequence: list[Any],
) -> None:
    clock = Clock(monkeypatch)
    customer = str(add_customer(till.tenant, "Client")["id"])
    product = till.product(stock=100)
    sold: list[str] = []
    drain()
    replay = stack.replay_from_now()
    try:
        for step in sequence:
            if step[0] == "later":
                clock.days += step[1]
                continue
            _step(till, customer, product, sold, step)
            drain()
        held = ledger_adds_up(till.tenant, customer)
        entries = loyalty_ledger(till.tenant, customer)
        for n, entry in enumerate(entries):  # newest first: each is the sum up to it
            assert entry["balance_after"] == sum(e["points"] for e in entries[n:]) >= 0
        replay.drain()
        assert ledger_adds_up(till.tenant, customer) == held
        assert len(loyalty_ledger(till.tenant, customer)) == len(entries)
    finally:
        monkeypatch.undo()
