"""What a PDF receipt can print: its core fonts read Windows-1252, so money keeps its symbol."""

from __future__ import annotations

from chalicelib.money import format_amount
from chalicelib.sales.receipts import core_font_text


def test_euro_amounts_keep_their_sign_and_french_spaces_in_a_pdf() -> None:
    assert core_font_text(format_amount(123456, "EUR", "fr")) == "1\u00a0234,56\u00a0€"


def test_francs_cfa_print_the_french_way_in_a_pdf() -> None:
    assert core_font_text(format_amount(1500, "XAF", "fr")) == "1\u00a0500\u00a0FCFA"


def test_what_the_fonts_cannot_show_is_replaced_not_an_error() -> None:
    assert core_font_text("Reçu — ₦ 5") == "Reçu — ? 5"


def test_tax_rates_print_the_way_the_language_writes_a_percentage() -> None:
    from chalicelib.money import format_rate

    assert core_font_text(format_rate(1925, "fr")) == "19,25\u00a0%"
    assert (format_rate(1925, "en"), format_rate(1000, "en"), format_rate(550, "en")) == (
        "19.25%",
        "10%",
        "5.5%",
    )
