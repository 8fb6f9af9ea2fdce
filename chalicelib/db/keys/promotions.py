"""Keys of promotions: each in its own partition, listed by id, and filed under each product,
category or the tenant as a whole (one copy per place), so a sale reads its candidates by key."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

promotion_pk = Key("T#{tenant_id}#PROMOTION#{promotion_id}")
promotion_sk = Key("PROMOTION")
promotions_pk = Key("T#{tenant_id}#PROMOTIONS")
promotion_list_sk = Key("{promotion_id}")
promotion_place_pk = Key("T#{tenant_id}#PROMOS#{scope}#{value}")
promotion_place_sk = Key("{promotion_id}")
promotion_places_pk = Key("T#{tenant_id}#PROMOS")
promotion_places_sk = Key("PLACES")

ENTITIES = [
    Entity(
        "Promotion",
        promotion_pk,
        promotion_sk,
        gsi1=(promotions_pk, promotion_list_sk),
        note="versioned; a soft-deleted promotion leaves the list and its places",
        patterns=(
            Pattern("Promotion by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern("Promotions of the tenant", "gsi1", "gsi1pk = {gsi1pk}", "by id"),
        ),
    ),
    Entity(
        "PromotionPlace",
        promotion_place_pk,
        promotion_place_sk,
        note="a copy of the promotion under one of its products (scope P), categories (C) or "
        "the whole tenant (T, value empty); each write conditions on an older version",
        patterns=(
            Pattern(
                "Promotions filed under a place",
                "table",
                "pk = {pk}",
                "one query per product of a sale, per category with each ancestor, and the "
                "tenant-wide place: the number of queries never grows with the promotions",
            ),
        ),
    ),
    Entity(
        "PromotionPlaces",
        promotion_places_pk,
        promotion_places_sk,
        note="which places hold which live promotions; rewritten on condition of its version "
        "in each promotion's write, so a sale queries only the places that hold some",
        patterns=(
            Pattern(
                "Places that hold promotions",
                "table",
                "pk = {pk} AND sk = {sk}",
                "read with the sale's other reads (one BatchGet)",
            ),
        ),
    ),
]
