"""A sale at the till: what a payment changes on it, for the cashier's write of the payment.

The till reads the sale once (`sale_at_till`), then `pay` checks the payment against it and
hands back the sale's next version as an effect of the payment's write, on condition nobody
changed the sale since: two cashiers paying one sale race on its version, and the loser reads
again, so the balance it checked is never stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib import errors
from chalicelib.auth.permissions import Role, check_store
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso
from chalicelib.effects import Effect
from chalicelib.reads_repository import Reads
from chalicelib.sales import repository as repo
from chalicelib.sales import states
from chalicelib.sales.schemas import SaleOut, TillSale
from chalicelib.sales.service import balance_due, sale_out, stock_lines
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import MAX_PAYMENTS, change_due
from chalicelib.stock import ledger

COLLECTING = frozenset({"ASSIGNED", "OUT_FOR_DELIVERY"})
"""The delivery statuses in which its courier collects the sale's payment."""


@dataclass(frozen=True)
class Paying:
    """A payment's part on its sale: the change to hand back, the sale's next version, the
    reserved stock that leaves once the sale is paid, and the sale as the write leaves it."""

    change: int
    sale_change: Effect
    shipped: list[Effect]
    sale: SaleOut


def sale_at_till(principal: Principal, sale_id: str) -> TillSale:
    """The sale a payment is for, if it is one of the caller's stores' and, for a COURIER, one
    whose open delivery they carry (403 before anything about the sale's state is told)."""
    sale = repo.get_sale(principal.tenant_id, sale_id)
    check_store(principal, sale.store_id)
    till_sale = TillSale(
        **sale_out(sale).model_dump(),
        payments_count=sale.payments_count,
        stock=stock_lines(sale),
        stored_lines=[dict(line) for line in sale.lines],
        delivery_courier_id=sale.delivery_courier_id,
        loyalty_paid=sale.loyalty_paid or 0,
        credit_account_id=sale.credit_account_id,
    )
    _courier_condition(principal, till_sale)
    return till_sale


def want_payment(reads: Reads, principal: Principal, sale: TillSale, amount: int) -> None:
    """Read what paying `amount` changes with the payment's other reads: the levels the sale's
    stock leaves (and the tenant's date for lots) when this payment completes it."""
    if _completes(sale, amount):
        ledger.want_levels(reads, principal.tenant_id, sale.store_id, sale.stock, dated=True)


def pay(
    principal: Principal,
    sale: TillSale,
    amount: int,
    tendered: int | None,
    method: str = "",
    reads: Reads | None = None,
) -> Paying:
    """409 unless the sale takes payments, 422 above its balance; else the payment's part
    (the levels from `reads` when they wanted them: `want_payment`). What is paid with points
    is counted apart (`loyalty_paid`): the points the sale earns and its refunds' reversals
    are derived from the sale's own figures."""
    states.require("pay", sale.status)
    _check_amount(sale, amount)
    change = change_due(amount, tendered)
    changes = _sale_changes(sale, amount, change, principal.user_id)
    if method == "LOYALTY":
        changes["loyalty_paid"] = sale.loyalty_paid + amount
    shipping = None
    if _completes(sale, amount):
        shipping = ledger.shipping(principal.tenant_id, sale.store_id, sale.stock, reads)
        changes["lines"] = costed_lines(
            sale.stored_lines, shipping.unit_costs(), shipping.lots_taken()
        )
    sale_change, values = repo.next_version(
        principal.tenant_id,
        sale.id,
        sale.version,
        changes,
        principal.user_id,
        retry=True,
        condition=_courier_condition(principal, sale),
    )
    after = {**sale.model_dump(), **values}
    after["balance_due"] = balance_due(after["status"], after["total"], after["paid_total"])
    shipped = [_ship(principal, sale, shipping)] if shipping is not None else []
    return Paying(change, sale_change, shipped, SaleOut.model_validate(after))


def _courier_condition(principal: Principal, sale: TillSale) -> Any:
    """A COURIER is paid only for a sale whose open delivery they carry (403 otherwise), and
    the payment's write holds on condition the delivery is still theirs."""
    if principal.role != Role.COURIER:
        return None
    carrying = sale.delivery is not None and sale.delivery.status in COLLECTING
    if not carrying or sale.delivery_courier_id != principal.user_id:
        raise errors.ForbiddenError("A courier takes payments only for the deliveries they carry.")
    return repo.carried_by(principal.user_id, COLLECTING)


def _completes(sale: TillSale, amount: int) -> bool:
    """Whether paying `amount` makes a sale that holds stock PAID."""
    paid = states.after_payment(sale.paid_total + amount, sale.total) == SaleStatus.PAID
    return paid and bool(sale.stock)


def _check_amount(sale: TillSale, amount: int) -> None:
    balance = sale.total - sale.paid_total
    if amount > balance:
        raise errors.ValidationError(
            f"The amount {amount} is more than the balance due ({balance}).",
            errors=[{"field": "amount", "message": f"at most {balance}"}],
        )
    if sale.payments_count >= MAX_PAYMENTS:
        raise errors.ValidationError(
            f"A sale takes at most {MAX_PAYMENTS} payments.",
            errors=[{"field": "sale_id", "message": "too many payments"}],
        )


def _sale_changes(sale: TillSale, amount: int, change: int, cashier_id: str) -> dict[str, Any]:
    paid_total = sale.paid_total + amount
    status = states.after_payment(paid_total, sale.total)
    cashiers = list(sale.cashier_ids or [])
    return {
        "paid_total": paid_total,
        "status": status.value,
        "payments_count": sale.payments_count + 1,
        "change_total": sale.change_total + change,
        "cashier_ids": cashiers if cashier_id in cashiers else [*cashiers, cashier_id],
        "paid_at": iso() if status == SaleStatus.PAID else None,
    }


def costed_lines(
    lines: list[dict[str, Any]], unit_costs: dict[str, int], lots: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The stored lines with the unit cost their SALE movement records (the reports' margin)
    and, for lot-tracked products, the lots they left from; lines that ship no stock have
    neither."""
    costed = []
    for line in lines:
        product_id = line["product_id"]
        if line.get("track_stock", True) and product_id in unit_costs:
            line = {**line, "unit_cost": unit_costs[product_id]}
            if lots and product_id in lots:
                line["lots"] = [part.as_dict() for part in lots[product_id].parts]
        costed.append(line)
    return costed


def _ship(principal: Principal, sale: TillSale, read: ledger.Shipping) -> Effect:
    def ship(tx: Any) -> None:
        ledger.ship_reserved(
            tx,
            principal.tenant_id,
            sale.store_id,
            sale.stock,
            principal.user_id,
            reference=sale.number or sale.id,
            read=read,
        )

    return ship
