"""Sales from draft to submission: lines priced from the catalog, totals, approval, numbering."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib import buckets, catalog, clock, credit, customers, errors, promotions, tenancy
from chalicelib.auth.permissions import Role, check_store, stores_to_read
from chalicelib.auth.principal import Principal
from chalicelib.clock import iso, local_date, new_id
from chalicelib.pagination import Key, Page
from chalicelib.reads_repository import Reads
from chalicelib.retries import retry_races
from chalicelib.sales import repository as repo
from chalicelib.sales import states
from chalicelib.sales.pricing import Where, not_applied, priced_lines, repriced
from chalicelib.sales.schemas import (
    PreviewLine,
    SaleIn,
    SaleLineIn,
    SaleOut,
    SalePatch,
    SalePreview,
    SaleQuery,
)
from chalicelib.sales.states import SaleStatus
from chalicelib.sales.totals import (
    LineInput,
    list_subtotal,
    manual_discount,
    needs_discount_approval,
)
from chalicelib.schemas import from_item
from chalicelib.stock import StockLine, ledger

SUPERVISORS = frozenset({Role.MANAGER, Role.ADMIN})


def sale_out(sale: repo.Sale) -> SaleOut:
    delivery = (
        {"id": sale.delivery_id, "status": sale.delivery_status} if sale.delivery_id else None
    )
    return from_item(
        SaleOut,
        sale,
        balance_due=balance_due(sale.status, sale.total, sale.paid_total),
        cashier_ids=[str(cashier) for cashier in sale.cashier_ids or []],
        delivery=delivery,
    )


def balance_due(status: str, total: int, paid_total: int) -> int:
    if status == SaleStatus.CANCELLED:
        return 0
    return max(total - paid_total, 0)


def _want_customer(reads: Reads, tenant_id: str, customer_id: str | None) -> None:
    if customer_id is not None:
        customers.want_customer(reads, tenant_id, customer_id)
        credit.want_customer_account(reads, tenant_id, customer_id)


def _customer_account(tenant_id: str, customer_id: str | None, reads: Reads) -> str | None:
    """404 for a customer the tenant does not have; else the id of the customer's credit
    account, which the sale keeps (its CREDIT payment then reads the account at once)."""
    if customer_id is None:
        return None
    customers.get_customer(tenant_id, customer_id, reads)
    return credit.customer_account_id(tenant_id, customer_id, reads)


def create_sale(principal: Principal, data: SaleIn) -> tuple[SaleOut, bool]:
    check_store(principal, data.store_id)
    reads = Reads()
    tenancy.want_tenant(reads, principal.tenant_id, data.store_id)
    catalog.want_products(reads, principal.tenant_id, [line.product_id for line in data.lines])
    promotions.want_promotions(reads, principal.tenant_id)
    _want_customer(reads, principal.tenant_id, data.customer_id)
    tenant = tenancy.settings_in(reads, principal.tenant_id)
    tenancy.store_in(reads, principal.tenant_id, data.store_id)
    account_id = _customer_account(principal.tenant_id, data.customer_id, reads)
    where = Where(principal.tenant_id, data.store_id, tenant.timezone, clock.now(), reads)
    lines, totals, _ = priced_lines(where, data.lines, data.discount, reads)
    fields = {
        "store_id": data.store_id,
        "seller_id": principal.user_id,
        "customer_id": data.customer_id,
        "credit_account_id": account_id,
        "status": SaleStatus.DRAFT.value,
        "note": data.note,
        "currency": tenant.currency,
        "lines": lines,
        "discount": data.discount,
        **totals,
    }
    asked = _request(fields)
    saved, created = repo.create_sale(
        principal.tenant_id,
        data.id or new_id(),
        fields,
        principal.user_id,
        same_as=lambda old: _request(_fields_of(old)) == asked,
    )
    return sale_out(saved), created


def _request(sale: dict[str, Any]) -> tuple[Any, ...]:
    """What a client asked for when it created the sale (a retry with its id must match)."""
    lines = [
        (line["product_id"], line["quantity"], line["unit_price"], line["discount"])
        for line in sale["lines"]
    ]
    return (
        sale["store_id"],
        sale["customer_id"],
        sale["seller_id"],
        sale["note"],
        sale["discount"],
        lines,
    )


def _fields_of(sale: repo.Sale) -> dict[str, Any]:
    """The fields a client's request sets, as the stored sale holds them."""
    names = ("store_id", "customer_id", "seller_id", "note", "discount", "lines")
    return {name: getattr(sale, name) for name in names}


def sale_for_seller(principal: Principal, sale_id: str) -> repo.Sale:
    """The sale, if the caller is its seller or supervises its store (else 403)."""
    sale = repo.get_sale(principal.tenant_id, sale_id)
    check_store(principal, sale.store_id)
    if sale.seller_id != principal.user_id and principal.role not in SUPERVISORS:
        raise errors.ForbiddenError("Only the sale's seller or a manager may change it.")
    return sale


def update_sale(principal: Principal, sale_id: str, patch: SalePatch) -> SaleOut:
    sale = sale_for_seller(principal, sale_id)
    states.require("edit", sale.status)
    changes: dict[str, Any] = {
        name: getattr(patch, name)
        for name in patch.model_fields_set
        if name in ("customer_id", "note")
    }
    reads = Reads()
    tenancy.want_tenant(reads, principal.tenant_id)
    if "customer_id" in changes:
        _want_customer(reads, principal.tenant_id, changes["customer_id"])
        changes["credit_account_id"] = _customer_account(
            principal.tenant_id, changes["customer_id"], reads
        )
    timezone = tenancy.tenant_settings(principal.tenant_id, reads).timezone
    where = Where(principal.tenant_id, sale.store_id, timezone, clock.now())
    discount = patch.discount if patch.discount is not None else sale.discount
    if patch.lines is not None or patch.discount is not None:
        requested = (
            patch.lines
            if patch.lines is not None
            else [
                SaleLineIn(
                    product_id=line["product_id"],
                    quantity=line["quantity"],
                    unit_price=line["unit_price"],
                    discount=line["discount"],
                )
                for line in sale.lines
            ]
        )
        lines, totals, _ = priced_lines(where, requested, discount)
        changes.update(lines=lines, approved_discount=None, approved_by=None)
    else:
        lines, totals, _ = repriced(where, list(sale.lines), discount)
        changes["lines"] = lines
    changes.update(discount=discount, **totals)
    repo.update_draft(sale, changes, patch.version, principal.user_id)
    return sale_out(sale)


def discount_measure(sale: repo.Sale) -> tuple[int, int]:
    """(manual discount, lines at the products' prices) of a sale, as approval measures them."""
    lines = [
        LineInput(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount=line["discount"],
            tax_rate_bps=line["tax_rate_bps"],
            tax_included=line["tax_included"],
            list_price=line.get("list_price"),
        )
        for line in sale.lines
    ]
    return manual_discount(lines, sale.discount), list_subtotal(lines)


def approve_discount(principal: Principal, sale_id: str) -> SaleOut:
    sale = repo.get_sale(principal.tenant_id, sale_id)
    check_store(principal, sale.store_id)
    states.require("approve_discount", sale.status)
    discount, _ = discount_measure(sale)
    repo.update_draft(
        sale,
        {"approved_discount": discount, "approved_by": principal.user_id},
        sale.version,
        principal.user_id,
    )
    return sale_out(sale)


def _check_approval(sale: repo.Sale, approval_bps: int) -> None:
    """409 APPROVAL_REQUIRED for a manual discount above the threshold that no approval covers."""
    discount, list_amount = discount_measure(sale)
    if not needs_discount_approval(discount, list_amount, approval_bps):
        return
    if sale.approved_discount is not None and discount <= sale.approved_discount:
        return
    raise errors.ApprovalRequiredError(
        f"Discounts of {discount} (prices cut below the products' prices included) exceed "
        f"{approval_bps / 100:g} % of the products' prices: a manager must approve them first."
    )


def submit_sale(principal: Principal, sale_id: str) -> SaleOut:
    """The sale read first; then its tenant, store, receipt counter and stock levels in one
    consistent BatchGet (a retry after a lost race reads the counter and levels again)."""
    sale = sale_for_seller(principal, sale_id)
    states.require("submit", sale.status)
    tenant_id, moment = principal.tenant_id, clock.now()
    reads = Reads(consistent=True)
    tenancy.want_tenant(reads, tenant_id, sale.store_id)
    repo.want_counters(reads, tenant_id, sale.store_id, _years_somewhere(moment))
    ledger.want_levels(reads, tenant_id, sale.store_id, stock_lines(sale))
    promotions.want_promotions(reads, tenant_id)
    tenant = tenancy.settings_in(reads, tenant_id)
    _check_approval(sale, tenant.discount_approval_bps)
    store = tenancy.store_in(reads, tenant_id, sale.store_id)
    year = str(local_date(moment, tenant.timezone).year)
    where = Where(tenant_id, sale.store_id, tenant.timezone, moment, reads)
    lines, totals, _ = repriced(where, list(sale.lines), sale.discount)
    priced = {"lines": lines, **totals}
    first: list[Reads] = [reads]
    retry_races(
        lambda: _submit_once(
            principal, sale, store.code, year, priced, first.pop() if first else None
        ),
        attempts=40,
    )
    return sale_out(sale)


def _years_somewhere(moment: datetime) -> set[str]:
    """The years it is somewhere on Earth now (UTC-12 to UTC+14): the tenant's is one."""
    return {str((moment + timedelta(hours=hours)).year) for hours in (-12, 14)}


def _submit_once(
    principal: Principal,
    sale: repo.Sale,
    store_code: str,
    year: str,
    priced: dict[str, Any],
    reads: Reads | None,
) -> None:
    tenant_id = principal.tenant_id
    if reads is None:
        sequence = repo.last_number(tenant_id, sale.store_id, year) + 1
    else:
        sequence = repo.last_number_in(reads, tenant_id, sale.store_id, year) + 1
    changes = {
        **priced,
        "status": SaleStatus.PENDING_PAYMENT.value,
        "submitted_at": iso(),
        "number": f"{store_code}-{year}-{sequence:06d}",
    }
    stock = stock_lines(sale)

    def reserve(tx: Any) -> None:
        if stock:
            ledger.reserve(tx, tenant_id, sale.store_id, stock, principal.user_id, reads)

    repo.submit_sale(sale, changes, principal.user_id, sequence, year, [reserve])


def stock_lines(sale: repo.Sale, quantities: dict[str, int] | None = None) -> list[StockLine]:
    """The sale's stock-tracked lines as ledger lines (all of them, or the given quantities)."""
    wanted = quantities or {line["product_id"]: line["quantity"] for line in sale.lines}
    return [
        StockLine(
            line["product_id"],
            wanted[line["product_id"]],
            ledger.lots_back(
                line.get("lots") or [],
                wanted[line["product_id"]],
                skip=int(line.get("refunded_quantity") or 0),
            ),
        )
        for line in sale.lines
        if line.get("track_stock", True) and wanted.get(line["product_id"], 0) > 0
    ]


def get_sale(principal: Principal, sale_id: str) -> SaleOut:
    sale = repo.get_sale(principal.tenant_id, sale_id)
    check_store(principal, sale.store_id)
    return sale_out(sale)


def list_sales(principal: Principal, query: SaleQuery, state: Key | None) -> Page[SaleOut]:
    """Newest first, month by month over the period (each store's months, or the tenant's)."""
    stores = stores_to_read(principal, query.store_id)
    period = tenancy.activity_period(principal.tenant_id, query.from_, query.to)
    wanted = repo.SaleFilter(
        start=period.start,
        end=period.end,
        status=query.status,
        seller_id=query.seller_id,
        customer_id=query.customer_id,
    )
    walk = buckets.buckets(period.months, stores)
    sales, state = repo.sales_page(principal.tenant_id, wanted, walk, query.limit, state)
    return [sale_out(sale) for sale in sales], state


def preview_sale(principal: Principal, data: SaleIn) -> SalePreview:
    """What `POST /v1/sales` with this body would price now, with each line's lost
    promotions and why; nothing is written."""
    check_store(principal, data.store_id)
    reads = Reads()
    tenancy.want_tenant(reads, principal.tenant_id, data.store_id)
    catalog.want_products(reads, principal.tenant_id, [line.product_id for line in data.lines])
    promotions.want_promotions(reads, principal.tenant_id)
    tenant = tenancy.settings_in(reads, principal.tenant_id)
    tenancy.store_in(reads, principal.tenant_id, data.store_id)
    where = Where(principal.tenant_id, data.store_id, tenant.timezone, clock.now(), reads)
    lines, totals, pricing = priced_lines(where, data.lines, data.discount, reads)
    return SalePreview(
        lines=[
            PreviewLine.model_validate({**line, "not_applied": not_applied(priced)})
            for line, priced in zip(lines, pricing, strict=True)
        ],
        discount=data.discount,
        currency=tenant.currency,
        **totals,
    )
