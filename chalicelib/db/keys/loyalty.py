"""Keys of loyalty points: each customer's partition of points holds their wallet, their ledger
entries, their earnings (one per credit of points) and one marker per sale that earned points."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

loyalty_pk = Key("T#{tenant_id}#LOYALTY#{customer_id}")
loyalty_wallet_sk = Key("WALLET")
loyalty_expiry_pk = Key("T#{tenant_id}#LOYALTYEXPIRY")
loyalty_expiry_sk = Key("{next_expiry}#{customer_id}")
loyalty_entries_prefix = Key("ENTRY#")
loyalty_entry_sk = Key("ENTRY#{revision:12}")
loyalty_earnings_prefix = Key("EARNING#")
loyalty_earning_sk = Key("EARNING#{cumulative_before:15}")
loyalty_sale_sk = Key("SALE#{sale_id}")

ENTITIES = [
    Entity(
        "LoyaltyWallet",
        loyalty_pk,
        loyalty_wallet_sk,
        gsi1=(loyalty_expiry_pk, loyalty_expiry_sk),
        note="points (the ledger's balance, mirrored on the customer's loyalty_points in the "
        "same write), consumed, the ledger's revision and the latest earning; in gsi1 only "
        "while some held points have an expiry date (the oldest one's)",
        patterns=(
            Pattern(
                "Loyalty wallet of a customer",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; every move of points SETs it on condition the revision is the "
                "one read",
            ),
            Pattern(
                "Wallets with points past their date",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk < <today>",
                "the loyalty-expiry job: the oldest held points' date before today",
            ),
        ),
    ),
    Entity(
        "LoyaltyEntry",
        loyalty_pk,
        loyalty_entry_sk,
        note="immutable EARN / REDEEM / REVERSE / RESTORE / EXPIRE / ADJUST with balance_after, "
        "numbered by the wallet's revision",
        patterns=(
            Pattern(
                "Loyalty entries of a customer",
                "table",
                "pk = {pk} AND begins_with(sk, {entries})",
                "newest first; put with attribute_not_exists with the wallet's new points",
                uses={"entries": loyalty_entries_prefix},
            ),
        ),
    ),
    Entity(
        "LoyaltyEarning",
        loyalty_pk,
        loyalty_earning_sk,
        note="points credited at once with their place on the line of every point credited "
        "(cumulative_before) and their expiry date; immutable",
        patterns=(
            Pattern(
                "Earnings of a customer from a point",
                "table",
                "pk = {pk} AND begins_with(sk, {earnings}) [AND sk >= <an earning>]",
                "the earnings still holding points (and the last one before: newest first, 1)",
                uses={"earnings": loyalty_earnings_prefix},
            ),
        ),
    ),
    Entity(
        "LoyaltySale",
        loyalty_pk,
        loyalty_sale_sk,
        note="what one sale earned, had reversed and restored: written with the points, "
        "on condition of the values read, so each sale earns exactly once",
        patterns=(
            Pattern(
                "Loyalty of a sale",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; read by the stream before each earning, reversal or restore",
            ),
        ),
    ),
]
