"""Cancellations and refunds: money back to the method it came by, cash out of an open shift.

Each is one atomic write: the sale's new state, the refund record, the shift the cash leaves
and the stock coming back (released reservation, or SALE_RETURN movements). What went on the
customer's credit account comes back as a REFUND entry in the same write (credit.refund_sale):
a refund by CREDIT takes at most what the sale charged and the account's balance (422 beyond),
a cancellation gives back every CREDIT payment by itself (what was repaid of it, as cash).
What was paid with points goes back as points: the sale counts it (`loyalty_refunded`) and
the stream gives the points back (RESTORE) from the sale's own record; a refund by LOYALTY
takes at most what was paid with points, another method at most what was paid otherwise. A
refund that names no method goes back the way the sale was paid (credit, points, then money).
"""

from __future__ import annotations

from typing import Any

from chalicelib import cashier, credit, errors
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id
from chalicelib.effects import Effect
from chalicelib.retries import LostRaceError, retry_races
from chalicelib.sales import repository as repo
from chalicelib.sales import states
from chalicelib.sales.schemas import CancelIn, RefundIn, RefundOut, SaleOut
from chalicelib.sales.service import sale_out, stock_lines
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import refund_amount
from chalicelib.schemas import from_item
from chalicelib.stock import ledger

RESERVED = frozenset({SaleStatus.PENDING_PAYMENT, SaleStatus.PARTIALLY_PAID})
DELIVERY_CANCELLED_WITH_SALE = frozenset({"PENDING", "ASSIGNED", "FAILED"})
"""The open deliveries cancelling their sale cancels too (the stream closes the delivery);
one OUT_FOR_DELIVERY stops the cancellation (409)."""


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
    _repaid_back_as_cash(tenant_id, sale, by_method)
    cash = by_method.get("CASH", 0)
    cash_shift = _cash_shift(tenant_id, sale, payments, cash) if cash else None
    changes: dict[str, Any] = {
        "status": SaleStatus.CANCELLED.value,
        "cancelled_at": iso(),
        "cancel_reason": reason,
        "refunded_total": sale.paid_total,
    }
    if by_method.get("LOYALTY"):
        changes["loyalty_refunded"] = (sale.loyalty_refunded or 0) + by_method["LOYALTY"]
    if sale.delivery_status == "OUT_FOR_DELIVERY":
        raise errors.InvalidStateError(
            "The sale's delivery is out for delivery: it cannot be cancelled before it is "
            "back (failed or returned)."
        )
    if sale.delivery_status in DELIVERY_CANCELLED_WITH_SALE:
        changes["delivery_status"] = "CANCELLED"
    sale_change, values = repo.next_version(
        tenant_id,
        sale.id,
        sale.version,
        changes,
        actor,
        retry=True,
        condition=repo.delivery_is(sale.delivery_status),
    )
    effects = [sale_change]
    if sale.paid_total:
        effects.append(_cancellation(principal, sale, by_method, cash_shift, reason))
    if cash_shift is not None:
        effects.append(cashier.give_back_cash(tenant_id, cash_shift, by_method["CASH"]))
    if sale.status in RESERVED:
        effects.append(_released(principal, sale))
    effects += _credit_back(principal, sale, by_method.get("CREDIT", 0))
    repo.write(effects)
    repo.mirror(sale, values)


def _repaid_back_as_cash(tenant_id: str, sale: repo.Sale, by_method: dict[str, int]) -> None:
    """A cancellation gives back by CREDIT what the sale still owes the account; what of its
    CREDIT payments the customer already repaid goes back as cash."""
    on_credit = by_method.get("CREDIT", 0)
    if not on_credit:
        return
    owed = min(on_credit, credit.owed_by_sale(tenant_id, sale.customer_id, sale.id))
    if owed < on_credit:
        by_method["CASH"] = by_method.get("CASH", 0) + on_credit - owed
    if owed:
        by_method["CREDIT"] = owed
    else:
        del by_method["CREDIT"]


def _cancellation(
    principal: Principal,
    sale: repo.Sale,
    by_method: dict[str, int],
    cash_shift: str | None,
    reason: str,
) -> Effect:
    """The record of what a cancellation gave back, per method."""
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
        "methods": _methods(by_method, cash_shift),
    }
    _, put = repo.new_refund(principal.tenant_id, new_id(), fields, principal.user_id)
    return put


def _credit_first(
    tenant_id: str, sale: repo.Sale, payments: list[repo.Payment], method: str, amount: int
) -> None:
    """What a sale still owes on credit is given back by CREDIT first: another method refunds
    at most what was paid otherwise or already repaid (422 beyond)."""
    if method == "CREDIT" or not any(payment.method == "CREDIT" for payment in payments):
        return
    owed = credit.owed_by_sale(tenant_id, sale.customer_id, sale.id)
    room = sale.paid_total - sale.refunded_total - owed
    if amount > room:
        raise errors.ValidationError(
            f"The sale still owes {owed} on credit: refund that by CREDIT first "
            f"(at most {max(room, 0)} by {method}).",
            errors=[{"field": "method", "message": f"at most {max(room, 0)} by {method}"}],
        )


def _points_apart(sale: repo.Sale, method: str, amount: int) -> None:
    """Points go back as points, money as money: 422 beyond what was paid that way."""
    with_points = (sale.loyalty_paid or 0) - (sale.loyalty_refunded or 0)
    otherwise = sale.paid_total - sale.refunded_total - with_points
    room = with_points if method == "LOYALTY" else otherwise
    if amount > room:
        raise errors.ValidationError(
            f"At most {max(room, 0)} of this sale can be refunded by {method}.",
            errors=[{"field": "method", "message": f"at most {max(room, 0)} by {method}"}],
        )


def _credit_back(principal: Principal, sale: repo.Sale, amount: int) -> list[Effect]:
    """The REFUND entry of `amount` given back to the customer's credit account, if any."""
    if not amount:
        return []
    back = credit.refund_sale(
        principal.tenant_id, sale.customer_id, sale.id, amount, principal.user_id
    )
    return [back.effect]


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
    sale, payments, refunds = repo.sale_with_history(tenant_id, sale_id)
    check_store(principal, sale.store_id)
    states.require("refund", sale.status)
    lines, returned = _refund_lines(sale, data)
    amount = sum(line["amount"] for line in returned)
    if amount > sale.paid_total - sale.refunded_total:
        raise errors.ValidationError(
            f"Refunds cannot exceed what was paid ({sale.paid_total - sale.refunded_total} left)."
        )
    parts = _refund_parts(tenant_id, sale, (payments, refunds), data.method, amount)
    cash = parts.get("CASH", 0)
    cash_shift = _cash_shift(tenant_id, sale, payments, cash) if cash else None
    refunded_total = sale.refunded_total + amount
    changes = {
        "lines": lines,
        "refunded_total": refunded_total,
        "status": states.after_refund(refunded_total, sale.paid_total).value,
    }
    if parts.get("LOYALTY"):
        changes["loyalty_refunded"] = (sale.loyalty_refunded or 0) + parts["LOYALTY"]
    refund, put = _refund_record(principal, sale, data, returned, parts, cash_shift)
    sale_change, _ = repo.next_version(tenant_id, sale.id, sale.version, changes, actor, retry=True)
    effects = [sale_change, put]
    if cash_shift is not None:
        effects.append(cashier.give_back_cash(tenant_id, cash_shift, cash))
    if data.restock:
        quantities = {line["product_id"]: line["quantity"] for line in returned}
        effects.append(_restocked(principal, sale, quantities, refund.id))
    try:
        effects += _credit_back(principal, sale, parts.get("CREDIT", 0))
    except errors.ValidationError as moved:
        if data.method is not None:
            raise
        # the account moved since the split read it (a repayment): split again
        raise LostRaceError("The credit account changed during the refund.") from moved
    repo.write(effects)
    return refund_out(refund)


def _refund_parts(
    tenant_id: str,
    sale: repo.Sale,
    history: tuple[list[repo.Payment], list[repo.Refund]],
    method: str | None,
    amount: int,
) -> dict[str, int]:
    """How much of `amount` goes back by which method. A refund that names its method gives it
    all back that way, within what that method may take (422 beyond). Without a method it goes
    back the way the sale was paid, so that a unit paid half on credit and half in cash can be
    refunded too: what the sale still owes on credit by CREDIT, then what was paid with points
    by LOYALTY, then each other method in the order it was paid, at most what it took less what
    refunds gave back by it; what is left (credit the customer repaid, or what a refund by
    another method moved) by the sale's first other method (CASH when it has none, as in a
    cancellation)."""
    payments, refunds = history
    if method is not None:
        _credit_first(tenant_id, sale, payments, method, amount)
        _points_apart(sale, method, amount)
        return {method: amount}
    on_credit = any(payment.method == "CREDIT" for payment in payments)
    owed = credit.owed_by_sale(tenant_id, sale.customer_id, sale.id) if on_credit else 0
    with_points = (sale.loyalty_paid or 0) - (sale.loyalty_refunded or 0)
    money = _money_rooms(payments, refunds)
    parts: dict[str, int] = {}
    left = amount
    for part_method, room in (("CREDIT", owed), ("LOYALTY", with_points), *money.items()):
        part = min(left, max(room, 0))
        if part:
            parts[part_method] = part
            left -= part
    rest = next(iter(money), "CASH")
    if left or not parts:
        parts[rest] = parts.get(rest, 0) + left
    return parts


def _money_rooms(payments: list[repo.Payment], refunds: list[repo.Refund]) -> dict[str, int]:
    """Each method other than CREDIT and LOYALTY, in the order the sale was paid by it: what it
    took less what refunds already gave back by it."""
    rooms: dict[str, int] = {}
    for payment in payments:
        if payment.method not in ("CREDIT", "LOYALTY"):
            rooms[payment.method] = rooms.get(payment.method, 0) + payment.amount
    for refund in refunds:
        for part in refund.methods or []:
            if part["method"] in rooms:
                rooms[part["method"]] -= part["amount"]
    return rooms


def _refund_record(
    principal: Principal,
    sale: repo.Sale,
    data: RefundIn,
    returned: list[dict[str, Any]],
    parts: dict[str, int],
    cash_shift: str | None,
) -> tuple[repo.Refund, Effect]:
    fields = {
        "sale_id": sale.id,
        "store_id": sale.store_id,
        "kind": "REFUND",
        "amount": sum(line["amount"] for line in returned),
        "currency": sale.currency,
        "reason": data.reason,
        "restock": data.restock,
        "shift_id": cash_shift,
        "lines": returned,
        "methods": _methods(parts, cash_shift),
    }
    return repo.new_refund(principal.tenant_id, data.id or new_id(), fields, principal.user_id)


def _methods(parts: dict[str, int], cash_shift: str | None) -> list[dict[str, Any]]:
    """A refund's or a cancellation's record of what went back by which method."""
    return [
        {"method": method, "amount": amount, "shift_id": cash_shift if method == "CASH" else None}
        for method, amount in parts.items()
    ]


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
