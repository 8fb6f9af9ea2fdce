"""Every key of the table and every access pattern, declared once.

Key builders take the tenant id from the authenticated principal only. `python -m
chalicelib.db.keys` prints docs/data-model.md from the charts below; a test keeps them equal.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

TENANT_REGISTRY_SHARDS = 4


def tenant_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}"


def tenant_registry_pk(shard: int) -> str:
    return f"TENANTS#{shard}"


def tenant_registry_shard(tenant_id: str) -> int:
    return zlib.crc32(tenant_id.encode()) % TENANT_REGISTRY_SHARDS


def email_pk(email: str) -> str:
    return f"EMAIL#{email.lower()}"


def session_pk(session_id: str) -> str:
    return f"SESSION#{session_id}"


def user_sessions_pk(tenant_id: str, user_id: str) -> str:
    return f"T#{tenant_id}#USER#{user_id}#SESSIONS"


def rate_limit_pk(limit: str, subject: str) -> str:
    digest = hashlib.sha256(subject.encode()).hexdigest()
    return f"RATE#{limit}#{digest}"


def rate_window_sk(window_start: int) -> str:
    return str(window_start)


def idempotency_pk(scope: str, key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{scope}#IDEM#{digest}"


def audit_pk(tenant_id: str, month: str) -> str:
    return f"T#{tenant_id}#AUDIT#{month}"


def audit_entity_pk(tenant_id: str, entity_id: str) -> str:
    return f"T#{tenant_id}#AUDIT#E#{entity_id}"


def audit_user_pk(tenant_id: str, user_id: str) -> str:
    return f"T#{tenant_id}#AUDIT#U#{user_id}"


def stock_levels_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#STOCK"


def stock_level_sk(store_id: str, product_id: str) -> str:
    return f"{store_id}#{product_id}"


def stock_product_pk(tenant_id: str, product_id: str) -> str:
    return f"T#{tenant_id}#STOCK#P#{product_id}"


def stock_below_min_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#STOCK#BELOWMIN"


def movements_store_pk(tenant_id: str, store_id: str, month: str) -> str:
    return f"T#{tenant_id}#MOVES#S#{store_id}#{month}"


def movements_product_pk(tenant_id: str, product_id: str) -> str:
    return f"T#{tenant_id}#MOVES#P#{product_id}"


def movements_month_pk(tenant_id: str, month: str) -> str:
    return f"T#{tenant_id}#MOVES#{month}"


def transfers_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#TRANSFERS"


def counts_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#COUNTS"


def alerts_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#ALERTS"


def alerts_store_pk(tenant_id: str, store_id: str | None) -> str:
    """A store's alerts; those of no store (CREDIT_OVERDUE) share the tenant-wide partition."""
    return f"T#{tenant_id}#ALERTS#S#{store_id}" if store_id else f"T#{tenant_id}#ALERTS#TENANT"


def category_children_pk(tenant_id: str, parent_id: str | None) -> str:
    return f"T#{tenant_id}#CATEGORIES#{parent_id or 'ROOT'}"


def product_pk(tenant_id: str, product_id: str) -> str:
    return f"T#{tenant_id}#PRODUCT#{product_id}"


def sku_marker_pk(tenant_id: str, sku: str) -> str:
    return f"T#{tenant_id}#SKU#{sku.upper()}"


def barcode_marker_pk(tenant_id: str, barcode: str) -> str:
    return f"T#{tenant_id}#BARCODE#{barcode}"


def product_entries_pk(tenant_id: str, facet: str) -> str:
    """facet: ALL, CAT#<category_id>, BRAND#<brand_id> or TOK#<first character of a word>."""
    return f"T#{tenant_id}#PLIST#{facet}"


def import_jobs_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#IMPORTS"


def import_chunks_pk(tenant_id: str, job_id: str) -> str:
    """All of a job's chunks share one partition, so its stream records keep their order."""
    return f"T#{tenant_id}#IMPORT#{job_id}"


def customer_pk(tenant_id: str, customer_id: str) -> str:
    return f"T#{tenant_id}#CUSTOMER#{customer_id}"


def customers_by_name_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#CUSTOMERS"


def customer_phone_pk(tenant_id: str, phone: str) -> str:
    return f"T#{tenant_id}#PHONE#{phone}"


def sale_pk(tenant_id: str, sale_id: str) -> str:
    """The sale, its payments and its refunds share this partition."""
    return f"T#{tenant_id}#SALE#{sale_id}"


def sales_store_month_pk(tenant_id: str, store_id: str, month: str) -> str:
    return f"T#{tenant_id}#SALES#S#{store_id}#{month}"


def sales_month_pk(tenant_id: str, month: str) -> str:
    return f"T#{tenant_id}#SALES#{month}"


def sale_counter_pk(tenant_id: str, store_id: str) -> str:
    return f"T#{tenant_id}#STORE#{store_id}#SALENUM"


def payments_store_month_pk(tenant_id: str, store_id: str, month: str) -> str:
    return f"T#{tenant_id}#PAYMENTS#S#{store_id}#{month}"


def payments_month_pk(tenant_id: str, month: str) -> str:
    return f"T#{tenant_id}#PAYMENTS#{month}"


def shift_pk(tenant_id: str, shift_id: str) -> str:
    return f"T#{tenant_id}#SHIFT#{shift_id}"


def shifts_store_pk(tenant_id: str, store_id: str) -> str:
    return f"T#{tenant_id}#SHIFTS#S#{store_id}"


def shifts_pk(tenant_id: str) -> str:
    return f"T#{tenant_id}#SHIFTS"


def open_shifts_pk(tenant_id: str, store_id: str) -> str:
    return f"T#{tenant_id}#OPENSHIFTS#{store_id}"


@dataclass(frozen=True)
class EntityKeys:
    entity: str
    pk: str
    sk: str
    gsi1: str = ""
    gsi2: str = ""
    note: str = ""


@dataclass(frozen=True)
class AccessPattern:
    number: int
    name: str
    index: str
    key_condition: str
    note: str = ""


ENTITIES: list[EntityKeys] = [
    EntityKeys(
        "Tenant",
        "T#<tenant_id>",
        "TENANT",
        "TENANTS#<shard 0-3> / <tenant_id>",
        note="gsi1 is the tenant registry used by scheduled jobs; active_since starts the "
        "months that lists over time buckets walk",
    ),
    EntityKeys(
        "EmailMarker",
        "EMAIL#<email>",
        "EMAIL",
        note="platform-wide unique e-mail; holds tenant_id and user_id for login",
    ),
    EntityKeys("User", "T#<tenant_id>", "USER#<user_id>"),
    EntityKeys(
        "AdminCount",
        "T#<tenant_id>",
        "ADMINS",
        note="active ADMINs of the tenant, changed in the same transaction as the user; "
        "a condition keeps it at 1 or more",
    ),
    EntityKeys("Store", "T#<tenant_id>", "STORE#<store_id>"),
    EntityKeys(
        "StoreCodeMarker",
        "T#<tenant_id>",
        "STORECODE#<code>",
        note="unique store code per tenant, written with the store",
    ),
    EntityKeys(
        "Session",
        "SESSION#<session_id>",
        "SESSION",
        "T#<tenant_id>#USER#<user_id>#SESSIONS / <created_at>#<session_id>",
        note="refresh token = <session_id>.<secret>, only sha256(secret) stored; "
        "expires_at = last rotation + 30 days (TTL); revoked sessions leave gsi1",
    ),
    EntityKeys(
        "RateCounter",
        "RATE#<limit>#<sha256(subject)>",
        "<window start, epoch seconds>",
        note="attempts of one e-mail, client IP or session in one fixed window (a minute; an "
        "hour for sign-ups); one conditional ADD per attempt; expires_at = window end (TTL)",
    ),
    EntityKeys(
        "IdempotencyRecord",
        "T#<tenant_id>#<user_id>#IDEM#<sha256(key)> or PUBLIC#IDEM#<sha256(key)>",
        "IDEM",
        note="expires_at = 24 h (TTL)",
    ),
    EntityKeys(
        "AuditEntry",
        "T#<tenant_id>#AUDIT#<YYYY-MM>",
        "<at>#<stream sequence number>",
        "T#<tenant_id>#AUDIT#E#<entity_id> / <at>#<sequence>",
        "T#<tenant_id>#AUDIT#U#<user_id> / <at>#<sequence>",
        note="written by the stream handler; the sequence number makes replays overwrite; "
        "store_ids: the stores of the audited record (none: tenant-wide)",
    ),
    EntityKeys(
        "StockLevel",
        "T#<tenant_id>#STOCK",
        "<store_id>#<product_id>",
        "T#<tenant_id>#STOCK#P#<product_id> / <store_id>",
        "T#<tenant_id>#STOCK#BELOWMIN / <store_id>#<product_id>",
        note="on_hand, reserved, available (stored), min_qty, reorder_qty; changed with "
        "ADD under conditions; gsi2 is the below-minimum index, set or removed in the "
        "same write while available <= min_qty",
    ),
    EntityKeys(
        "StockMovement",
        "T#<tenant_id>#MOVES#S#<store_id>#<YYYY-MM>",
        "<created_at>#<movement_id>",
        "T#<tenant_id>#MOVES#P#<product_id> / <created_at>#<id>",
        "T#<tenant_id>#MOVES#<YYYY-MM> / <created_at>#<id>",
        note="immutable, signed quantity; written in the level's transaction; month "
        "buckets are UTC months of created_at",
    ),
    EntityKeys(
        "StockTransfer",
        "T#<tenant_id>#TRANSFERS",
        "<transfer_id>",
        note="lines inside (at most 49); DRAFT → IN_TRANSIT → RECEIVED | CANCELLED; "
        "ship and receive move stock in the same transaction",
    ),
    EntityKeys(
        "StockCount",
        "T#<tenant_id>#COUNTS",
        "<count_id>",
        note="lines inside with expected quantities (at most 49); apply writes the COUNT "
        "movements in the same transaction",
    ),
    EntityKeys(
        "Alert",
        "T#<tenant_id>#ALERTS",
        "<alert_id>",
        "",
        "T#<tenant_id>#ALERTS#S#<store_id> or T#<tenant_id>#ALERTS#TENANT / <status>#<at>#<id>",
        note="id derived from tenant, type, store and subject: at most one per subject "
        "and type, reopened and bumped; stream_position makes replays no-ops; alerts of "
        "no store (CREDIT_OVERDUE) are indexed in the tenant-wide partition",
    ),
    EntityKeys(
        "Category",
        "T#<tenant_id>",
        "CATEGORY#<category_id>",
        "T#<tenant_id>#CATEGORIES#<parent_id or ROOT> / <position 6 digits>#<id>",
        note="gsi1 lists a parent's children in order; soft-deleted ones leave gsi1",
    ),
    EntityKeys("Brand", "T#<tenant_id>", "BRAND#<brand_id>"),
    EntityKeys(
        "Product",
        "T#<tenant_id>#PRODUCT#<product_id>",
        "PRODUCT",
        note="own partition: BatchGet by id spreads; a variant is a Product with variant_of",
    ),
    EntityKeys(
        "SkuMarker",
        "T#<tenant_id>#SKU#<SKU upper-case>",
        "SKU",
        note="unique sku per tenant; holds product_id; moved/freed in the product's transaction",
    ),
    EntityKeys(
        "BarcodeMarker",
        "T#<tenant_id>#BARCODE#<barcode>",
        "BARCODE",
        note="unique barcode per tenant; holds product_id",
    ),
    EntityKeys(
        "ProductEntry",
        "T#<tenant_id>#PLIST#<facet>",
        "<A|I>#<name key>#<product_id> or <word>#<product_id>",
        note="facets ALL, CAT#<id>, BRAND#<id> (sk by active flag then name) and "
        "TOK#<first char> (sk = name word or sku, folded to lower-case ASCII); written "
        "in the product's transaction; carry active, category_id, brand_id, words",
    ),
    EntityKeys(
        "ImportJob",
        "T#<tenant_id>#IMPORTS",
        "<job_id>",
        note="a catalog import too large to answer synchronously; progress is added in "
        "the transaction that marks each chunk done (errors capped at 1000)",
    ),
    EntityKeys(
        "ImportChunk",
        "T#<tenant_id>#IMPORT#<job_id>",
        "CHUNK#<position 4 digits>",
        note="written with its job; its stream INSERT applies its lines; state PENDING → "
        "DONE (lines dropped, expires_at = 1 day, TTL)",
    ),
    EntityKeys(
        "Customer",
        "T#<tenant_id>#CUSTOMER#<customer_id>",
        "CUSTOMER",
        "T#<tenant_id>#CUSTOMERS / <name key>#<id>",
        "T#<tenant_id>#PHONE#<E.164> / <id>",
        note="soft-deleted customers leave both indexes",
    ),
    EntityKeys(
        "Sale",
        "T#<tenant_id>#SALE#<sale_id>",
        "SALE",
        "T#<tenant_id>#SALES#S#<store_id>#<YYYY-MM> / <created_at>#<id>",
        "T#<tenant_id>#SALES#<YYYY-MM> / <created_at>#<id>",
        note="lines inside (at most 40); month buckets are UTC months of created_at",
    ),
    EntityKeys(
        "Payment",
        "T#<tenant_id>#SALE#<sale_id>",
        "PAY#<payment_id>",
        "T#<tenant_id>#PAYMENTS#S#<store_id>#<YYYY-MM> / <created_at>#<id>",
        "T#<tenant_id>#PAYMENTS#<YYYY-MM> / <created_at>#<id>",
        note="immutable; id derived from the Idempotency-Key when one is sent",
    ),
    EntityKeys(
        "Refund",
        "T#<tenant_id>#SALE#<sale_id>",
        "REFUND#<refund_id>",
        note="refunds and cancellations (kind), with the amount per method",
    ),
    EntityKeys(
        "SaleCounter",
        "T#<tenant_id>#STORE#<store_id>#SALENUM",
        "<YYYY>",
        note="last receipt number; bumped in the submit transaction (gapless)",
    ),
    EntityKeys(
        "CashShift",
        "T#<tenant_id>#SHIFT#<shift_id>",
        "SHIFT",
        "T#<tenant_id>#SHIFTS#S#<store_id> / <opened_at>#<id>",
        "T#<tenant_id>#SHIFTS / <opened_at>#<id>",
        note="running totals per payment method, pay-ins and pay-outs",
    ),
    EntityKeys(
        "ShiftMovement",
        "T#<tenant_id>#SHIFT#<shift_id>",
        "MOVE#<created_at>#<id>",
        note="PAY_IN / PAY_OUT, immutable",
    ),
    EntityKeys(
        "OpenShift",
        "T#<tenant_id>#OPENSHIFTS#<store_id>",
        "<cashier_id>",
        note="one open shift per cashier and store; written and deleted with the shift",
    ),
]

ACCESS_PATTERNS: list[AccessPattern] = [
    AccessPattern(1, "Get tenant", "table", "pk = T#<tid> AND sk = TENANT"),
    AccessPattern(
        2,
        "Page through all tenants (jobs)",
        "gsi1",
        "gsi1pk = TENANTS#<shard>, for each shard",
        "no Scan",
    ),
    AccessPattern(
        3,
        "Find user by e-mail (login, sign-up uniqueness)",
        "table",
        "pk = EMAIL#<email> AND sk = EMAIL",
    ),
    AccessPattern(4, "Get user", "table", "pk = T#<tid> AND sk = USER#<uid>"),
    AccessPattern(
        5,
        "List users of a tenant",
        "table",
        "pk = T#<tid> AND begins_with(sk, USER#)",
        "soft-deleted filtered out",
    ),
    AccessPattern(6, "Get store", "table", "pk = T#<tid> AND sk = STORE#<sid>"),
    AccessPattern(
        7,
        "List stores of a tenant",
        "table",
        "pk = T#<tid> AND begins_with(sk, STORE#)",
        "soft-deleted filtered out",
    ),
    AccessPattern(
        12, "Get session by refresh token", "table", "pk = SESSION#<session_id> AND sk = SESSION"
    ),
    AccessPattern(
        13, "List a user's live sessions", "gsi1", "gsi1pk = T#<tid>#USER#<uid>#SESSIONS"
    ),
    AccessPattern(
        14,
        "Count a tenant's active ADMINs (last-admin guard)",
        "table",
        "pk = T#<tid> AND sk = ADMINS",
        "conditional update in the user's transaction",
    ),
    AccessPattern(
        15,
        "Check an access token: its session and user",
        "table",
        "BatchGet pk = SESSION#<sid> AND sk = SESSION, pk = T#<tid> AND sk = USER#<uid>",
        "consistent; once per session and container per minute",
    ),
    AccessPattern(
        16,
        "Count an attempt in a rate-limit window",
        "table",
        "pk = RATE#<limit>#<sha256(subject)> AND sk = <window start>",
        "conditional ADD, refused once the window holds the limit",
    ),
    AccessPattern(
        8,
        "Claim / replay an idempotency key",
        "table",
        "pk = <scope>#IDEM#<sha256(key)> AND sk = IDEM",
        "conditional put",
    ),
    AccessPattern(
        9,
        "Audit log by period",
        "table",
        "pk = T#<tid>#AUDIT#<YYYY-MM> AND sk BETWEEN <from> AND <to>",
        "one query per month, newest first; entity_type and the reader's stores filtered",
    ),
    AccessPattern(
        10,
        "Audit log of one entity",
        "gsi1",
        "gsi1pk = T#<tid>#AUDIT#E#<entity_id> AND gsi1sk BETWEEN <from> AND <to>",
    ),
    AccessPattern(
        11,
        "Audit log of one user",
        "gsi2",
        "gsi2pk = T#<tid>#AUDIT#U#<user_id> AND gsi2sk BETWEEN <from> AND <to>",
    ),
    AccessPattern(
        20,
        "List a store's / the tenant's stock levels",
        "table",
        "pk = T#<tid>#STOCK AND begins_with(sk, <sid>#)",
        "one query per live store the reader may read",
    ),
    AccessPattern(
        21,
        "Stock levels of one product across stores",
        "gsi1",
        "gsi1pk = T#<tid>#STOCK#P#<pid> AND gsi1sk = <sid>",
        "one query per live store the reader may read",
    ),
    AccessPattern(
        22,
        "Levels at or below their minimum",
        "gsi2",
        "gsi2pk = T#<tid>#STOCK#BELOWMIN AND begins_with(gsi2sk, <sid>#[<pid>])",
        "one query per live store the reader may read",
    ),
    AccessPattern(
        23,
        "Read the levels a change touches (ledger, thresholds)",
        "table",
        "BatchGet pk = T#<tid>#STOCK AND sk = <sid>#<pid>",
        "consistent; up to 100 per call; the write is conditioned on what was read",
    ),
    AccessPattern(
        24,
        "Movements of a store by period",
        "table",
        "pk = T#<tid>#MOVES#S#<sid>#<YYYY-MM> AND sk BETWEEN <from> AND <to>",
        "one query per month and store the reader may read, newest first; type filtered",
    ),
    AccessPattern(
        25,
        "Movements of a product (optionally in one store)",
        "gsi1",
        "gsi1pk = T#<tid>#MOVES#P#<pid> AND gsi1sk BETWEEN <from> AND <to>",
        "newest first; the reader's stores and type filtered",
    ),
    AccessPattern(
        26,
        "Movements of the tenant by period",
        "gsi2",
        "gsi2pk = T#<tid>#MOVES#<YYYY-MM> AND gsi2sk BETWEEN <from> AND <to>",
        "one query per month, newest first; type filtered",
    ),
    AccessPattern(
        27,
        "Get transfer / stock count",
        "table",
        "pk = T#<tid>#TRANSFERS | T#<tid>#COUNTS AND sk = <id>",
        "consistent",
    ),
    AccessPattern(
        28,
        "List transfers / stock counts",
        "table",
        "pk = T#<tid>#TRANSFERS | T#<tid>#COUNTS",
        "newest first (ULID ids); status and the reader's stores filtered",
    ),
    AccessPattern(
        29,
        "Get alert; open, bump or resolve it from the stream",
        "table",
        "pk = T#<tid>#ALERTS AND sk = <alert_id>",
        "conditional update on status and stream_position",
    ),
    AccessPattern(
        32,
        "List a store's (or the tenant-wide) alerts, optionally by status",
        "gsi2",
        "gsi2pk = T#<tid>#ALERTS#S#<sid> | T#<tid>#ALERTS#TENANT "
        "[AND begins_with(gsi2sk, <status>#)]",
        "one query per store the user may read (live stores only), newest first within a "
        "status; type filtered",
    ),
    AccessPattern(
        40, "Get category / brand", "table", "pk = T#<tid> AND sk = CATEGORY#<id> | BRAND#<id>"
    ),
    AccessPattern(
        41,
        "List categories / brands",
        "table",
        "pk = T#<tid> AND begins_with(sk, CATEGORY# | BRAND#)",
        "soft-deleted filtered out",
    ),
    AccessPattern(
        42,
        "List a category's children in order (parent_id filter, delete guard)",
        "gsi1",
        "gsi1pk = T#<tid>#CATEGORIES#<parent_id or ROOT>",
    ),
    AccessPattern(
        43,
        "Get products by id (sales, stock)",
        "table",
        "BatchGet pk = T#<tid>#PRODUCT#<id> AND sk = PRODUCT",
        "up to 100 per call",
    ),
    AccessPattern(
        44,
        "Find product by sku / barcode; import matches skus",
        "table",
        "pk = T#<tid>#SKU#<sku> | T#<tid>#BARCODE#<code>, then the product",
        "import: BatchGet of markers, 100 per call",
    ),
    AccessPattern(
        45,
        "List products (optionally active only)",
        "table",
        "pk = T#<tid>#PLIST#ALL AND begins_with(sk, A# | I#)",
        "then BatchGet of the page's products",
    ),
    AccessPattern(
        46,
        "List products of a category / brand",
        "table",
        "pk = T#<tid>#PLIST#CAT#<id> | BRAND#<id> [AND begins_with(sk, A#|I#)]",
        "other facets filtered within the key range; then BatchGet",
    ),
    AccessPattern(
        47,
        "Search products by name-word or sku prefix",
        "table",
        "pk = T#<tid>#PLIST#TOK#<c> AND begins_with(sk, <first word>)",
        "further words and facets filtered within the key range; then BatchGet",
    ),
    AccessPattern(51, "Get an import job", "table", "pk = T#<tid>#IMPORTS AND sk = <job_id>"),
    AccessPattern(
        52,
        "List import jobs, newest first",
        "table",
        "pk = T#<tid>#IMPORTS",
        "ULID sort keys, read backwards",
    ),
    AccessPattern(
        53,
        "Get an import chunk (stream)",
        "table",
        "pk = T#<tid>#IMPORT#<job_id> AND sk = CHUNK#<position>",
        "consistent read: a replayed chunk is skipped",
    ),
    AccessPattern(48, "Get customer", "table", "pk = T#<tid>#CUSTOMER#<id> AND sk = CUSTOMER"),
    AccessPattern(
        49,
        "List / search customers by name prefix",
        "gsi1",
        "gsi1pk = T#<tid>#CUSTOMERS [AND begins_with(gsi1sk, <name prefix>)]",
    ),
    AccessPattern(50, "Find customers by phone", "gsi2", "gsi2pk = T#<tid>#PHONE#<E.164>"),
    AccessPattern(
        60, "Get sale with its payments and refunds (receipt)", "table", "pk = T#<tid>#SALE#<id>"
    ),
    AccessPattern(
        61,
        "List a store's sales by period",
        "gsi1",
        "gsi1pk = T#<tid>#SALES#S#<sid>#<YYYY-MM> AND gsi1sk BETWEEN <from> AND <to>",
        "one query per month and store the reader may read, newest first; "
        "status/seller/customer filtered",
    ),
    AccessPattern(
        62,
        "List the tenant's sales by period",
        "gsi2",
        "gsi2pk = T#<tid>#SALES#<YYYY-MM> AND gsi2sk BETWEEN <from> AND <to>",
        "one query per month, newest first; status/seller/customer filtered",
    ),
    AccessPattern(
        63,
        "Next receipt number of a store and year",
        "table",
        "pk = T#<tid>#STORE#<sid>#SALENUM AND sk = <YYYY>",
        "conditional update in the submit transaction",
    ),
    AccessPattern(
        64, "List a sale's payments", "table", "pk = T#<tid>#SALE#<id> AND begins_with(sk, PAY#)"
    ),
    AccessPattern(
        65,
        "List a store's / the tenant's payments by period",
        "gsi1 / gsi2",
        "gsi1pk = T#<tid>#PAYMENTS#S#<sid>#<YYYY-MM> | gsi2pk = T#<tid>#PAYMENTS#<YYYY-MM>",
        "one query per month (and store of the reader); shift: its store and hours",
    ),
    AccessPattern(66, "Get cash shift", "table", "pk = T#<tid>#SHIFT#<id> AND sk = SHIFT"),
    AccessPattern(
        67,
        "List a store's / the tenant's shifts",
        "gsi1 / gsi2",
        "gsi1pk = T#<tid>#SHIFTS#S#<sid> | gsi2pk = T#<tid>#SHIFTS",
        "one query per store the reader may read (ADMIN: the tenant's), newest first; "
        "status filtered",
    ),
    AccessPattern(
        68,
        "A cashier's open shift in a store (payments)",
        "table",
        "pk = T#<tid>#OPENSHIFTS#<sid> AND sk = <cashier_id>",
    ),
    AccessPattern(
        69, "Open shifts of a store (cash refunds)", "table", "pk = T#<tid>#OPENSHIFTS#<sid>"
    ),
]


def render_markdown() -> str:
    lines = [
        "# Data model",
        "",
        "One DynamoDB table (`infra/table.json`): keys `pk`/`sk`, sparse GSIs `gsi1` "
        "(`gsi1pk`/`gsi1sk`) and `gsi2` (`gsi2pk`/`gsi2sk`) with ALL projection, TTL on "
        "`expires_at`, stream NEW_AND_OLD_IMAGES. Every item carries its `type`.",
        "",
        "Generated from `chalicelib/db/keys.py` by `python -m chalicelib.db.keys`.",
        "",
        "## Entities",
        "",
        "| entity | pk | sk | gsi1 (pk / sk) | gsi2 (pk / sk) | note |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {e.entity} | `{e.pk}` | `{e.sk}` | {_code(e.gsi1)} | {_code(e.gsi2)} | {e.note} |"
        for e in ENTITIES
    ]
    lines += [
        "",
        "## Access patterns",
        "",
        "| # | access pattern | index | key condition | note |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {p.number} | {p.name} | {p.index} | `{p.key_condition}` | {p.note} |"
        for p in sorted(ACCESS_PATTERNS, key=lambda p: p.number)
    ]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


if __name__ == "__main__":
    print(render_markdown(), end="")
