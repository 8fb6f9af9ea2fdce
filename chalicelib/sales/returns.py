"""Cancellations and refunds: money back to the method it came by, cash out of an open shift.

Each is one atomic write: the sale's new state, the refund record, the shift the cash leaves
and the stock coming back (released reservation, or SALE_RETURN movements).
"""

from __future__ import annotations

from typing import Any

from chalicelib import errors
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.cashier.service import cash_shift_for_refund, give_back_cash
from chalicelib.clock import iso, new_id
from chalicelib.db.base import Tx
from chalicelib.db.models.sales import PaymentItem, RefundItem, SaleItem
from chalicelib.retries import retry_races
from chalicelib.sales import repository as repo
from chalicelib.sales import states
from chalicelib.sales.schemas import (
    CancelIn,
    MethodAmount,
    RefundIn,
    RefundLineOut,
    RefundOut,
    SaleOut,
)
from chalicelib.sales.service import sale_out, stock_lines
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import refund_amount
from chalicelib.stock import ledger

RESERVED = frozenset({SaleStatus.PENDING_PAYMENT, SaleStatus.PARTIALLY_PAID})


def refund_out(refund: RefundItem) -> RefundOut:
    return RefundOut(
        id=refund.id,
        sale_id=refund.sale_id,
        kind=refund.kind,  # type: ignore[arg-type]
        amount=refund.amount,
        currency=refund.currency,
        methods=[MethodAmount(**entry) for entry in refund.methods],
        lines=[RefundLineOut(**line) for line in refund.lines],
        restock=refund.restock,
        reason=refund.reason,
        created_at=refund.created_at,
        created_by=refund.created_by,
    )


def _cash_shift(tenant_id: str, sale: SaleItem, payments: list[PaymentItem], amount: int) -> str:
    preferred = [payment.shift_id for payment in payments if payment.method == "CASH"]
    return cash_shift_for_refund(tenant_id, sale.store_id, preferred, amount)


def _give_back_cash(tx: Tx, tenant_id: str, shift_id: str, amount: int) -> None:
    give_back_cash(tx, tenant_id, shift_id, amount)


def cancel_sale(principal: Principal, sale_id: str, data: CancelIn) -> SaleOut:
    def write() -> SaleItem:
        sale, payments, _ = repo.sale_with_history(principal.tenant_id, sale_id)
        check_store(principal, sale.store_id)
        states.require("cancel", sale.status)
        _cancel_once(principal, sale, payments, data.reason)
        return sale

    return sale_out(retry_races(write))


def _cancel_once(
    principal: Principal, sale: SaleItem, payments: list[PaymentItem], reason: str
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
    tx = Tx()
    repo.change_sale(tx, sale, changes, actor, retry=True)
    if sale.paid_total:
        repo.put_refund(tx, _cancellation(principal, sale, by_method, cash_shift, reason))
    if cash_shift is not None:
        _give_back_cash(tx, tenant_id, cash_shift, by_method["CASH"])
    if sale.status in RESERVED:
        _release(tx, principal, sale)
    tx.commit()
    repo.apply(sale, changes, actor)


def _cancellation(
    principal: Principal,
    sale: SaleItem,
    by_method: dict[str, int],
    cash_shift: str | None,
    reason: str,
) -> RefundItem:
    """The record of what a cancellation gave back, per method."""
    methods = [
        {"method": method, "amount": amount, "shift_id": cash_shift if method == "CASH" else None}
        for method, amount in by_method.items()
    ]
    refund = RefundItem(
        id=new_id(),
        sale_id=sale.id,
        store_id=sale.store_id,
        kind="CANCELLATION",
        amount=sale.paid_total,
        currency=sale.currency,
        reason=reason,
        restock=False,
        shift_id=cash_shift,
        lines=[],
        methods=methods,
    )
    return repo.new_refund(principal.tenant_id, refund, principal.user_id)


def _release(tx: Tx, principal: Principal, sale: SaleItem) -> None:
    lines = stock_lines(sale)
    if lines:
        ledger.release(tx, principal.tenant_id, sale.store_id, lines, principal.user_id)


def refund_sale(principal: Principal, sale_id: str, data: RefundIn) -> tuple[RefundOut, bool]:
    if data.id is not None:
        existing = repo.find_refund(principal.tenant_id, sale_id, data.id)
        if existing is not None:
            return _same_refund(existing, data), False
    return retry_races(lambda: _refund_once(principal, sale_id, data)), True


def _same_refund(existing: RefundItem, data: RefundIn) -> RefundOut:
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
    refund = _refund_record(principal, sale, data, returned, method, cash_shift)
    tx = Tx()
    repo.change_sale(tx, sale, changes, actor, retry=True)
    repo.put_refund(tx, refund)
    if cash_shift is not None and amount:
        _give_back_cash(tx, tenant_id, cash_shift, amount)
    if data.restock:
        quantities = {line["product_id"]: line["quantity"] for line in returned}
        _restock(tx, principal, sale, quantities, refund.id)
    tx.commit()
    return refund_out(refund)


def _refund_record(
    principal: Principal,
    sale: SaleItem,
    data: RefundIn,
    returned: list[dict[str, Any]],
    method: str,
    cash_shift: str | None,
) -> RefundItem:
    amount = sum(line["amount"] for line in returned)
    refund = RefundItem(
        id=data.id or new_id(),
        sale_id=sale.id,
        store_id=sale.store_id,
        kind="REFUND",
        amount=amount,
        currency=sale.currency,
        reason=data.reason,
        restock=data.restock,
        shift_id=cash_shift,
        lines=returned,
        methods=[{"method": method, "amount": amount, "shift_id": cash_shift}],
    )
    return repo.new_refund(principal.tenant_id, refund, principal.user_id)


def _refund_lines(
    sale: SaleItem, data: RefundIn
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


def _restock(
    tx: Tx, principal: Principal, sale: SaleItem, quantities: dict[str, int], reference: str
) -> None:
    lines = stock_lines(sale, quantities)
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
