"""Sale arithmetic and the sale's life cycle, without AWS."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.errors import InvalidStateError
from chalicelib.sales import states
from chalicelib.sales.states import SaleStatus as S
from chalicelib.sales.totals import (
    MAX_TRANSACTION_ACTIONS,
    LineInput,
    SaleArithmeticError,
    allocate,
    compute,
    largest_write,
    list_subtotal,
    manual_discount,
    needs_discount_approval,
    refund_amount,
    round_half_up,
)


def line(
    quantity: int, price: int, discount: int = 0, bps: int = 1925, included: bool = True
) -> LineInput:
    return LineInput(
        quantity=quantity,
        unit_price=price,
        discount=discount,
        tax_rate_bps=bps,
        tax_included=included,
    )


def test_rounds_halves_up() -> None:
    assert round_half_up(5, 2) == 3
    assert round_half_up(7, 3) == 2
    assert round_half_up(-5, 2) == -3
    assert round_half_up(0, 9) == 0


def test_tax_included_price_holds_its_tax() -> None:
    amounts = compute([line(2, 1500)], 0)
    assert amounts.subtotal == 3000 and amounts.total == 3000
    assert amounts.tax_total == round_half_up(3000 * 1925, 11925) == 484


def test_tax_excluded_price_adds_tax_on_top() -> None:
    amounts = compute([line(3, 1000, included=False)], 0)
    assert amounts.lines[0].tax == 578  # 577.5 rounds up
    assert amounts.total == 3578 and amounts.subtotal == 3000


def test_line_and_sale_discounts_come_off_before_tax() -> None:
    amounts = compute([line(1, 10000, discount=1000, bps=0), line(1, 5000, bps=0)], 600)
    assert amounts.discount_total == 1600
    assert [a.sale_discount for a in amounts.lines] == [386, 214]  # 600 x 9000/14000 and 5000/14000
    assert amounts.total == 15000 - 1600


def test_sale_discount_remainder_goes_to_largest_line() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [100, 300, 100]) == [2, 6, 2]
    assert allocate(7, [3, 5, 5]) == [1, 4, 2]
    assert allocate(0, [5]) == [0]
    assert allocate(263, [1, 1, 262]) == [1, 0, 262]  # the largest holds one of the two left


@given(st.integers(0, 10**6), st.lists(st.integers(0, 10**6), min_size=1, max_size=40))
def test_allocated_shares_add_up_and_never_exceed_their_line(
    amount: int, weights: list[int]
) -> None:
    if amount > sum(weights):
        return
    shares = allocate(amount, weights)
    assert sum(shares) == (amount if sum(weights) else 0)
    assert all(0 <= share <= weight for share, weight in zip(shares, weights, strict=True))


@given(
    st.lists(
        st.tuples(st.integers(1, 1000), st.integers(0, 10**6), st.integers(0, 3000), st.booleans()),
        min_size=1,
        max_size=10,
    )
)
def test_total_is_subtotal_minus_discounts_plus_added_tax(specs: list) -> None:
    lines = [line(q, p, bps=bps, included=inc) for q, p, bps, inc in specs]
    amounts = compute(lines, 0)
    added = sum(a.tax for a, one in zip(amounts.lines, lines, strict=True) if not one.tax_included)
    assert amounts.total == amounts.subtotal - amounts.discount_total + added


def test_discount_larger_than_line_or_sale_is_refused() -> None:
    with pytest.raises(SaleArithmeticError) as on_line:
        compute([line(1, 100, discount=101)], 0)
    assert on_line.value.field == "lines.0.discount"
    with pytest.raises(SaleArithmeticError) as on_sale:
        compute([line(1, 100)], 101)
    assert on_sale.value.field == "discount"


def test_discount_approval_threshold_is_a_share_of_the_subtotal() -> None:
    assert not needs_discount_approval(1000, 10000, 1000)
    assert needs_discount_approval(1001, 10000, 1000)
    assert not needs_discount_approval(0, 0, 0)


def test_a_price_below_the_products_counts_as_a_manual_discount() -> None:
    cut = LineInput(2, 9000, 500, 1925, True, list_price=10000)
    marked_up = LineInput(1, 12000, 1000, 1925, True, list_price=10000)
    unpriced = LineInput(3, 700, 0, 0, True)
    lines = [cut, marked_up, unpriced]
    assert [line.price_cut for line in lines] == [2000, 0, 0]
    assert manual_discount(lines, 100) == 2000 + 500 + 1000 + 100
    assert list_subtotal(lines) == 20000 + 10000 + 2100
    assert compute(lines, 100).discount_total == 1600  # the answer's figures are unchanged


def test_refunds_of_a_line_add_up_to_its_total() -> None:
    first = refund_amount(1000, 3, 0, 0, 1)
    second = refund_amount(1000, 3, 1, first, 1)
    last = refund_amount(1000, 3, 2, first + second, 1)
    assert (first, second, last) == (333, 333, 334)


@pytest.mark.parametrize("actions_per_line", [1, 2])
def test_caps_keep_every_write_within_one_transaction(actions_per_line: int) -> None:
    assert largest_write(actions_per_line) <= MAX_TRANSACTION_ACTIONS


def test_life_cycle_allows_only_listed_steps() -> None:
    states.require("submit", S.DRAFT)
    states.require("pay", S.PARTIALLY_PAID)
    states.require("cancel", S.PENDING_PAYMENT)
    states.require("refund", S.PARTIALLY_REFUNDED)
    for step, status in [
        ("edit", S.PENDING_PAYMENT),
        ("pay", S.DRAFT),
        ("cancel", S.PAID),
        ("refund", S.PARTIALLY_PAID),
        ("submit", S.CANCELLED),
        ("pay", S.PAID),
        ("cancel", S.REFUNDED),
    ]:
        with pytest.raises(InvalidStateError):
            states.require(step, status)


def test_terminal_states_lead_nowhere() -> None:
    for status in (S.CANCELLED, S.REFUNDED):
        assert not [step for step, (starts, _) in states.TRANSITIONS.items() if status in starts]


def test_payment_and_refund_decide_the_next_status() -> None:
    assert states.after_payment(500, 1000) == S.PARTIALLY_PAID
    assert states.after_payment(1000, 1000) == S.PAID
    assert states.after_refund(200, 1000) == S.PARTIALLY_REFUNDED
    assert states.after_refund(1000, 1000) == S.REFUNDED
