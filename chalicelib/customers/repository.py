"""Storage of customers (the only PynamoDB here): by id, by name prefix, by phone."""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.catalog.search import name_key
from chalicelib.clock import iso
from chalicelib.db import keys, records
from chalicelib.db.base import Tx
from chalicelib.db.models.customers import CustomerItem

Page = tuple[list[CustomerItem], dict[str, Any] | None]


def index_keys(
    tenant_id: str, customer_id: str, name: str, phone: str | None
) -> dict[str, str | None]:
    return {
        "gsi1pk": keys.customers_by_name_pk(tenant_id),
        "gsi1sk": keys.customer_name_sk(name_key(name), customer_id),
        "gsi2pk": keys.customer_phone_pk(tenant_id, phone) if phone else None,
        "gsi2sk": keys.customer_phone_sk(customer_id) if phone else None,
    }


def place(tenant_id: str, customer: CustomerItem) -> CustomerItem:
    customer.pk, customer.sk = keys.customer_pk(tenant_id, customer.id), keys.customer_sk()
    customer.tenant_id = tenant_id
    for name, value in index_keys(tenant_id, customer.id, customer.name, customer.phone).items():
        setattr(customer, name, value)
    return customer


def create(customer: CustomerItem, actor: str, same_as: Any) -> tuple[CustomerItem, bool]:
    return records.create(customer, actor=actor, same_as=same_as, what="Customer")


def get(tenant_id: str, customer_id: str) -> CustomerItem:
    return records.get_live(
        CustomerItem, keys.customer_pk(tenant_id, customer_id), keys.customer_sk(), what="Customer"
    )


def update(customer: CustomerItem, changes: dict[str, Any], version: int, actor: str) -> None:
    name = changes.get("name", customer.name)
    phone = changes.get("phone", customer.phone)
    changes.update(index_keys(customer.tenant_id or "", customer.id, name, phone))
    records.update(customer, changes, expected_version=version, actor=actor, what="Customer")


def soft_delete(customer: CustomerItem, actor: str) -> None:
    """Deleted customers also leave both indexes, so lookups never meet them."""
    now = iso()
    tx = Tx()
    tx.change(
        customer,
        [
            CustomerItem.deleted_at.set(now),
            CustomerItem.updated_at.set(now),
            CustomerItem.updated_by.set(actor),
            CustomerItem.version.add(1),
            CustomerItem.gsi1pk.remove(),
            CustomerItem.gsi1sk.remove(),
            CustomerItem.gsi2pk.remove(),
            CustomerItem.gsi2sk.remove(),
        ],
        condition=CustomerItem.deleted_at.does_not_exist(),
        on_fail=errors.NotFoundError("Customer not found."),
    )
    tx.commit()


def by_name(
    tenant_id: str, prefix: str | None, limit: int, start_key: dict[str, Any] | None
) -> Page:
    return records.query_page(
        CustomerItem,
        keys.customers_by_name_pk(tenant_id),
        index=CustomerItem.gsi1,
        range_key_condition=CustomerItem.gsi1sk.startswith(prefix) if prefix else None,
        limit=limit,
        start_key=start_key,
    )


def by_phone(tenant_id: str, phone: str, limit: int, start_key: dict[str, Any] | None) -> Page:
    return records.query_page(
        CustomerItem,
        keys.customer_phone_pk(tenant_id, phone),
        index=CustomerItem.gsi2,
        limit=limit,
        start_key=start_key,
    )
