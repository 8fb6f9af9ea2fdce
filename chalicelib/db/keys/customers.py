"""Keys of customers: each in its own partition, found by name prefix or by phone."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

customer_pk = Key("T#{tenant_id}#CUSTOMER#{customer_id}")
customer_sk = Key("CUSTOMER")
customers_by_name_pk = Key("T#{tenant_id}#CUSTOMERS")
customer_name_sk = Key("{name_key}#{customer_id}")
customer_phone_pk = Key("T#{tenant_id}#PHONE#{phone}")
customer_phone_sk = Key("{customer_id}")

ENTITIES = [
    Entity(
        "Customer",
        customer_pk,
        customer_sk,
        gsi1=(customers_by_name_pk, customer_name_sk),
        gsi2=(customer_phone_pk, customer_phone_sk),
        note="phone in E.164; soft-deleted customers leave both indexes",
        patterns=(
            Pattern("Customer by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Customers by name prefix",
                "gsi1",
                "gsi1pk = {gsi1pk} [AND begins_with(gsi1sk, <name prefix>)]",
            ),
            Pattern("Customers by phone", "gsi2", "gsi2pk = {gsi2pk}"),
        ),
    ),
]
