"""Storage of credit schedules: read by id (the account's open ones) or page by page, and the
write that adds one with the account's new dues (repository.py holds the account's writes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib import errors
from chalicelib.credit.repository import AccountMovedError, dues_actions
from chalicelib.db import batches, keys, records
from chalicelib.db.base import Tx
from chalicelib.db.keys import serves
from chalicelib.db.models.credit import CreditAccountItem, CreditSaleItem, CreditScheduleItem
from chalicelib.pagination import Key, Page


@serves("Schedules of an account")
def schedules_by_id(
    tenant_id: str, account_id: str, ids: Sequence[str]
) -> list[CreditScheduleItem]:
    """The account's schedules of these ids (consistent reads), in id order."""
    pk = keys.credit_account_pk(tenant_id, account_id)
    found = batches.read_together(((pk, keys.credit_schedule_sk(i)) for i in ids), consistent=True)
    items = [item for item in found.values() if isinstance(item, CreditScheduleItem)]
    return sorted(items, key=lambda item: item.id)


@serves("Schedules of an account")
def schedules_page(
    tenant_id: str, account_id: str, limit: int, start_key: Key | None
) -> Page[CreditScheduleItem]:
    return records.query_page(
        CreditScheduleItem,
        keys.credit_account_pk(tenant_id, account_id),
        range_key_condition=CreditScheduleItem.sk.startswith(keys.credit_schedules_prefix()),
        limit=limit,
        start_key=start_key,
    )


@serves("Schedules of an account", "Credit account by id", "Credit of a sale")
def add_schedule(
    account: CreditAccountItem,
    new: tuple[str, str | None, list[dict[str, Any]]],
    dues: tuple[str, list[str]],
    actor: str,
    same_as: Any,
) -> tuple[CreditScheduleItem, bool]:
    """The schedule, the account's new dues on condition of the revision read (which moves, so
    a repayment built before it loses its race), and a sale's claim on it: one write."""
    schedule_id, sale_id, installments = new
    schedule = CreditScheduleItem(
        id=schedule_id,
        pk=account.pk,
        sk=keys.credit_schedule_sk(schedule_id),
        tenant_id=account.tenant_id,
        account_id=account.id,
        sale_id=sale_id,
        installments=installments,
    )
    actions = [CreditAccountItem.revision.set(account.revision + 1), *dues_actions(account, dues)]
    condition = (CreditAccountItem.revision == account.revision) & (
        CreditAccountItem.deleted_at.does_not_exist()
    )

    def dues_moved(tx: Tx) -> None:
        tx.change(account, actions, condition=condition, on_fail=AccountMovedError())

    def claim(tx: Tx) -> None:
        sale = CreditSaleItem(pk=account.pk, sk=keys.credit_sale_sk(schedule.sale_id))
        tx.change(
            sale,
            [CreditSaleItem.schedule_id.set(schedule.id)],
            condition=CreditSaleItem.pk.exists() & CreditSaleItem.schedule_id.does_not_exist(),
            on_fail=errors.ConflictError("This sale already has a schedule."),
        )

    effects = [dues_moved, claim] if schedule.sale_id else [dues_moved]
    return records.create(
        schedule, actor=actor, effects=effects, what="Credit schedule", same_as=same_as
    )


@serves("Schedules of an account")
def find_schedule(tenant_id: str, account_id: str, schedule_id: str) -> CreditScheduleItem | None:
    pk = keys.credit_account_pk(tenant_id, account_id)
    return records.find(CreditScheduleItem, pk, keys.credit_schedule_sk(schedule_id))
