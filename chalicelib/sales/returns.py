"""Cancellations and refunds: money back to the method it came by, cash out of an open shift.

Each is one atomic write: the sale's new state, the refund record, the shift the cash leaves
and the stock coming back (released reservation, or SALE_RETURN movements).
"""

from __future__ import annotations

from typing import Any

from chalicelib import cashier, errors
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id
from chalicelib.effects import Effect
from chalicelib.retries import retry_races
from chalicelib.sales import repository as repo
from chalicelib.sales import states
from chalicelib.sales.schemas import CancelIn, RefundIn, RefundOut, SaleOut
from chalicelib.sales.service import sale_out, stock_lines
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import refund_amount
from chalicelib.schemas import from_item
from chalicelib.stock import ledger

RESERVED = frozenset({SaleStatus.PENDING_PAYMENT, SaleStatus.PARTIALLY_PAID})


def _cash_shift(tenant_id: str, sale: repo.Sale, payments: list[repo.Payment], amount: int) -> str:
    preferred = [payment.shift_id for payment in payments if payment.method == "CASH"]
    return cashier.cash_shift_for_refund(tenant_id, sale.store_id, preferred, amount)


def cancel_sale(principal: Principal, sale_id: str, data: CancelIn) -> SaleOut:
    def write() -> repo.Sale:
        sale, payments, _ = repo.sale_with_history(principal.tenant_id, sale_id)
        check_store(principal, sale.store_id)
        states.require("cancel", sale.status)
        _cancel_once(principal, sale, payments, data.reason)
        return sale

    return sale_out(retry_races(write))


def _cancel_once(
    principal: Principal, sale: repo.Sale, payments: list[repo.Payment], reason: str
) -> None:
    tenant_id, actor = principal.tenant_id, principal.user_id
    by_method: dict[str, int] = {}
    for payment in payments:
        by_method[payment.method] = by_method.get(payment.method, 0) + payment.amount
    cash = by_method.get("CASH", 0)
    cash_shift = _cash_shift(tenant_id, sale, payments, cash) if cash else None
    changes = {
        "status": SaleStatus.CANCELLED.value,
        "cancelled_at": iso(),
        "cancel_reason": reason,
        "refunded_total": sale.paid_total,
    }
    sale_change, values = repo.next_version(
        tenant_id, sale.id, sale.version, changes, actor, retry=True
    )
    effects = [sale_change]
    if sale.paid_total:
        effects.append(_cancellation(principal, sale, by_method, cash_shift, reason))
    if cash_shift is not None:
        effects.append(cashier.give_back_cash(tenant_id, cash_shift, by_method["CASH"]))
    if sale.status in RESERVED:
        effects.append(_released(principal, sale))
    repo.write(effects)
    repo.mirror(sale, values)


def _cancellation(
    principal: Principal,
    sale: repo.Sale,
    by_method: dict[str, int],
    cash_shift: str | None,
    reason: str,
) -> Effect:
    """The record of what a cancellation gave back, per method."""
    methods = [
        {"method": method, "amount": amount, "shift_id": cash_shift if method == "CASH" else None}
        for method, amount in by_method.items()
    ]
    fields = {
        "sale_id": sale.id,
        "store_id": sale.store_id,
        "kind": "CANCELLATION",
        "amount": sale.paid_total,
        "currency": sale.currency,
        "reason": reason,
        "restock": False,
        "shift_id": cash_shift,
        "lines": [],
        "methods": methods,
    }
    _, put = repo.new_refund(principal.tenant_id, new_id(), fields, principal.user_id)
    return put


def _released(principal: Principal, sale: repo.Sale) -> Effect:
    lines = stock_lines(sale)

    def release(tx: Any) -> None:
        if lines:
            ledger.release(tx, principal.tenant_id, sale.store_id, lines, principal.user_id)

    return release


def refund_sale(principal: Principal, sale_id: str, data: RefundIn) -> tuple[RefundOut, bool]:
    if data.id is not None:
        existing = repo.find_refund(principal.tenant_id, sale_id, data.id)
        if existing is not None:
            return _same_refund(existing, data), False
    return retry_races(lambda: _refund_once(principal, sale_id, data)), True


def refund_out(refund: repo.Refund) -> RefundOut:
    return from_item(RefundOut, refund)


def _same_refund(existing: repo.Refund, data: RefundIn) -> RefundOut:
    asked = sorted((line.product_id, line.quantity) for line in data.lines)
    if sorted((line["product_id"], line["quantity"]) for line in existing.lines) != asked:
        raise errors.ConflictError(f"A refund with id {existing.id} already exists.")
    return refund_out(existing)


def _refund_once(principal: Principal, sale_id: str, data: RefundIn) -> RefundOut:
    tenant_id, actor = principal.tenant_id, principal.user_id
    sale, payments, _ = repo.sale_with_history(tenant_id, sale_id)
    check_store(principal, sale.store_id)
    states.require("refund", sale.status)
    lines, returned = _refund_lines(sale, data)
    amount = sum(line["amount"] for line in returned)
    if amount > sale.paid_total - sale.refunded_total:
        raise errors.ValidationError(
            f"Refunds cannot exceed what was paid ({sale.paid_total - sale.refunded_total} left)."
        )
    method = data.method or (payments[0].method if payments else "CASH")
    cash_shift = _cash_shift(tenant_id, sale, payments, amount) if method == "CASH" else None
    refunded_total = sale.refunded_total + amount
    changes = {
        "lines": lines,
        "refunded_total": refunded_total,
        "status": states.after_refund(refunded_total, sale.paid_total).value,
    }
    refund, put = _refund_record(principal, sale, data, returned, method, cash_shift)
    sale_change, _ = repo.next_version(tenant_id, sale.id, sale.version, changes, actor, retry=True)
    effects = [sale_change, put]
    if cash_shift is not None and amount:
        effects.append(cashier.give_back_cash(tenant_id, cash_shift, amount))
    if data.restock:
        quantities = {line["product_id"]: line["quantity"] for line in returned}
        effects.append(_restocked(principal, sale, quantities, refund.id))
    repo.write(effects)
    return refund_out(refund)


def _refund_record(
    principal: Principal,
    sale: repo.Sale,
    data: RefundIn,
    returned: list[dict[str, Any]],
    method: str,
    cash_shift: str | None,
) -> tuple[repo.Refund, Effect]:
    amount = sum(line["amount"] for line in returned)
    fields = {
        "sale_id": sale.id,
        "store_id": sale.store_id,
        "kind": "REFUND",
        "amount": amount,
        "currency": sale.currency,
        "reason": data.reason,
        "restock": data.restock,
        "shift_id": cash_shift,
        "lines": returned,
        "methods": [{"method": method, "amount": amount, "shift_id": cash_shift}],
    }
    return repo.new_refund(principal.tenant_id, data.id or new_id(), fields, principal.user_id)


def _refund_lines(
    sale: repo.Sale, data: RefundIn
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sale's lines with the refund counted in, and what each returned line gives back."""
    lines = [dict(line) for line in sale.lines]
    by_product = {line["product_id"]: line for line in lines}
    returned, problems = [], []
    for index, asked in enumerate(data.lines):
        line = by_product.get(asked.product_id)
        if line is None:
            problems.append({"field": f"lines.{index}.product_id", "message": "not in this sale"})
            continue
        left = line["quantity"] - line["refunded_quantity"]
        if asked.quantity > left:
            problems.append(
                {"field": f"lines.{index}.quantity", "message": f"at most {left} left to refund"}
            )
            continue
        amount = refund_amount(
            line["total"],
            line["quantity"],
            line["refunded_quantity"],
            line["refunded_amount"],
            asked.quantity,
        )
        line["refunded_quantity"] += asked.quantity
        line["refunded_amount"] += amount
        returned.append(
            {"product_id": asked.product_id, "quantity": asked.quantity, "amount": amount}
        )
    if problems:
        raise errors.ValidationError("Some refund lines are invalid.", errors=problems)
    return lines, returned


def _restocked(
    principal: Principal, sale: repo.Sale, quantities: dict[str, int], reference: str
) -> Effect:
    lines = stock_lines(sale, quantities)

    def restock(tx: Any) -> None:
        if lines:
            ledger.restock(
                tx,
                principal.tenant_id,
                sale.store_id,
                lines,
                principal.user_id,
                reference=sale.number or reference,
                movement_type="SALE_RETURN",
            )

    return restock
