"""Keys of stock levels, their movements, transfers between stores and stock counts."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

stock_levels_pk = Key("T#{tenant_id}#STOCK")
store_levels_prefix = Key("{store_id}#")
stock_level_sk = Key("{store_id}#{product_id}")
stock_product_pk = Key("T#{tenant_id}#STOCK#P#{product_id}")
stock_product_sk = Key("{store_id}")
stock_below_min_pk = Key("T#{tenant_id}#STOCK#BELOWMIN")
movements_store_pk = Key("T#{tenant_id}#MOVES#S#{store_id}#{month}")
movement_sk = Key("{created_at}#{movement_id}")
movements_product_pk = Key("T#{tenant_id}#MOVES#P#{product_id}")
movements_month_pk = Key("T#{tenant_id}#MOVES#{month}")
transfers_pk = Key("T#{tenant_id}#TRANSFERS")
transfer_sk = Key("{transfer_id}")
lot_expiry_pk = Key("T#{tenant_id}#LOTEXP")
lot_expiry_sk = Key("{expiry_date}#{store_id}#{product_id}#{lot}")
counts_pk = Key("T#{tenant_id}#COUNTS")
count_sk = Key("{count_id}")

ENTITIES = [
    Entity(
        "StockLevel",
        stock_levels_pk,
        stock_level_sk,
        gsi1=(stock_product_pk, stock_product_sk),
        gsi2=(stock_below_min_pk, stock_level_sk),
        note="on_hand, reserved, available (stored), min_qty, reorder_qty; changed with "
        "ADD under conditions; gsi2 is the below-minimum index, set or removed in the "
        "same write while available <= min_qty. A lot-tracked product's level also keeps "
        "lots, expired and lots_rev, and is written whole on condition of lots_rev",
        patterns=(
            Pattern(
                "Stock levels of a store",
                "table",
                "pk = {pk} AND begins_with(sk, {store})",
                "one query per live store the reader may read",
                uses={"store": store_levels_prefix},
            ),
            Pattern(
                "Stock levels of a product",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk = {gsi1sk}",
                "one query per live store the reader may read",
            ),
            Pattern(
                "Stock levels at or below their minimum",
                "gsi2",
                "gsi2pk = {gsi2pk} AND begins_with(gsi2sk, {store}[<product_id>])",
                "one query per live store the reader may read",
                uses={"store": store_levels_prefix},
            ),
            Pattern(
                "Stock levels by store and product",
                "table",
                "BatchGet pk = {pk} AND sk = {sk}",
                "consistent, up to 100 per call; each change is one ADD conditioned on what "
                "was read (ledger, thresholds)",
            ),
        ),
    ),
    Entity(
        "StockMovement",
        movements_store_pk,
        movement_sk,
        gsi1=(movements_product_pk, movement_sk),
        gsi2=(movements_month_pk, movement_sk),
        note="immutable, signed quantity; written in the level's transaction; month "
        "buckets are UTC months of created_at",
        patterns=(
            Pattern(
                "Movements of a store by month",
                "table",
                "pk = {pk} AND sk BETWEEN <from> AND <to>",
                "one query per month and store the reader may read, newest first; type "
                "filtered; put in the level's transaction",
            ),
            Pattern(
                "Movements of a product",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
                "newest first; the reader's stores and type filtered",
            ),
            Pattern(
                "Movements of the tenant by month",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk BETWEEN <from> AND <to>",
                "one query per month, newest first; type filtered",
            ),
        ),
    ),
    Entity(
        "LotExpiry",
        lot_expiry_pk,
        lot_expiry_sk,
        note="one per lot with stock of a lot-tracked level, put and deleted by the stream "
        "as lots appear in and leave the level's lot map",
        patterns=(
            Pattern(
                "Lots by expiry date",
                "table",
                "pk = {pk} AND sk < <the day after the horizon>",
                "the expiring-lots job: lots expiring through a date, earliest first, in pages",
            ),
        ),
    ),
    Entity(
        "StockTransfer",
        transfers_pk,
        transfer_sk,
        note="lines inside (at most 49); DRAFT → IN_TRANSIT → RECEIVED | CANCELLED; "
        "ship and receive move stock in the same transaction",
        patterns=(
            Pattern("Transfer by id", "table", "pk = {pk} AND sk = {sk}", "consistent"),
            Pattern(
                "Transfers of a tenant",
                "table",
                "pk = {pk}",
                "newest first (ULID ids); status and the reader's stores filtered",
            ),
        ),
    ),
    Entity(
        "StockCount",
        counts_pk,
        count_sk,
        note="lines inside with expected quantities (at most 49); apply writes the COUNT "
        "movements in the same transaction",
        patterns=(
            Pattern("Stock count by id", "table", "pk = {pk} AND sk = {sk}", "consistent"),
            Pattern(
                "Stock counts of a tenant",
                "table",
                "pk = {pk}",
                "newest first (ULID ids); status and the reader's stores filtered",
            ),
        ),
    ),
]
