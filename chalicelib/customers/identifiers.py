"""Phone numbers and VAT numbers as the law of their country writes them."""

from __future__ import annotations

import re

from chalicelib import errors

DEFAULT_REGION = "CM"
_PREFIX = re.compile(r"^[A-Z]{2}")


def e164(phone: str, region: str | None, field: str = "phone") -> str:
    """'6 99 00 00 00' in CM -> '+237699000000'; a number that cannot exist is a 422."""
    # phonenumbers loads its numbering plans only when a phone number is read.
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise _invalid(field, "not a phone number") from error
    if not phonenumbers.is_valid_number(number):
        raise _invalid(field, f"not a valid phone number for {region or DEFAULT_REGION}")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def vat_number(number: str, tenant_country: str | None) -> str:
    """Checked with python-stdnum where the country has a format; otherwise kept as written.

    A number that starts with a country code (FR, BE, DE...) is checked for that country,
    any other for the tenant's country. stdnum has no Cameroonian NIU module: those are kept.
    """
    # python-stdnum loads only when a VAT number is read.
    from stdnum import get_cc_module
    from stdnum.exceptions import ValidationError as StdnumError

    compact = re.sub(r"[\s.\-/]", "", number).upper()
    prefix = _PREFIX.match(compact)
    country = prefix.group(0).lower() if prefix else (tenant_country or DEFAULT_REGION).lower()
    module = get_cc_module("gr" if country == "el" else country, "vat")
    if module is None:
        return compact
    try:
        module.validate(compact)
    except StdnumError as error:
        raise _invalid("vat_number", f"not a valid {country.upper()} VAT number") from error
    return compact


def _invalid(field: str, message: str) -> errors.ValidationError:
    return errors.ValidationError(
        f"{field}: {message}.", errors=[{"field": field, "message": message}]
    )
