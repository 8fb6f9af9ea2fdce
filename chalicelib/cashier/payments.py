"""Taking payments at the till: one atomic write per payment, charged once even when retried.

The write puts the payment (its id must be new), the sale's next version on condition the sale
is still at the version read (sales.pay), adds to the cashier's OPEN shift and, when the sale
becomes PAID, ships its reserved stock. A CREDIT payment also puts its CHARGE entry and moves
the customer's credit account (credit.charge_sale), on condition of the account's revision,
its headroom, ACTIVE and nothing past due: one write, so no race passes the limit. A LOYALTY
payment puts its REDEEM entry (after one EXPIRE entry for points past their date) and moves the
customer's points (loyalty.redeem_for_sale), on condition the points are still the ones read.

The largest payment (the final one of a sale at MAX_LINES lines, on credit or with points)
needs FIXED_ACTIONS + max(credit.CHARGE_ACTIONS, loyalty.REDEEM_ACTIONS) + MAX_LINES * stock
ACTIONS_PER_LINE actions (87), within DynamoDB's 100 per transaction
(tests/unit/test_payment_limits.py).
"""

from __future__ import annotations

import hashlib

from ulid import ULID

from chalicelib import buckets, credit, errors, loyalty, sales, tenancy
from chalicelib.auth.permissions import Role, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.cashier import payments_repository as payments_repo
from chalicelib.cashier import repository as repo
from chalicelib.cashier.schemas import PaymentCreated, PaymentIn, PaymentOut, PaymentQuery
from chalicelib.clock import iso, new_id
from chalicelib.effects import Effect
from chalicelib.pagination import Key, Page
from chalicelib.periods import Period
from chalicelib.reads_repository import Reads
from chalicelib.retries import race_attempts
from chalicelib.schemas import from_item

FIXED_ACTIONS = 3  # the payment put, the sale update, the shift update
COURIER_METHODS = frozenset({"CASH", "MOBILE_MONEY"})
# What a retried payment meets once the first attempt went through: the stored one answers.
REPLAYED_REFUSALS = (
    payments_repo.PaymentExistsError,
    errors.InvalidStateError,
    errors.ValidationError,
    errors.CreditLimitExceededError,
    credit.CreditBlockedError,
    loyalty.InsufficientPointsError,
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
    if principal.role == Role.COURIER and data.method not in COURIER_METHODS:
        raise errors.ForbiddenError("A courier takes CASH or MOBILE_MONEY payments only.")
    payment_id = payment_id_for(principal, data, idempotency_key)
    try:
        for attempt in race_attempts(12):
            with attempt:
                return _pay_once(principal, data, payment_id)
        raise AssertionError("unreachable: the last attempt re-raises")
    except REPLAYED_REFUSALS as refused:
        if not (data.id or idempotency_key):
            raise
        return _replay(principal, data, payment_id, refused), False


def _pay_once(
    principal: Principal, data: PaymentIn, payment_id: str
) -> tuple[PaymentCreated, bool]:
    sale = sales.sale_at_till(principal, data.sale_id)
    tenant_id, store_id = principal.tenant_id, sale.store_id
    reads = Reads(consistent=True)
    repo.want_open_shift(reads, tenant_id, store_id, principal.user_id)
    sales.want_payment(reads, principal, sale, data.amount)
    if data.method == "CREDIT":
        credit.want_charge(reads, tenant_id, sale.customer_id, sale.credit_account_id)
    if data.method == "LOYALTY":
        loyalty.want_redeem(reads, tenant_id, sale.customer_id)
    shift_id = repo.open_shift_of(tenant_id, store_id, principal.user_id, reads)
    if shift_id is None:
        raise errors.ShiftRequiredError("Open your cash shift in this store to take payments.")
    paying = sales.pay(principal, sale, data.amount, data.tendered, data.method, reads)
    shift_totals = repo.shift_totals(
        principal.tenant_id,
        shift_id,
        {
            repo.SALES_ATTRIBUTE[data.method]: data.amount,
            "payments_count": 1,
            "change_given": paying.change,
        },
    )
    payment = payments_repo.take_payment(
        principal.tenant_id,
        payment_id,
        {
            "sale_id": sale.id,
            "store_id": sale.store_id,
            "shift_id": shift_id,
            "method": data.method,
            "amount": data.amount,
            "tendered": data.tendered,
            "change": paying.change,
            "reference": data.reference,
            "currency": sale.currency,
            "created_at": iso(),
        },
        principal.user_id,
        [
            paying.sale_change,
            shift_totals,
            *paying.shipped,
            *_charged(principal, sale, data, payment_id, reads),
        ],
    )
    return PaymentCreated(payment=from_item(PaymentOut, payment), sale=paying.sale), True


def _charged(
    principal: Principal, sale: sales.TillSale, data: PaymentIn, payment_id: str, reads: Reads
) -> list[Effect]:
    """A CREDIT payment's CHARGE on the customer's account, or a LOYALTY payment's REDEEM of
    the customer's points, as part of the payment's write."""
    if data.method == "LOYALTY":
        redeemed = loyalty.redeem_for_sale(
            principal.tenant_id, sale.customer_id, sale.id, data.amount, principal.user_id, reads
        )
        return [redeemed.effect]
    if data.method != "CREDIT":
        return []
    charge = credit.charge_sale(
        principal.tenant_id,
        sale.customer_id,
        sale.id,
        data.amount,
        principal.user_id,
        payment_id,
        reads,
        sale.credit_account_id,
    )
    return [charge.effect]


def _replay(
    principal: Principal, data: PaymentIn, payment_id: str, refused: errors.DomainError
) -> PaymentCreated:
    """A retried payment answers with what the first attempt stored; with nothing stored
    under its id, the write's refusal stands."""
    stored = payments_repo.find_payment(principal.tenant_id, data.sale_id, payment_id)
    if stored is None:
        raise refused
    if (stored.method, stored.amount, stored.tendered, stored.reference) != (
        data.method,
        data.amount,
        data.tendered,
        data.reference,
    ):
        raise errors.ConflictError(f"A payment with id {stored.id} already exists.")
    sale = sales.get_sale(principal, data.sale_id)
    return PaymentCreated(payment=from_item(PaymentOut, stored), sale=sale)


def list_payments(principal: Principal, query: PaymentQuery, state: Key | None) -> Page[PaymentOut]:
    """A sale's payments, or month by month over the period (a shift's: its store and hours)."""
    if query.sale_id:
        sale = sales.get_sale(principal, query.sale_id)
        wanted = payments_repo.PaymentFilter("", "", query.method, query.shift_id)
        items, last_key = payments_repo.payments_of_sale(
            principal.tenant_id, sale.id, wanted, query.limit, state
        )
        return [from_item(PaymentOut, item) for item in items], last_key
    period = tenancy.activity_period(principal.tenant_id, query.from_, query.to)
    store_id = query.store_id
    if query.shift_id:
        shift = repo.get_shift(principal.tenant_id, query.shift_id)
        store_id = shift.store_id
        period = Period(
            start=max(period.start, shift.opened_at), end=min(period.end, shift.closed_at or iso())
        )
    stores = stores_to_read(principal, store_id)
    wanted = payments_repo.PaymentFilter(period.start, period.end, query.method, query.shift_id)
    walk = buckets.buckets(period.months, stores)
    items, state = payments_repo.payments_page(
        principal.tenant_id, wanted, walk, query.limit, state
    )
    return [from_item(PaymentOut, item) for item in items], state
