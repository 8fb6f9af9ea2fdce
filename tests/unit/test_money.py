"""Money: the ceiling on amounts and computed totals, ISO 4217 exponents, printed amounts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.money import MAX_AMOUNT, MINOR_UNITS, format_amount, minor_unit_exponent
from chalicelib.sales.totals import LineInput, SaleArithmeticError, compute


def _line(quantity: int, price: int, bps: int = 0, included: bool = True) -> LineInput:
    return LineInput(
        quantity=quantity, unit_price=price, discount=0, tax_rate_bps=bps, tax_included=included
    )


def test_the_ceiling_is_what_a_javascript_number_holds_exactly() -> None:
    assert MAX_AMOUNT == 9_007_199_254_740_991
    assert float(MAX_AMOUNT) == MAX_AMOUNT and float(MAX_AMOUNT + 2) != MAX_AMOUNT + 2


def test_a_line_beyond_the_ceiling_names_its_quantity() -> None:
    with pytest.raises(SaleArithmeticError) as raised:
        compute([_line(1, 1), _line(10**9, 10**15)], 0)
    assert raised.value.field == "lines.1.quantity"


def test_tax_added_on_top_past_the_ceiling_is_refused() -> None:
    with pytest.raises(SaleArithmeticError) as raised:
        compute([_line(1, MAX_AMOUNT - 10, bps=1925, included=False)], 0)
    assert raised.value.field == "lines.0.quantity"


def test_a_subtotal_past_the_ceiling_names_the_lines() -> None:
    with pytest.raises(SaleArithmeticError) as raised:
        compute([_line(1, MAX_AMOUNT), _line(1, 1)], 0)
    assert raised.value.field == "lines"


def test_a_sale_at_the_ceiling_is_fine() -> None:
    assert compute([_line(1, MAX_AMOUNT - 1), _line(1, 1)], 0).total == MAX_AMOUNT


@given(
    st.lists(
        st.tuples(st.integers(1, 10**9), st.integers(0, MAX_AMOUNT), st.integers(0, 10000)),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_computed_amounts_never_pass_the_ceiling(lines: list, included: bool) -> None:
    try:
        amounts = compute([_line(q, p, bps, included) for q, p, bps in lines], 0)
    except SaleArithmeticError:
        return
    figures = [amounts.subtotal, amounts.total, amounts.tax_total, amounts.discount_total]
    figures += [value for line in amounts.lines for value in (line.gross, line.tax, line.total)]
    assert max(figures) <= MAX_AMOUNT


def test_the_currency_table_holds_iso_codes_and_their_exponents() -> None:
    assert len(MINOR_UNITS) > 150
    assert all(len(code) == 3 and code.isupper() for code in MINOR_UNITS)
    assert set(MINOR_UNITS.values()) == {0, 2, 3}
    expected = {"XAF": 0, "XOF": 0, "EUR": 2, "USD": 2, "GBP": 2, "NGN": 2, "KES": 2, "JPY": 0}
    assert {code: MINOR_UNITS[code] for code in expected} == expected
    assert MINOR_UNITS["KWD"] == MINOR_UNITS["TND"] == 3
    assert not {"XAU", "XTS", "XXX", "ZZZ", "HRK"} & set(MINOR_UNITS)


NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "amount, currency, locale, printed",
    [
        (1500, "XAF", "fr", f"1{NNBSP}500{NBSP}FCFA"),
        (85000000, "XAF", "en", "FCFA85,000,000"),
        (123456, "EUR", "fr", f"1{NNBSP}234,56{NBSP}€"),
        (123456, "EUR", "en", "€1,234.56"),
        (5, "USD", "en", "$0.05"),
        (-1234, "EUR", "en", "-€12.34"),
        (1500, "JPY", "en", "¥1,500"),
        (12345, "KWD", "en", "KWD12.345"),
        (12345, "KWD", "fr", f"12,345{NBSP}KWD"),
    ],
)
def test_amounts_print_with_the_currencys_exponent(
    amount: int, currency: str, locale: str, printed: str
) -> None:
    assert format_amount(amount, currency, locale) == printed


def test_a_code_stored_before_the_table_prints_with_two_decimals() -> None:
    assert minor_unit_exponent("ANG") == 2
