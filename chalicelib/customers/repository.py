"""Storage of customers: by id, by name prefix, by phone."""

from __future__ import annotations

from typing import Any

from chalicelib.db import keys, pages, records
from chalicelib.db.keys import serves
from chalicelib.db.models.customers import CustomerItem
from chalicelib.folding import name_key
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads

Customer = CustomerItem
INDEXES = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


def _index_keys(
    tenant_id: str, customer_id: str, name: str, phone: str | None
) -> dict[str, str | None]:
    return {
        "gsi1pk": keys.customers_by_name_pk(tenant_id),
        "gsi1sk": keys.customer_name_sk(name_key(name), customer_id),
        "gsi2pk": keys.customer_phone_pk(tenant_id, phone) if phone else None,
        "gsi2sk": keys.customer_phone_sk(customer_id) if phone else None,
    }


@serves("Customer by id", "Customers by name prefix", "Customers by phone")
def create(
    tenant_id: str, customer_id: str, fields: dict[str, Any], actor: str, same_as: Any
) -> tuple[CustomerItem, bool]:
    customer = CustomerItem(
        id=customer_id,
        pk=keys.customer_pk(tenant_id, customer_id),
        sk=keys.customer_sk(),
        tenant_id=tenant_id,
        **fields,
    )
    for name, value in _index_keys(tenant_id, customer_id, customer.name, customer.phone).items():
        setattr(customer, name, value)
    return records.create(customer, actor=actor, same_as=same_as, what="Customer")


@serves("Customer by id")
def get(tenant_id: str, customer_id: str, reads: Reads | None = None) -> CustomerItem:
    """The live customer, or 404 (from `reads` that wanted it: `want`)."""
    key = _key(tenant_id, customer_id)
    if reads is not None:
        return reads.live(CustomerItem, key, what="Customer")
    return records.get_live(CustomerItem, *key, what="Customer")


@serves("Customer by id")
def want(reads: Reads, tenant_id: str, customer_id: str) -> None:
    reads.want([_key(tenant_id, customer_id)])


def _key(tenant_id: str, customer_id: str) -> tuple[str, str]:
    return keys.customer_pk(tenant_id, customer_id), keys.customer_sk()


@serves("Customer by id", "Customers by name prefix", "Customers by phone")
def update(customer: CustomerItem, changes: dict[str, Any], version: int, actor: str) -> None:
    name = changes.get("name", customer.name)
    phone = changes.get("phone", customer.phone)
    changes.update(_index_keys(customer.tenant_id or "", customer.id, name, phone))
    records.update(customer, changes, expected_version=version, actor=actor, what="Customer")


@serves("Customer by id", "Customers by name prefix", "Customers by phone")
def soft_delete(customer: CustomerItem, actor: str) -> None:
    """Deleted customers also leave both indexes, so lookups never meet them."""
    records.soft_delete(customer, actor=actor, what="Customer", unindexed=INDEXES)


@serves("Customers by name prefix")
def by_name(
    tenant_id: str, prefix: str | None, limit: int, start_key: Key | None
) -> Page[CustomerItem]:
    return pages.prefix_page(
        CustomerItem,
        keys.customers_by_name_pk(tenant_id),
        prefix,
        index=CustomerItem.gsi1,
        limit=limit,
        start_key=start_key,
    )


@serves("Customers by phone")
def by_phone(tenant_id: str, phone: str, limit: int, start_key: Key | None) -> Page[CustomerItem]:
    return records.query_page(
        CustomerItem,
        keys.customer_phone_pk(tenant_id, phone),
        index=CustomerItem.gsi2,
        limit=limit,
        start_key=start_key,
    )
