"""Deliveries as plain functions: created from a submitted sale, moved along by a courier or a
manager, each move one conditional write on the current status with the sale's marker."""

from __future__ import annotations

from typing import Any

from chalicelib import errors, identity, sales, tenancy
from chalicelib.auth.permissions import Role, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, new_id
from chalicelib.deliveries import repository as repo
from chalicelib.deliveries import states
from chalicelib.deliveries.schemas import (
    AssignIn,
    DeliverIn,
    DeliveryIn,
    DeliveryOut,
    DeliveryQuery,
    FailIn,
)
from chalicelib.deliveries.states import OPEN_STATUSES, SUBMITTED_SALE, CodeCheck, D
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.schemas import from_item

CODE_READERS = frozenset({Role.SALES, Role.CASHIER, Role.MANAGER, Role.ADMIN})
SUPERVISORS = frozenset({Role.MANAGER, Role.ADMIN})
CLOSED = frozenset(set(D) - OPEN_STATUSES)
ANY_SALE = frozenset(sales.SaleStatus)
PAID = frozenset({sales.SaleStatus.PAID})


def delivery_out(principal: Principal, delivery: repo.Delivery) -> DeliveryOut:
    """The delivery as the caller may see it: couriers and viewers never read the code."""
    return from_item(
        DeliveryOut,
        delivery,
        delivery_code=delivery.delivery_code if principal.role in CODE_READERS else None,
        code_tries_left=states.tries_left(delivery.wrong_codes),
    )


def create_delivery(principal: Principal, data: DeliveryIn) -> tuple[DeliveryOut, bool]:
    sale = sales.get_sale(principal, data.sale_id)
    delivery_id = data.id or new_id()
    states.require_sale_for("create", sale.status, data.collect_on_delivery)
    open_one = sale.delivery is not None and sale.delivery.status in OPEN_STATUSES
    if open_one and sale.delivery is not None and sale.delivery.id != delivery_id:
        raise errors.ConflictError("The sale already has an open delivery.")
    fields = {
        "sale_id": sale.id,
        "sale_number": sale.number,
        "store_id": sale.store_id,
        "status": D.PENDING.value,
        "address": data.address,
        "phone": data.phone,
        "contact_name": data.contact_name,
        "scheduled_for": iso(data.scheduled_for) if data.scheduled_for else None,
        "note": data.note,
        "collect_on_delivery": data.collect_on_delivery,
        "cash_to_collect": states.cash_to_collect(sale.balance_due, data.collect_on_delivery),
        "currency": sale.currency,
        "delivery_code": states.new_delivery_code(),
        "wrong_codes": 0,
    }
    mark = sales.delivery_mark(
        principal.tenant_id,
        sale.id,
        (delivery_id, D.PENDING.value, None),
        principal.user_id,
        was=None,
        closed=CLOSED,
        sale_statuses=SUBMITTED_SALE,
        on_fail=errors.ConflictError(
            "The sale already has an open delivery, or was cancelled meanwhile."
        ),
    )
    asked = (data.sale_id, data.address, data.collect_on_delivery)
    saved, created = repo.create(
        principal.tenant_id,
        delivery_id,
        fields,
        principal.user_id,
        same_as=lambda old: (old.sale_id, old.address, old.collect_on_delivery) == asked,
        effects=[mark],
    )
    return delivery_out(principal, saved), created


def delivery_for(
    principal: Principal, delivery_id: str, reads: Reads | None = None
) -> repo.Delivery:
    """The delivery (from `reads` when they wanted it), in one of the caller's stores; a
    courier's own only (403 otherwise)."""
    if reads is None:
        delivery = repo.get(principal.tenant_id, delivery_id)
    else:
        delivery = repo.delivery_in(reads, principal.tenant_id, delivery_id)
    check_store(principal, delivery.store_id)
    if principal.role == Role.COURIER and delivery.courier_id != principal.user_id:
        raise errors.ForbiddenError("This delivery is not assigned to you.")
    return delivery


def get_delivery(principal: Principal, delivery_id: str) -> DeliveryOut:
    return delivery_out(principal, delivery_for(principal, delivery_id))


def _move(
    principal: Principal,
    delivery: repo.Delivery,
    action: str,
    extra: dict[str, Any] | None = None,
    sale_statuses: frozenset[str] = ANY_SALE,
) -> DeliveryOut:
    """Take `action`: the delivery's status and stamp on condition of its current status, and
    the sale's marker on condition it still shows that status (and the sale `sale_statuses`)."""
    step = states.step(action, delivery.status)
    values = {"status": step.target.value, step.stamp: iso(), **(extra or {})}
    courier = values.get("courier_id", delivery.courier_id)
    mark = sales.delivery_mark(
        principal.tenant_id,
        delivery.sale_id,
        (delivery.id, step.target.value, courier),
        principal.user_id,
        was=(delivery.id, delivery.status),
        closed=CLOSED,
        sale_statuses=sale_statuses,
        on_fail=_sale_refuses(action),
    )
    changed = errors.InvalidStateError(
        f"The delivery changed while this request ran; it was {delivery.status}: read it again."
    )
    repo.transition(delivery, values, principal.user_id, [mark], on_fail=changed)
    return delivery_out(principal, delivery)


def _sale_refuses(action: str) -> errors.DomainError:
    if action == "deliver":
        return errors.InvalidStateError("The sale must be PAID before it is delivered.")
    if action == "dispatch":
        return errors.InvalidStateError(
            "Only a PAID sale is dispatched, unless collected on delivery."
        )
    return errors.InvalidStateError("The sale or its delivery changed meanwhile: read it again.")


def assign_delivery(principal: Principal, delivery_id: str, data: AssignIn) -> DeliveryOut:
    reads = Reads(consistent=True)
    repo.want(reads, principal.tenant_id, delivery_id)
    identity.want_courier(reads, principal.tenant_id, data.courier_id)
    delivery = delivery_for(principal, delivery_id, reads)
    states.step("assign", delivery.status)
    courier_id, store_id = data.courier_id, delivery.store_id
    if not identity.is_active_courier(reads, principal.tenant_id, courier_id, store_id):
        raise errors.ValidationError(
            "The courier must be an active COURIER of the sale's store.",
            errors=[{"field": "courier_id", "message": "no active courier of this store"}],
        )
    extra = {"courier_id": data.courier_id, **repo.courier_keys(delivery, data.courier_id)}
    return _move(principal, delivery, "assign", extra)


def dispatch_delivery(principal: Principal, delivery_id: str) -> DeliveryOut:
    delivery = delivery_for(principal, delivery_id)
    sale_statuses = ANY_SALE - {sales.SaleStatus.CANCELLED}
    return _move(
        principal,
        delivery,
        "dispatch",
        sale_statuses=sale_statuses if delivery.collect_on_delivery else PAID,
    )


def deliver_delivery(principal: Principal, delivery_id: str, data: DeliverIn) -> DeliveryOut:
    by_manager = principal.role in SUPERVISORS
    reads = Reads(consistent=True)
    repo.want(reads, principal.tenant_id, delivery_id)
    if not by_manager:
        tenancy.want_tenant(reads, principal.tenant_id)
    delivery = delivery_for(principal, delivery_id, reads)
    states.step("deliver", delivery.status)
    required = (
        not by_manager and tenancy.settings_in(reads, principal.tenant_id).delivery_code_required
    )
    check = states.check_code(
        data.delivery_code,
        delivery.delivery_code,
        wrong_tries=delivery.wrong_codes,
        by_manager=by_manager,
        code_required=required,
    )
    if check == CodeCheck.LOCKED:
        raise errors.InvalidStateError(
            f"{states.MAX_WRONG_CODES} wrong codes were given: only a manager can deliver it now."
        )
    if check == CodeCheck.MISSING:
        raise _code_problem("The customer's delivery code is required.", "required")
    if check == CodeCheck.WRONG:
        if not repo.count_wrong_code(delivery, principal.user_id):
            raise errors.InvalidStateError("The delivery changed meanwhile: read it again.")
        left = states.tries_left(delivery.wrong_codes)
        raise _code_problem(f"Wrong delivery code ({left} tries left).", "wrong code")
    return _move(principal, delivery, "deliver", {"delivered_note": data.note}, PAID)


def _code_problem(detail: str, message: str) -> errors.ValidationError:
    return errors.ValidationError(detail, errors=[{"field": "delivery_code", "message": message}])


def fail_delivery(principal: Principal, delivery_id: str, data: FailIn) -> DeliveryOut:
    delivery = delivery_for(principal, delivery_id)
    return _move(principal, delivery, "fail", {"fail_reason": data.reason})


def return_delivery(principal: Principal, delivery_id: str) -> DeliveryOut:
    return _move(principal, delivery_for(principal, delivery_id), "return")


def cancel_delivery(principal: Principal, delivery_id: str) -> DeliveryOut:
    return _move(principal, delivery_for(principal, delivery_id), "cancel")


def list_deliveries(
    principal: Principal, query: DeliveryQuery, state: Key | None
) -> Page[DeliveryOut]:
    """Newest first: a courier's own (a key query by courier), else store by store."""
    courier_id = query.courier_id
    if principal.role == Role.COURIER:
        if courier_id not in (None, principal.user_id):
            raise errors.ForbiddenError("A courier sees only the deliveries assigned to them.")
        courier_id = principal.user_id
    stores = stores_to_read(principal, query.store_id)
    if stores is None and courier_id is None:
        stores = tenancy.live_stores(principal.tenant_id, None)
    period = tenancy.activity_period(principal.tenant_id, query.from_, query.to)
    wanted = repo.DeliveryFilter(
        start=period.start,
        end=period.end,
        status=query.status.value if query.status else None,
        courier_id=courier_id,
        store_ids=stores,
    )
    items, state = repo.deliveries_page(principal.tenant_id, wanted, query.limit, state)
    return [delivery_out(principal, item) for item in items], state
