"""The delivery's life cycle and its code rules, without AWS."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.deliveries import states
from chalicelib.deliveries.states import CodeCheck
from chalicelib.deliveries.states import DeliveryStatus as D
from chalicelib.errors import InvalidStateError
from chalicelib.sales.states import SaleStatus as S

# What API.md "Deliveries" allows, written out pair by pair: (action, from) -> to.
ALLOWED = {
    ("assign", D.PENDING): D.ASSIGNED,
    ("assign", D.ASSIGNED): D.ASSIGNED,
    ("assign", D.FAILED): D.ASSIGNED,
    ("dispatch", D.ASSIGNED): D.OUT_FOR_DELIVERY,
    ("dispatch", D.FAILED): D.OUT_FOR_DELIVERY,
    ("deliver", D.OUT_FOR_DELIVERY): D.DELIVERED,
    ("fail", D.OUT_FOR_DELIVERY): D.FAILED,
    ("return", D.FAILED): D.RETURNED,
    ("cancel", D.PENDING): D.CANCELLED,
    ("cancel", D.ASSIGNED): D.CANCELLED,
    ("cancel_with_sale", D.PENDING): D.CANCELLED,
    ("cancel_with_sale", D.ASSIGNED): D.CANCELLED,
    ("cancel_with_sale", D.FAILED): D.CANCELLED,
}
STAMP = {
    "assign": "assigned_at",
    "dispatch": "dispatched_at",
    "deliver": "delivered_at",
    "fail": "failed_at",
    "return": "returned_at",
    "cancel": "cancelled_at",
    "cancel_with_sale": "cancelled_at",
}
EVERY_PAIR = list(itertools.product(sorted(states.STEPS), list(D)))


def test_the_table_names_every_action_of_the_contract() -> None:
    assert set(states.STEPS) == set(STAMP)


@pytest.mark.parametrize(("action", "status"), EVERY_PAIR)
def test_every_action_from_every_status(action: str, status: D) -> None:
    if (action, status) in ALLOWED:
        found = states.step(action, status)
        assert found.target == ALLOWED[(action, status)]
        assert found.stamp == STAMP[action]
        assert states.allows(action, status)
    else:
        with pytest.raises(InvalidStateError) as refused:
            states.step(action, status)
        assert status in str(refused.value) and not states.allows(action, status)


def test_a_closed_delivery_takes_no_action() -> None:
    for status in set(D) - states.OPEN_STATUSES:
        assert not any(states.allows(action, status) for action in states.STEPS)
    assert {D.PENDING, D.ASSIGNED, D.OUT_FOR_DELIVERY, D.FAILED} == states.OPEN_STATUSES


def test_a_delivery_on_its_way_cannot_be_cancelled_even_with_its_sale() -> None:
    assert not states.allows("cancel", D.OUT_FOR_DELIVERY)
    assert not states.allows("cancel_with_sale", D.OUT_FOR_DELIVERY)
    assert not states.allows("cancel", D.FAILED) and states.allows("cancel_with_sale", D.FAILED)


def test_stamps_follow_the_life_of_a_delivery() -> None:
    assert states.STAMPS == (
        "assigned_at",
        "dispatched_at",
        "delivered_at",
        "failed_at",
        "returned_at",
        "cancelled_at",
    )


@given(st.lists(st.sampled_from(sorted(states.STEPS)), max_size=30))
def test_goods_reach_the_customer_only_from_the_road_and_a_closed_delivery_stays_closed(
    actions: list[str],
) -> None:
    status = D.PENDING
    for action in actions:
        if not states.allows(action, status):
            continue
        after = states.step(action, status).target
        if after == D.DELIVERED:
            assert status == D.OUT_FOR_DELIVERY
        if after == D.RETURNED:
            assert status == D.FAILED
        assert status in states.OPEN_STATUSES
        status = after


@pytest.mark.parametrize("sale", list(S))
def test_a_delivery_is_made_for_a_submitted_sale_not_cancelled(sale: S) -> None:
    if sale in (S.DRAFT, S.CANCELLED):
        with pytest.raises(InvalidStateError):
            states.require_sale_for("create", sale, collect_on_delivery=False)
    else:
        states.require_sale_for("create", sale, collect_on_delivery=False)


@pytest.mark.parametrize("sale", list(S))
@pytest.mark.parametrize("collect", [False, True])
def test_dispatch_needs_a_paid_sale_unless_collected_at_the_door(sale: S, collect: bool) -> None:
    if sale == S.PAID or collect:
        states.require_sale_for("dispatch", sale, collect_on_delivery=collect)
    else:
        with pytest.raises(InvalidStateError):
            states.require_sale_for("dispatch", sale, collect_on_delivery=collect)


@pytest.mark.parametrize("sale", list(S))
@pytest.mark.parametrize("collect", [False, True])
def test_deliver_always_needs_a_paid_sale(sale: S, collect: bool) -> None:
    if sale == S.PAID:
        states.require_sale_for("deliver", sale, collect_on_delivery=collect)
    else:
        with pytest.raises(InvalidStateError):
            states.require_sale_for("deliver", sale, collect_on_delivery=collect)


def test_other_actions_do_not_look_at_the_sale() -> None:
    for action in ("assign", "fail", "return", "cancel"):
        states.require_sale_for(action, S.PENDING_PAYMENT, collect_on_delivery=False)


def test_cash_to_collect_is_the_balance_only_when_collected_on_delivery() -> None:
    assert states.cash_to_collect(4500, collect_on_delivery=True) == 4500
    assert states.cash_to_collect(4500, collect_on_delivery=False) == 0


def test_new_codes_are_four_digits_and_vary() -> None:
    codes = {states.new_delivery_code() for _ in range(200)}
    assert all(states.is_code_format(code) for code in codes)
    assert len(codes) > 150


@pytest.mark.parametrize(
    ("code", "ok"),
    [("0042", True), ("9999", True), ("042", False), ("00420", False), ("12a4", False),
     ("١٢٣٤", False), ("", False)],
)  # fmt: skip
def test_code_format(code: str, ok: bool) -> None:
    assert states.is_code_format(code) is ok


def check(
    given_code: str | None,
    wrong_tries: int = 0,
    by_manager: bool = False,
    code_required: bool = True,
) -> CodeCheck:
    return states.check_code(
        given_code,
        "0427",
        wrong_tries=wrong_tries,
        by_manager=by_manager,
        code_required=code_required,
    )


def test_the_right_code_delivers() -> None:
    assert check("0427") == CodeCheck.ACCEPTED


def test_a_wrong_code_is_counted_and_a_missing_one_is_not() -> None:
    assert check("0428") == CodeCheck.WRONG
    assert check(None) == CodeCheck.MISSING
    assert check("") == CodeCheck.MISSING


def test_the_fifth_wrong_code_is_still_a_try_then_the_courier_is_locked_out() -> None:
    assert check("1111", wrong_tries=4) == CodeCheck.WRONG
    assert check("1111", wrong_tries=5) == CodeCheck.LOCKED
    assert check("0427", wrong_tries=5) == CodeCheck.LOCKED
    assert check(None, wrong_tries=7) == CodeCheck.LOCKED


def test_a_manager_needs_no_code_even_after_five_wrong_tries() -> None:
    assert check(None, by_manager=True) == CodeCheck.ACCEPTED
    assert check("1111", wrong_tries=5, by_manager=True) == CodeCheck.ACCEPTED


def test_without_the_tenant_setting_the_code_is_not_checked() -> None:
    assert check(None, code_required=False) == CodeCheck.ACCEPTED
    assert check("1111", code_required=False) == CodeCheck.ACCEPTED
    assert check("0427", wrong_tries=5, code_required=False) == CodeCheck.LOCKED


@given(st.text(max_size=6), st.integers(min_value=0, max_value=10))
def test_a_courier_only_gets_through_with_the_code_before_the_fifth_wrong_one(
    code: str, wrong_tries: int
) -> None:
    result = check(code, wrong_tries=wrong_tries)
    assert (result == CodeCheck.ACCEPTED) == (code == "0427" and wrong_tries < 5)


def test_tries_left() -> None:
    assert [states.tries_left(n) for n in range(7)] == [5, 4, 3, 2, 1, 0, 0]
