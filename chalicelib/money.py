"""Money in integer minor units: the ceiling every amount respects, the ISO 4217 currencies a
tenant may keep its books in, and how an amount is printed in the tenant's language."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from decimal import Decimal

from chalicelib import errors

MAX_AMOUNT = 2**53 - 1
"""The largest amount, quantity or total: what every JSON client (JavaScript's numbers) holds."""

BPS = 10_000
"""Basis points in a whole: rates and shares (tax, discount limits, percent promotions)."""


def value_of(priced: Iterable[tuple[int, int]], field: str, what: str = "The total") -> int:
    """The sum of quantity x unit amount over `priced`; 422 naming `field` when a line's value
    or the sum passes MAX_AMOUNT (an order, a receipt, a movement's value)."""
    total = 0
    for index, (quantity, unit) in enumerate(priced):
        total += quantity * unit
        if total > MAX_AMOUNT:
            raise errors.ValidationError(
                f"{what} would be above {MAX_AMOUNT}, the largest amount.",
                errors=[{"field": field.format(index=index), "message": f"at most {MAX_AMOUNT}"}],
            )
    return total


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero."""
    if numerator < 0:
        return -round_half_up(-numerator, denominator)
    return (2 * numerator + denominator) // (2 * denominator)


# ISO 4217 currencies in circulation, with their minor-unit exponent (digits after the point).
# Fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals, XDR and the testing
# codes are left out: nobody prices a sale in them. Withdrawn codes (ANG, BGN, CUC, HRK, SLL,
# ZWL, ...) are gone too.
MINOR_UNITS: dict[str, int] = {
    "AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "AOA": 2, "ARS": 2, "AUD": 2, "AWG": 2, "AZN": 2,
    "BAM": 2, "BBD": 2, "BDT": 2, "BHD": 3, "BIF": 0, "BMD": 2, "BND": 2, "BOB": 2, "BRL": 2,
    "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2, "BZD": 2, "CAD": 2, "CDF": 2, "CHF": 2, "CLP": 0,
    "CNY": 2, "COP": 2, "CRC": 2, "CUP": 2, "CVE": 2, "CZK": 2, "DJF": 0, "DKK": 2, "DOP": 2,
    "DZD": 2, "EGP": 2, "ERN": 2, "ETB": 2, "EUR": 2, "FJD": 2, "FKP": 2, "GBP": 2, "GEL": 2,
    "GHS": 2, "GIP": 2, "GMD": 2, "GNF": 0, "GTQ": 2, "GYD": 2, "HKD": 2, "HNL": 2, "HTG": 2,
    "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "IRR": 2, "ISK": 0, "JMD": 2, "JOD": 3,
    "JPY": 0, "KES": 2, "KGS": 2, "KHR": 2, "KMF": 0, "KPW": 2, "KRW": 0, "KWD": 3, "KYD": 2,
    "KZT": 2, "LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2, "LSL": 2, "LYD": 3, "MAD": 2, "MDL": 2,
    "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2, "MOP": 2, "MRU": 2, "MUR": 2, "MVR": 2, "MWK": 2,
    "MXN": 2, "MYR": 2, "MZN": 2, "NAD": 2, "NGN": 2, "NIO": 2, "NOK": 2, "NPR": 2, "NZD": 2,
    "OMR": 3, "PAB": 2, "PEN": 2, "PGK": 2, "PHP": 2, "PKR": 2, "PLN": 2, "PYG": 0, "QAR": 2,
    "RON": 2, "RSD": 2, "RUB": 2, "RWF": 0, "SAR": 2, "SBD": 2, "SCR": 2, "SDG": 2, "SEK": 2,
    "SGD": 2, "SHP": 2, "SLE": 2, "SOS": 2, "SRD": 2, "SSP": 2, "STN": 2, "SVC": 2, "SYP": 2,
    "SZL": 2, "THB": 2, "TJS": 2, "TMT": 2, "TND": 3, "TOP": 2, "TRY": 2, "TTD": 2, "TWD": 2,
    "TZS": 2, "UAH": 2, "UGX": 0, "USD": 2, "UYU": 2, "UZS": 2, "VED": 2, "VES": 2, "VND": 0,
    "VUV": 0, "WST": 2, "XAF": 0, "XCD": 2, "XCG": 2, "XOF": 0, "XPF": 0, "YER": 2, "ZAR": 2,
    "ZMW": 2, "ZWG": 2,
}  # fmt: skip


def minor_unit_exponent(currency: str) -> int:
    """Digits after the decimal mark; 2 for a code the table does not know (stored before it)."""
    return MINOR_UNITS.get(currency, 2)


def format_amount(amount: int, currency: str, locale: str) -> str:
    """`amount` minor units written the way `locale` writes money (CLDR, through Babel), with the
    currency's own exponent: 1500 XAF is "1 500 FCFA" in French, "FCFA1,500" in English."""
    # Babel and its locale data load only when a document prints money.
    from babel import Locale

    exponent = minor_unit_exponent(currency)
    language = Locale.parse(locale)
    pattern = copy.copy(language.currency_formats["standard"])
    pattern.frac_prec = (exponent, exponent)
    value = Decimal(amount).scaleb(-exponent)
    return str(pattern.apply(value, language, currency=currency, currency_digits=False))


def format_rate(bps: int, locale: str) -> str:
    """A rate in basis points written the way `locale` writes a percentage (CLDR, through
    Babel), with up to two decimals: 1925 is "19,25 %" in French, "19.25%" in English."""
    from babel import Locale

    language = Locale.parse(locale)
    pattern = copy.copy(language.percent_formats[None])
    pattern.frac_prec = (0, 2)
    return str(pattern.apply(Decimal(bps).scaleb(-4), language))
