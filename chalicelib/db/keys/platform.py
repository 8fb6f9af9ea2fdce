"""Keys of what the platform keeps for itself: idempotency records and the audit trail."""

from __future__ import annotations

from chalicelib.db.keys.shapes import Entity, Key, Pattern

idempotency_pk = Key("T#{tenant_id}#{user_id}#IDEM#{key:sha256}")
# An Idempotency-Key sent to a public route (sign-up): no caller to scope it to.
public_idempotency_pk = Key("PUBLIC#IDEM#{key:sha256}")
idempotency_sk = Key("IDEM")
audit_pk = Key("T#{tenant_id}#AUDIT#{month}")
# The stream record's own position: a replayed record overwrites its entry.
audit_sk = Key("{at}#{sequence_number:40}")
audit_entity_pk = Key("T#{tenant_id}#AUDIT#E#{entity_id}")
audit_user_pk = Key("T#{tenant_id}#AUDIT#U#{user_id}")

ENTITIES = [
    Entity(
        "IdempotencyRecord",
        (idempotency_pk, public_idempotency_pk),
        idempotency_sk,
        note="expires_at = 24 h (TTL)",
        patterns=(
            Pattern(
                "Idempotency record of a key",
                "table",
                "pk = {pk} AND sk = {sk}",
                "claimed with a conditional put, completed or released after the work",
            ),
        ),
    ),
    Entity(
        "AuditEntry",
        audit_pk,
        audit_sk,
        gsi1=(audit_entity_pk, audit_sk),
        gsi2=(audit_user_pk, audit_sk),
        note="written by the stream handler; store_ids: the stores of the audited record "
        "(none: tenant-wide); months are UTC months of at",
        patterns=(
            Pattern(
                "Audit log by month",
                "table",
                "pk = {pk} AND sk BETWEEN <from> AND <to>",
                "one query per month, newest first; entity_type and the reader's stores "
                "filtered; the stream handler puts each entry",
            ),
            Pattern(
                "Audit log of one entity",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
            ),
            Pattern(
                "Audit log of one user",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk BETWEEN <from> AND <to>",
            ),
        ),
    ),
]
