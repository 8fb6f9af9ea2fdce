"""Taking payments at the till: one atomic write per payment, charged once even when retried.

The write puts the payment (its id must be new), moves the sale's paid total on condition the
sale is still at the version read, adds to the cashier's OPEN shift and, when the sale becomes
PAID, ships its reserved stock. Two cashiers paying the same sale race on the sale's version:
the loser reads again, so the balance it checks is never stale.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ulid import ULID

from chalicelib import buckets, errors, tenancy
from chalicelib.auth.permissions import check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.buckets import Bucket, Budget
from chalicelib.cashier import repository as repo
from chalicelib.cashier.schemas import PaymentCreated, PaymentIn, PaymentOut, PaymentQuery
from chalicelib.clock import iso, new_id
from chalicelib.db.base import Tx
from chalicelib.db.models.sales import PaymentItem, SaleItem
from chalicelib.periods import Period
from chalicelib.retries import retry_races
from chalicelib.sales import repository as sales_repo
from chalicelib.sales import states
from chalicelib.sales.service import sale_out, stock_lines
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import MAX_PAYMENTS, change_due
from chalicelib.stock import ledger

LATER_METHODS = {"CREDIT": "credit accounts", "LOYALTY": "loyalty points"}


def payment_out(payment: PaymentItem) -> PaymentOut:
    return PaymentOut(
        id=payment.id,
        sale_id=payment.sale_id,
        store_id=payment.store_id,
        shift_id=payment.shift_id,
        method=payment.method,
        amount=payment.amount,
        tendered=payment.tendered,
        change=payment.change,
        reference=payment.reference,
        currency=payment.currency,
        created_at=payment.created_at,
        created_by=payment.created_by,
    )


def payment_id_for(principal: Principal, data: PaymentIn, idempotency_key: str | None) -> str:
    """The client's id, else one derived from the Idempotency-Key, so a retry of a request
    whose answer was lost finds the payment it already made."""
    if data.id:
        return data.id
    if not idempotency_key:
        return new_id()
    seed = f"{principal.tenant_id}|{principal.user_id}|{idempotency_key}".encode()
    return str(ULID.from_bytes(hashlib.sha256(seed).digest()[:16]))


def take_payment(
    principal: Principal, data: PaymentIn, idempotency_key: str | None
) -> tuple[PaymentCreated, bool]:
    if data.method in LATER_METHODS:
        raise errors.ValidationError(
            f"{data.method} payments are not available yet: they come with "
            f"{LATER_METHODS[data.method]}.",
            errors=[{"field": "method", "message": "not available yet"}],
        )
    payment_id = payment_id_for(principal, data, idempotency_key)
    try:
        return retry_races(lambda: _pay_once(principal, data, payment_id), attempts=12)
    except (repo.PaymentExistsError, errors.InvalidStateError, errors.ValidationError):
        stored = (
            repo.find_payment(principal.tenant_id, data.sale_id, payment_id)
            if data.id or idempotency_key
            else None
        )
        if stored is None:
            raise
        return _replay(principal, data, stored), False


def _pay_once(
    principal: Principal, data: PaymentIn, payment_id: str
) -> tuple[PaymentCreated, bool]:
    sale = sales_repo.get_sale(principal.tenant_id, data.sale_id)
    check_store(principal, sale.store_id)
    marker = repo.open_shift_of(principal.tenant_id, sale.store_id, principal.user_id)
    if marker is None:
        raise errors.ShiftRequiredError("Open your cash shift in this store to take payments.")
    states.require("pay", sale.status)
    _check_amount(sale, data.amount)
    payment = _new_payment(principal, data, payment_id, sale, marker.shift_id)
    changes = _sale_changes(sale, payment, principal.user_id)
    tx = Tx()
    repo.put_payment(tx, payment)
    sales_repo.change_sale(tx, sale, changes, principal.user_id, retry=True)
    repo.add_to_shift(
        tx,
        principal.tenant_id,
        marker.shift_id,
        {
            repo.SALES_ATTRIBUTE[payment.method]: payment.amount,
            "payments_count": 1,
            "change_given": payment.change,
        },
    )
    if changes["status"] == SaleStatus.PAID:
        _ship(tx, principal, sale)
    tx.commit()
    sales_repo.apply(sale, changes, principal.user_id)
    return PaymentCreated(payment=payment_out(payment), sale=sale_out(sale)), True


def _new_payment(
    principal: Principal, data: PaymentIn, payment_id: str, sale: SaleItem, shift_id: str
) -> PaymentItem:
    payment = PaymentItem(
        id=payment_id,
        sale_id=sale.id,
        store_id=sale.store_id,
        shift_id=shift_id,
        method=data.method,
        amount=data.amount,
        tendered=data.tendered,
        change=change_due(data.amount, data.tendered),
        reference=data.reference,
        currency=sale.currency,
        created_at=iso(),
    )
    return repo.new_payment(principal.tenant_id, payment, principal.user_id)


def _check_amount(sale: SaleItem, amount: int) -> None:
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


def _sale_changes(sale: SaleItem, payment: PaymentItem, cashier_id: str) -> dict[str, Any]:
    paid_total = sale.paid_total + payment.amount
    status = states.after_payment(paid_total, sale.total)
    cashiers = list(sale.cashier_ids or [])
    return {
        "paid_total": paid_total,
        "status": status.value,
        "payments_count": sale.payments_count + 1,
        "change_total": sale.change_total + payment.change,
        "cashier_ids": cashiers if cashier_id in cashiers else [*cashiers, cashier_id],
        "paid_at": iso() if status == SaleStatus.PAID else None,
    }


def _ship(tx: Tx, principal: Principal, sale: SaleItem) -> None:
    lines = stock_lines(sale)
    if lines:
        ledger.ship_reserved(
            tx,
            principal.tenant_id,
            sale.store_id,
            lines,
            principal.user_id,
            reference=sale.number or sale.id,
        )


def _replay(principal: Principal, data: PaymentIn, stored: PaymentItem) -> PaymentCreated:
    """A retried payment answers with what the first attempt stored."""
    if (stored.method, stored.amount, stored.tendered, stored.reference) != (
        data.method,
        data.amount,
        data.tendered,
        data.reference,
    ):
        raise errors.ConflictError(f"A payment with id {stored.id} already exists.")
    sale = sales_repo.get_sale(principal.tenant_id, data.sale_id)
    return PaymentCreated(payment=payment_out(stored), sale=sale_out(sale))


def list_payments(
    principal: Principal, query: PaymentQuery, state: dict[str, Any] | None
) -> tuple[list[PaymentOut], dict[str, Any] | None]:
    """A sale's payments, or month by month over the period (a shift's: its store and hours)."""
    filters = repo.payment_filters(method=query.method, shift_id=query.shift_id)
    if query.sale_id:
        sale = sales_repo.get_sale(principal.tenant_id, query.sale_id)
        check_store(principal, sale.store_id)
        items, last_key = repo.payments_of_sale(
            principal.tenant_id, sale.id, query.limit, state, filters
        )
        return [payment_out(item) for item in items], last_key
    period = tenancy.activity_period(principal.tenant_id, query.from_, query.to)
    store_id = query.store_id
    if query.shift_id:
        shift = repo.get_shift(principal.tenant_id, query.shift_id)
        store_id = shift.store_id
        period = Period(
            start=max(period.start, shift.opened_at), end=min(period.end, shift.closed_at or iso())
        )
    stores = stores_to_read(principal, store_id)

    def bucket_page(
        bucket: Bucket, limit: int, key: dict[str, Any] | None, budget: Budget
    ) -> tuple[list[PaymentItem], dict[str, Any] | None]:
        return repo.payments_in_month(
            principal.tenant_id,
            bucket,
            period=period,
            filters=filters,
            limit=limit,
            start_key=key,
            budget=budget,
        )

    walk = buckets.buckets(period.months, stores)
    items, state = buckets.page_buckets(walk, bucket_page, query.limit, state)
    return [payment_out(item) for item in items], state
