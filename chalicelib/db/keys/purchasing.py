"""Keys of suppliers, purchase orders and goods receipts: each in its own partition, listed
through indexes whose sort keys carry the filters (store, status), so every filter is a key."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

supplier_pk = Key("T#{tenant_id}#SUPPLIER#{supplier_id}")
supplier_sk = Key("SUPPLIER")
suppliers_by_name_pk = Key("T#{tenant_id}#SUPPLIERS")
supplier_name_sk = Key("{name_key}#{supplier_id}")

purchase_order_pk = Key("T#{tenant_id}#PO#{order_id}")
purchase_order_sk = Key("PO")
purchase_orders_store_pk = Key("T#{tenant_id}#POS#S#{store_id}")
purchase_order_status_sk = Key("{status}#{order_id}")
purchase_status_prefix = Key("{status}#")
purchase_orders_supplier_pk = Key("T#{tenant_id}#POS#SUP#{supplier_id}")
purchase_order_supplier_sk = Key("{store_id}#{status}#{order_id}")
supplier_store_prefix = Key("{store_id}#")
supplier_store_status_prefix = Key("{store_id}#{status}#")

goods_receipt_pk = Key("T#{tenant_id}#GR#{receipt_id}")
goods_receipt_sk = Key("GR")
goods_receipts_store_pk = Key("T#{tenant_id}#GRS#S#{store_id}")
goods_receipt_store_sk = Key("{receipt_id}")

ENTITIES = [
    Entity(
        "Supplier",
        supplier_pk,
        supplier_sk,
        gsi1=(suppliers_by_name_pk, supplier_name_sk),
        note="soft-deleted suppliers leave the name index",
        patterns=(
            Pattern("Supplier by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern("Suppliers by name", "gsi1", "gsi1pk = {gsi1pk}", "name order"),
        ),
    ),
    Entity(
        "PurchaseOrder",
        purchase_order_pk,
        purchase_order_sk,
        gsi1=(purchase_orders_store_pk, purchase_order_status_sk),
        gsi2=(purchase_orders_supplier_pk, purchase_order_supplier_sk),
        note="lines inside (at most 40) with `remaining` per line in a map, decremented by "
        "goods receipts under `remaining >= q`; both index sort keys follow the status",
        patterns=(
            Pattern(
                "Purchase order by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; every change is conditioned on the version read",
            ),
            Pattern(
                "Purchase orders of a store",
                "gsi1",
                "gsi1pk = {gsi1pk} [AND begins_with(gsi1sk, {status})]",
                "one query per live store the reader may read, newest first within a status",
                uses={"status": purchase_status_prefix},
            ),
            Pattern(
                "Purchase orders of a supplier",
                "gsi2",
                "gsi2pk = {gsi2pk} AND begins_with(gsi2sk, {store}[<status>#])",
                "one query per live store the reader may read",
                uses={"store": supplier_store_prefix},
            ),
        ),
    ),
    Entity(
        "GoodsReceipt",
        goods_receipt_pk,
        goods_receipt_sk,
        gsi1=(goods_receipts_store_pk, goods_receipt_store_sk),
        note="immutable; lines inside (at most 40); written in one transaction with its "
        "movements, the levels and the order's remaining quantities",
        patterns=(
            Pattern("Goods receipt by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Goods receipts of a store",
                "gsi1",
                "gsi1pk = {gsi1pk}",
                "one query per live store the reader may read, newest first (ULID ids)",
            ),
        ),
    ),
]
