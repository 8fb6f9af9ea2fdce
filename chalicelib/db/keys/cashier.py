"""Keys of cash shifts, their drawer movements, the open-shift markers and the payments taken
at the till (kept in their sale's partition)."""

from __future__ import annotations

from chalicelib.db.keys.sales import sale_pk
from chalicelib.db.keys.shapes import Entity, Key, Pattern

shift_pk = Key("T#{tenant_id}#SHIFT#{shift_id}")
shift_sk = Key("SHIFT")
shifts_store_pk = Key("T#{tenant_id}#SHIFTS#S#{store_id}")
shifts_pk = Key("T#{tenant_id}#SHIFTS")
shift_time_sk = Key("{opened_at}#{shift_id}")
shift_movement_sk = Key("MOVE#{movement_id}")
open_shifts_pk = Key("T#{tenant_id}#OPENSHIFTS#{store_id}")
open_shift_sk = Key("{cashier_id}")
payments_prefix = Key("PAY#")
payment_sk = Key("PAY#{payment_id}")
payments_store_month_pk = Key("T#{tenant_id}#PAYMENTS#S#{store_id}#{month}")
payments_month_pk = Key("T#{tenant_id}#PAYMENTS#{month}")
payment_time_sk = Key("{created_at}#{payment_id}")

ENTITIES = [
    Entity(
        "CashShift",
        shift_pk,
        shift_sk,
        gsi1=(shifts_store_pk, shift_time_sk),
        gsi2=(shifts_pk, shift_time_sk),
        note="running totals per payment method, pay-ins and pay-outs, and the cash the "
        "drawer holds; each payment, refund and movement ADDs to them",
        patterns=(
            Pattern(
                "Cash shift by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; totals change with ADD on condition the shift is OPEN",
            ),
            Pattern(
                "Cash shifts of a store",
                "gsi1",
                "gsi1pk = {gsi1pk}",
                "one query per store the reader may read, newest first; status filtered",
            ),
            Pattern(
                "Cash shifts of the tenant",
                "gsi2",
                "gsi2pk = {gsi2pk}",
                "newest first (ADMIN without a store filter); status filtered",
            ),
        ),
    ),
    Entity(
        "ShiftMovement",
        shift_pk,
        shift_movement_sk,
        note="PAY_IN / PAY_OUT, immutable",
        patterns=(
            Pattern(
                "Movement of a cash shift",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put with the shift's totals in one transaction",
            ),
        ),
    ),
    Entity(
        "OpenShift",
        open_shifts_pk,
        open_shift_sk,
        note="one open shift per cashier and store; written and deleted with the shift",
        patterns=(
            Pattern(
                "Open shift of a cashier in a store",
                "table",
                "pk = {pk} AND sk = {sk}",
                "payments; put with attribute_not_exists when the shift opens",
            ),
            Pattern("Open shifts of a store", "table", "pk = {pk}", "cash refunds"),
        ),
    ),
    Entity(
        "Payment",
        sale_pk,
        payment_sk,
        gsi1=(payments_store_month_pk, payment_time_sk),
        gsi2=(payments_month_pk, payment_time_sk),
        note="immutable; id derived from the Idempotency-Key when one is sent",
        patterns=(
            Pattern(
                "Payment by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put with attribute_not_exists in the sale's transaction",
            ),
            Pattern(
                "Payments of a sale",
                "table",
                "pk = {pk} AND begins_with(sk, {payments})",
                uses={"payments": payments_prefix},
            ),
            Pattern(
                "Payments of a store by month",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
                "one query per month and store of the reader; a shift's: its store and hours",
            ),
            Pattern(
                "Payments of the tenant by month",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk BETWEEN <from> AND <to>",
                "one query per month",
            ),
        ),
    ),
]
