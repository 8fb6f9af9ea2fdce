"""Keys of deliveries: each in its own partition, listed per store and per courier, newest
first. The one open delivery of a sale is marked on the sale itself (`delivery_id`,
`delivery_status`), in the write of each transition."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

delivery_pk = Key("T#{tenant_id}#DELIVERY#{delivery_id}")
delivery_sk = Key("DELIVERY")
deliveries_store_pk = Key("T#{tenant_id}#DELIVERIES#S#{store_id}")
deliveries_courier_pk = Key("T#{tenant_id}#DELIVERIES#C#{courier_id}")
delivery_time_sk = Key("{created_at}#{delivery_id}")

ENTITIES = [
    Entity(
        "Delivery",
        delivery_pk,
        delivery_sk,
        gsi1=(deliveries_store_pk, delivery_time_sk),
        gsi2=(deliveries_courier_pk, delivery_time_sk),
        note="each transition is one conditional write on the current status (with the "
        "sale's marker); gsi2 is set once a courier is assigned and follows a reassignment",
        patterns=(
            Pattern("Delivery by id", "table", "pk = {pk} AND sk = {sk}"),
            Pattern(
                "Deliveries of a store",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
                "one query per store of the reader, newest first; status filtered in a budget",
            ),
            Pattern(
                "Deliveries of a courier",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk BETWEEN <from> AND <to>",
                "what a COURIER sees; status and store filtered in a budget",
            ),
        ),
    ),
]
