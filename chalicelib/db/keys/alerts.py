"""Keys of alerts: one item per subject and type, indexed by store (or tenant-wide) and status."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

alerts_pk = Key("T#{tenant_id}#ALERTS")
alert_sk = Key("{alert_id}")
alerts_store_pk = Key("T#{tenant_id}#ALERTS#S#{store_id}")
# Alerts of no store (CREDIT_OVERDUE) share the tenant-wide partition.
alerts_tenant_wide_pk = Key("T#{tenant_id}#ALERTS#TENANT")
alert_status_prefix = Key("{status}#")
alert_status_sk = Key("{status}#{at}#{alert_id}")
unpaid_sales_pk = Key("T#{tenant_id}#UNPAID")
unpaid_sale_sk = Key("{submitted_at}#{sale_id}")

ENTITIES = [
    Entity(
        "Alert",
        alerts_pk,
        alert_sk,
        gsi2=((alerts_store_pk, alerts_tenant_wide_pk), alert_status_sk),
        note="id derived from tenant, type, store and subject: at most one per subject "
        "and type, reopened and bumped; stream_position makes replays no-ops; alerts of "
        "no store (CREDIT_OVERDUE) are indexed in the tenant-wide partition",
        patterns=(
            Pattern(
                "Alert by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "opened, bumped or resolved from the stream by a conditional update on "
                "status and stream_position",
            ),
            Pattern(
                "Alerts of a store by status",
                "gsi2",
                "gsi2pk = {gsi2pk} [AND begins_with(gsi2sk, {status})]",
                "one query per store the user may read (live stores only), then the "
                "tenant-wide ones; newest first within a status; type filtered",
                uses={"status": alert_status_prefix},
            ),
        ),
    ),
    Entity(
        "UnpaidSale",
        unpaid_sales_pk,
        unpaid_sale_sk,
        note="a submitted sale awaiting payment (PENDING_PAYMENT, PARTIALLY_PAID), kept by the "
        "stream: put when the sale enters those states, deleted when it leaves them; what the "
        "pending-payments job reads",
        patterns=(
            Pattern(
                "Unpaid sale by submission",
                "table",
                "pk = {pk} AND sk = {sk}",
                "put and deleted from the stream (a replay puts or deletes the same item)",
            ),
            Pattern(
                "Unpaid sales of a tenant submitted before",
                "table",
                "pk = {pk} AND sk < {before}",
                "oldest first: the sales unpaid for too long, in one query",
                uses={"before": unpaid_sale_sk},
            ),
        ),
    ),
]
