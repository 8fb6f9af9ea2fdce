"""Storage of idempotency records: claimed before the work, completed or released after it."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.auth.principal import Principal
from chalicelib.db import keys, records
from chalicelib.db.failures import is_conditional_failure
from chalicelib.db.models.platform import IdempotencyItem

Record = IdempotencyItem


@keys.serves("Idempotency record of a key")
def claim(
    caller: Principal | None, key: str, fingerprint: str, *, now: int, lock: int, keep: int
) -> tuple[IdempotencyItem, bool]:
    """The record of this key and whether this request holds it now: a new key, an abandoned
    claim (its lock ran out) or an expired record is taken over with one conditional put."""
    record = IdempotencyItem(
        pk=keys.idempotency_pk(caller.tenant_id, caller.user_id, key)
        if caller
        else keys.public_idempotency_pk(key),
        sk=keys.idempotency_sk(),
        fingerprint=fingerprint,
        state="IN_PROGRESS",
        locked_until=now + lock,
        expires_at=now + keep,
    )
    takeover = (IdempotencyItem.state == "IN_PROGRESS") & (IdempotencyItem.locked_until < now)
    expired = IdempotencyItem.expires_at < now
    try:
        record.save(condition=IdempotencyItem.pk.does_not_exist() | takeover | expired)
    except PutError as error:
        if is_conditional_failure(error):
            return record, False
        raise
    return record, True


@keys.serves("Idempotency record of a key")
def stored(record: IdempotencyItem) -> IdempotencyItem:
    return IdempotencyItem.get(record.pk, record.sk, consistent_read=True)


@keys.serves("Idempotency record of a key")
def complete(record: IdempotencyItem, status: int, body: str, headers: dict[str, Any]) -> None:
    record.update(
        actions=[
            IdempotencyItem.state.set("DONE"),
            IdempotencyItem.status_code.set(status),
            records.set_value(IdempotencyItem.body, body),
            records.set_value(IdempotencyItem.headers, headers),
        ]
    )


@keys.serves("Idempotency record of a key")
def release(record: IdempotencyItem) -> None:
    record.delete()
