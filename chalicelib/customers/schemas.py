"""Request and response models of customers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chalicelib import schema_docs as docs
from chalicelib.http import ApiModel, OutputModel
from chalicelib.schemas import (
    Clearable,
    CreatedAt,
    Email,
    ListQuery,
    Name,
    NextCursor,
    ObjectId,
    OneLine,
    PatchModel,
    SearchText,
    Text,
    Ulid,
    UpdatedAt,
    Version,
)

CustomerType = Literal["INDIVIDUAL", "BUSINESS"]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32), OneLine
]
VatNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=32), OneLine
]
Short = Annotated[str, StringConstraints(max_length=200), OneLine]
E164Phone = Annotated[str, StringConstraints(pattern=docs.E164)]


class Address(ApiModel):
    label: Short | None = None
    street: Short | None = None
    city: Short | None = None
    region: Short | None = None
    postal_code: Annotated[str, StringConstraints(max_length=20)] | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


Addresses = Annotated[list[Address], Field(max_length=10)]


class CustomerIn(ApiModel):
    """A customer; the phone is stored in E.164."""

    id: Ulid | None = Field(default=None, description=docs.CLIENT_ID, examples=[docs.ULID_EXAMPLE])
    name: Name = Field(description="The customer's or company's name.", examples=["Jean Mbarga"])
    type: CustomerType = Field(
        default="INDIVIDUAL", description="INDIVIDUAL or BUSINESS.", examples=["INDIVIDUAL"]
    )
    phone: Phone | None = Field(
        default=None,
        description=(
            "Phone number: E.164 (`+237699000000`), or a national number "
            "of the tenant's country, stored as E.164."
        ),
        examples=["+237699000000"],
    )
    email: Email | None = Field(
        default=None, description="E-mail address.", examples=["jean@example.cm"]
    )
    vat_number: VatNumber | None = Field(
        default=None,
        description="VAT or tax number, checked for its country where a format is known.",
    )
    addresses: Addresses = Field(
        default_factory=list, description="Up to 10 addresses.", examples=[[]]
    )
    notes: Text | None = Field(default=None, description="Free notes.")


class CustomerPatch(PatchModel):
    version: int
    name: Name | None = None
    type: CustomerType | None = None
    phone: Clearable[Phone] = None
    email: Clearable[Email] = None
    vat_number: Clearable[VatNumber] = None
    addresses: Addresses | None = None
    notes: Clearable[Text] = None


class CustomerOut(OutputModel):
    """A customer of the tenant."""

    id: ObjectId
    name: str = Field(description="The customer's or company's name.", examples=["Jean Mbarga"])
    type: CustomerType = Field(description="INDIVIDUAL or BUSINESS.", examples=["INDIVIDUAL"])
    phone: E164Phone | None = Field(
        description="Phone number in E.164.", examples=["+237699000000"]
    )
    email: str | None = Field(description="E-mail address.", examples=["jean@example.cm"])
    vat_number: str | None = Field(
        description="VAT or tax number, checked for its country where a format is known."
    )
    addresses: list[Address] = Field(description="Up to 10 addresses.", examples=[[]])
    notes: str | None = Field(description="Free notes.")
    loyalty_points: int = Field(description="Loyalty points held.", examples=[0])
    version: Version
    created_at: CreatedAt
    updated_at: UpdatedAt


class CustomerList(OutputModel):
    """A page of customers."""

    items: list[CustomerOut]
    next_cursor: NextCursor


class CustomerQuery(ListQuery):
    search: SearchText | None = None
    phone: Phone | None = None
