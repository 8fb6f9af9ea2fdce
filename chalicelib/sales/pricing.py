"""Sale lines priced from the catalog and the promotions that apply at that moment.

Drafts are priced when they are made and edited, and priced again at submit from their stored
lines (the price, tax and category they were sold at): only the promotions can change then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from chalicelib import catalog, errors, promotions
from chalicelib.reads_repository import Reads
from chalicelib.sales.schemas import SaleLineIn
from chalicelib.sales.totals import LineAmounts, LineInput, SaleArithmeticError, compute

Totals = dict[str, int]


class Where:
    """The store, tenant time zone and moment a sale is priced at, and the request's reads
    when they wanted where the promotions are filed (`promotions.want_promotions`)."""

    def __init__(
        self,
        tenant_id: str,
        store_id: str,
        timezone: str,
        moment: datetime,
        reads: Reads | None = None,
    ) -> None:
        self.tenant_id, self.store_id = tenant_id, store_id
        self.timezone, self.moment, self.reads = timezone, moment, reads

    def promotions_of(self, lines: Sequence[promotions.SaleLine]) -> list[promotions.LinePricing]:
        return promotions.price_lines(
            self.tenant_id, self.store_id, self.timezone, self.moment, lines, self.reads
        )


def priced_lines(
    where: Where, lines: list[SaleLineIn], sale_discount: int, reads: Reads | None = None
) -> tuple[list[dict[str, Any]], Totals, list[promotions.LinePricing]]:
    """The lines with their product snapshot, promotions and amounts, the sale's totals, and
    each line's promotion pricing (the products from `reads` when they wanted them)."""
    products = _live_products(where.tenant_id, [line.product_id for line in lines], reads)
    snapshots = [
        {
            "product": products[line.product_id],
            "quantity": line.quantity,
            "unit_price": products[line.product_id].price
            if line.unit_price is None
            else line.unit_price,
            "discount": line.discount,
            "tax_rate_bps": products[line.product_id].tax_rate_bps,
            "tax_included": products[line.product_id].tax_included,
            "list_price": products[line.product_id].price,
        }
        for line in lines
    ]
    stored = [_line(given.pop("product"), given) for given in snapshots]
    return repriced(where, stored, sale_discount)


def repriced(
    where: Where, lines: list[dict[str, Any]], sale_discount: int
) -> tuple[list[dict[str, Any]], Totals, list[promotions.LinePricing]]:
    """Stored lines with the promotions that apply now, their amounts and the sale's totals."""
    pricing = where.promotions_of(
        [
            promotions.SaleLine(
                product_id=line["product_id"],
                category_id=line.get("category_id"),
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                discount=min(line["discount"], line["quantity"] * line["unit_price"]),
            )
            for line in lines
        ]
    )
    inputs = [
        LineInput(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount=line["discount"],
            tax_rate_bps=line["tax_rate_bps"],
            tax_included=line["tax_included"],
            list_price=line.get("list_price"),
            promotion_discount=priced.promotion_discount,
        )
        for line, priced in zip(lines, pricing, strict=True)
    ]
    try:
        amounts = compute(inputs, sale_discount)
    except SaleArithmeticError as error:
        raise errors.ValidationError(
            str(error), errors=[{"field": error.field, "message": str(error)}]
        ) from error
    priced_lines = [
        _amounts(line, amount, priced)
        for line, amount, priced in zip(lines, amounts.lines, pricing, strict=True)
    ]
    totals = {
        "subtotal": amounts.subtotal,
        "discount_total": amounts.discount_total,
        "tax_total": amounts.tax_total,
        "total": amounts.total,
    }
    return priced_lines, totals, pricing


def _live_products(tenant_id: str, ids: list[str], reads: Reads | None) -> dict[str, Any]:
    """The products of the lines (one BatchGet); 422 for repeated, unknown or inactive ones."""
    problems = [
        {"field": f"lines.{i}.product_id", "message": "appears more than once"}
        for i, pid in enumerate(ids)
        if pid in ids[:i]
    ]
    if reads is None:
        products = catalog.get_products(tenant_id, ids)
    else:
        products = catalog.products_in(reads, tenant_id, ids)
    problems += [
        {"field": f"lines.{i}.product_id", "message": "no such active product"}
        for i, pid in enumerate(ids)
        if pid not in products or not products[pid].active
    ]
    if problems:
        raise errors.ValidationError("Some sale lines are invalid.", errors=problems)
    return products


def _line(product: catalog.ProductOut, given: dict[str, Any]) -> dict[str, Any]:
    """A sale line as stored: the product as it was sold (amounts follow from `repriced`)."""
    return {
        "product_id": product.id,
        "sku": product.sku,
        "name": product.name,
        "unit": product.unit,
        "track_stock": product.track_stock,
        "category_id": product.category_id,
        **given,
        "refunded_quantity": 0,
        "refunded_amount": 0,
    }


def _amounts(
    line: dict[str, Any], amount: LineAmounts, priced: promotions.LinePricing
) -> dict[str, Any]:
    return {
        **line,
        "promotion_discount": priced.promotion_discount,
        "promotions": [
            {"id": applied.id, "name": applied.name, "amount": applied.amount}
            for applied in priced.promotions
        ],
        "sale_discount": amount.sale_discount,
        "net": amount.net,
        "tax": amount.tax,
        "total": amount.total,
    }


def not_applied(priced: promotions.LinePricing) -> list[dict[str, str]]:
    """The eligible promotions that lost on a line, with why, in codes and in words."""
    return [
        {
            "id": lost.id,
            "name": lost.name,
            "reason": lost.reason.value,
            "detail": promotions.REASON_TEXTS[lost.reason],
        }
        for lost in priced.not_applied
    ]
