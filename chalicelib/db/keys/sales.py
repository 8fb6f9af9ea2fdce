"""Keys of sales, the refunds kept in the sale's partition and the receipt-number counters."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

# The sale, its payments and its refunds share this partition.
sale_pk = Key("T#{tenant_id}#SALE#{sale_id}")
sale_sk = Key("SALE")
sales_store_month_pk = Key("T#{tenant_id}#SALES#S#{store_id}#{month}")
sales_month_pk = Key("T#{tenant_id}#SALES#{month}")
sale_time_sk = Key("{created_at}#{sale_id}")
refund_sk = Key("REFUND#{refund_id}")
sale_counter_pk = Key("T#{tenant_id}#STORE#{store_id}#SALENUM")
sale_counter_sk = Key("{year}")

ENTITIES = [
    Entity(
        "Sale",
        sale_pk,
        sale_sk,
        gsi1=(sales_store_month_pk, sale_time_sk),
        gsi2=(sales_month_pk, sale_time_sk),
        note="lines inside (at most 40); month buckets are UTC months of created_at",
        patterns=(
            Pattern(
                "Sale by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; every change is conditioned on the version read",
            ),
            Pattern(
                "Sale with its payments and refunds",
                "table",
                "pk = {pk}",
                "one query of the sale's partition (receipt, cancel, refund)",
            ),
            Pattern(
                "Sales of a store by month",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
                "one query per month and store the reader may read, newest first; "
                "status/seller/customer filtered",
            ),
            Pattern(
                "Sales of the tenant by month",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk BETWEEN <from> AND <to>",
                "one query per month, newest first; status/seller/customer filtered",
            ),
        ),
    ),
    Entity(
        "Refund",
        sale_pk,
        refund_sk,
        note="refunds and cancellations (kind), with the amount per method",
        patterns=(
            Pattern(
                "Refund by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put with attribute_not_exists in the sale's transaction",
            ),
        ),
    ),
    Entity(
        "SaleCounter",
        sale_counter_pk,
        sale_counter_sk,
        note="last receipt number of a store and year; bumped in the submit transaction (gapless)",
        patterns=(
            Pattern(
                "Receipt counter of a store and year",
                "table",
                "pk = {pk} AND sk = {sk}",
                "conditional update in the submit transaction",
            ),
        ),
    ),
]
