"""Request and response models of customers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from chalicelib.http import ApiModel, QueryModel
from chalicelib.schemas import (
    DEFAULT_LIMIT,
    Clearable,
    Email,
    Limit,
    Name,
    OneLine,
    PatchModel,
    Text,
    Ulid,
)

CustomerType = Literal["INDIVIDUAL", "BUSINESS"]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32), OneLine
]
VatNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=32), OneLine
]
Short = Annotated[str, StringConstraints(max_length=200), OneLine]


class Address(ApiModel):
    label: Short | None = None
    street: Short | None = None
    city: Short | None = None
    region: Short | None = None
    postal_code: Annotated[str, StringConstraints(max_length=20)] | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


Addresses = Annotated[list[Address], Field(max_length=10)]


class CustomerIn(ApiModel):
    id: Ulid | None = None
    name: Name
    type: CustomerType = "INDIVIDUAL"
    phone: Phone | None = None
    email: Email | None = None
    vat_number: VatNumber | None = None
    addresses: Addresses = Field(default_factory=list)
    notes: Text | None = None


class CustomerPatch(PatchModel):
    version: int
    name: Name | None = None
    type: CustomerType | None = None
    phone: Clearable[Phone] = None
    email: Clearable[Email] = None
    vat_number: Clearable[VatNumber] = None
    addresses: Addresses | None = None
    notes: Clearable[Text] = None


class CustomerOut(BaseModel):
    id: str
    name: str
    type: CustomerType
    phone: str | None
    email: str | None
    vat_number: str | None
    addresses: list[Address]
    notes: str | None
    loyalty_points: int
    version: int
    created_at: str
    updated_at: str


class CustomerList(BaseModel):
    items: list[CustomerOut]
    next_cursor: str | None


class CustomerQuery(QueryModel):
    limit: Limit = DEFAULT_LIMIT
    cursor: str | None = None
    search: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None
    phone: Phone | None = None
