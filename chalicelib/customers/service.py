"""Customers as plain functions; `get_customer` serves sales and credit."""

from __future__ import annotations

from typing import Any

from chalicelib import tenancy
from chalicelib.auth.principal import Principal
from chalicelib.creates import create_once
from chalicelib.customers import identifiers
from chalicelib.customers import repository as repo
from chalicelib.customers.schemas import (
    Address,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    CustomerQuery,
)
from chalicelib.folding import name_key
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.schemas import from_item, sent_fields

CONTENT_FIELDS = ("name", "customer_type", "phone", "email", "vat_number", "addresses", "notes")


def customer_out(customer: repo.Customer) -> CustomerOut:
    return from_item(
        CustomerOut, customer, type=customer.customer_type, addresses=customer.addresses or []
    )


def get_customer(tenant_id: str, customer_id: str, reads: Reads | None = None) -> CustomerOut:
    """One live customer of the tenant, or NotFoundError (404) (from `reads` that wanted it)."""
    return customer_out(repo.get(tenant_id, customer_id, reads))


def want_customer(reads: Reads, tenant_id: str, customer_id: str) -> None:
    """Read one customer with a request's other reads (`get_customer` takes it from there)."""
    repo.want(reads, tenant_id, customer_id)


def _country(tenant_id: str) -> str | None:
    return tenancy.tenant_settings(tenant_id).country


def _checked(values: dict[str, Any], country: str | None) -> dict[str, Any]:
    """Phone in E.164 and VAT number checked, for the fields present in `values`."""
    if values.get("phone") is not None:
        values["phone"] = identifiers.e164(values["phone"], country)
    if values.get("vat_number") is not None:
        values["vat_number"] = identifiers.vat_number(values["vat_number"], country)
    if "type" in values:
        values["customer_type"] = values.pop("type")
    if values.get("addresses") is not None:
        values["addresses"] = [
            a.model_dump(exclude_none=True) if isinstance(a, Address) else a
            for a in values["addresses"]
        ]
    return values


def create_customer(principal: Principal, data: CustomerIn) -> tuple[CustomerOut, bool]:
    values = _checked(data.model_dump(exclude={"id"}), _country(principal.tenant_id))
    saved, created = create_once(repo.create, principal, data.id, values, CONTENT_FIELDS)
    return customer_out(saved), created


def update_customer(principal: Principal, customer_id: str, patch: CustomerPatch) -> CustomerOut:
    customer = repo.get(principal.tenant_id, customer_id)
    changes = _checked(sent_fields(patch), _country(principal.tenant_id))
    repo.update(customer, changes, patch.version, principal.user_id)
    return customer_out(customer)


def delete_customer(principal: Principal, customer_id: str) -> None:
    repo.soft_delete(repo.get(principal.tenant_id, customer_id), principal.user_id)


def list_customers(
    principal: Principal, query: CustomerQuery, start_key: Key | None
) -> Page[CustomerOut]:
    if query.phone is not None:
        phone = identifiers.e164(query.phone, _country(principal.tenant_id))
        items, last_key = repo.by_phone(principal.tenant_id, phone, query.limit, start_key)
    else:
        prefix = name_key(query.search) if query.search is not None else None
        if query.search is not None and not prefix:
            return [], None
        items, last_key = repo.by_name(principal.tenant_id, prefix, query.limit, start_key)
    return [customer_out(item) for item in items], last_key
