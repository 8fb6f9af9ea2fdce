"""Repayments of a credit account at the till: one BatchGet reads the account, the tenant and
(for CASH) the taker's open shift, a second the account's open schedules; then one write puts
the REPAYMENT entry, moves the balance (on condition of the account's revision), settles the
oldest unpaid instalments first across every schedule, and for CASH adds to the taker's own
OPEN shift in the store.
"""

from __future__ import annotations

from chalicelib import cashier, errors
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.credit import ledger
from chalicelib.credit import repository as repo
from chalicelib.credit.schemas import RepaymentCreated, RepaymentIn
from chalicelib.effects import Effect
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races


def take_repayment(principal: Principal, account_id: str, data: RepaymentIn) -> RepaymentCreated:
    """422 above the balance, 409 SHIFT_REQUIRED for CASH without the taker's open shift."""
    if data.store_id is not None:
        check_store(principal, data.store_id)
    elif data.method == "CASH":
        raise errors.ValidationError(
            "A CASH repayment goes into a shift: name its store.",
            errors=[{"field": "store_id", "message": "required for CASH"}],
        )

    def write() -> ledger.LedgerWrite:
        tenant_id, actor = principal.tenant_id, principal.user_id
        fields = {"method": data.method, "reference": data.reference, "store_id": data.store_id}
        reads = Reads(consistent=True)
        ledger.want_repayment(reads, tenant_id, account_id)
        shift: list[Effect] = []
        if data.method == "CASH" and data.store_id is not None:
            cashier.want_repayment_cash(reads, tenant_id, data.store_id, actor)
            shift_id, effect = cashier.take_repayment_cash(
                tenant_id, data.store_id, actor, data.amount, reads
            )
            fields["shift_id"], shift = shift_id, [effect]
        written = ledger.repay(tenant_id, account_id, data.amount, actor, fields, reads)
        repo.write([written.effect, *shift])
        return written

    written = retry_races(write)
    return RepaymentCreated(
        entry=written.entry, account=written.account, allocations=written.allocations
    )
