"""Receipts in the tenant's language, as HTML or as a small PDF (fpdf2, imported on use)."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib import identity, tenancy
from chalicelib.auth.permissions import check_store
from chalicelib.auth.principal import Principal
from chalicelib.clock import parse_iso
from chalicelib.documents import CORE_FONT_ENCODING, core_font_text, html_opening, html_row
from chalicelib.money import format_amount, format_rate
from chalicelib.sales import repository as repo

WORDS = {
    "fr": {
        "receipt": "Reçu",
        "store": "Magasin",
        "draft": "Brouillon (non valable)",
        "date": "Date",
        "seller": "Vendeur",
        "cashier": "Caissier",
        "item": "Article",
        "qty": "Qté",
        "price": "Prix",
        "amount": "Montant",
        "subtotal": "Sous-total",
        "discount": "Remise",
        "tax": "TVA",
        "total": "Total",
        "payments": "Paiements",
        "change": "Monnaie rendue",
        "balance": "Reste à payer",
        "refunded": "Remboursé",
        "status": "Statut",
        "thanks": "Merci de votre visite !",
        "CASH": "Espèces",
        "MOBILE_MONEY": "Mobile money",
        "CARD": "Carte",
        "BANK_TRANSFER": "Virement",
        "CREDIT": "Crédit (compte client)",
        "LOYALTY": "Points fidélité",
        "DRAFT": "Brouillon",
        "PENDING_PAYMENT": "En attente de paiement",
        "PARTIALLY_PAID": "Partiellement payée",
        "PAID": "Payée",
        "CANCELLED": "Annulée",
        "PARTIALLY_REFUNDED": "Partiellement remboursée",
        "REFUNDED": "Remboursée",
    },
    "en": {
        "receipt": "Receipt",
        "store": "Store",
        "draft": "Draft (not valid)",
        "date": "Date",
        "seller": "Seller",
        "cashier": "Cashier",
        "item": "Item",
        "qty": "Qty",
        "price": "Price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "tax": "Tax",
        "total": "Total",
        "payments": "Payments",
        "change": "Change",
        "balance": "Balance due",
        "refunded": "Refunded",
        "status": "Status",
        "thanks": "Thank you for your visit!",
        "CASH": "Cash",
        "MOBILE_MONEY": "Mobile money",
        "CARD": "Card",
        "BANK_TRANSFER": "Bank transfer",
        "CREDIT": "On account (credit)",
        "LOYALTY": "Loyalty points",
        "DRAFT": "Draft",
        "PENDING_PAYMENT": "Pending payment",
        "PARTIALLY_PAID": "Partially paid",
        "PAID": "Paid",
        "CANCELLED": "Cancelled",
        "PARTIALLY_REFUNDED": "Partially refunded",
        "REFUNDED": "Refunded",
    },
}


@dataclass
class Receipt:
    """Everything printed, already worded and formatted."""

    title: str
    header: list[tuple[str, str]]
    columns: tuple[str, str, str, str]
    lines: list[tuple[str, str, str, str]]
    totals: list[tuple[str, str]]
    payments: list[tuple[str, str]]
    footer: str


def render(principal: Principal, sale_id: str, *, html: bool) -> tuple[bytes | str, str]:
    receipt = build(principal, sale_id)
    if html:
        return to_html(receipt), "text/html; charset=utf-8"
    return to_pdf(receipt), "application/pdf"


def build(principal: Principal, sale_id: str) -> Receipt:
    sale, payments, _ = repo.sale_with_history(principal.tenant_id, sale_id)
    check_store(principal, sale.store_id)
    tenant = tenancy.tenant_settings(principal.tenant_id)
    store = tenancy.store_of(principal.tenant_id, sale.store_id)
    words = WORDS.get(tenant.locale, WORDS["en"])
    names = identity.user_names(
        principal.tenant_id, {sale.seller_id, *(p.created_by or "" for p in payments)}
    )
    when = parse_iso(sale.submitted_at or sale.created_at).astimezone(ZoneInfo(tenant.timezone))
    money = _Money(tenant.locale, sale.currency)
    contact = ", ".join(filter(None, (store.address, store.phone)))
    header = [(words["store"], contact)] if contact else []
    header += [
        (words["date"], _date(when, tenant.locale)),
        (words["seller"], names.get(sale.seller_id, sale.seller_id)),
    ]
    cashiers = [names.get(str(cid), str(cid)) for cid in sale.cashier_ids or []]
    if cashiers:
        header.append((words["cashier"], ", ".join(cashiers)))
    header.append((words["status"], words.get(sale.status, sale.status)))
    return Receipt(
        title=f"{store.name} — {words['receipt']} {sale.number or words['draft']}",
        header=header,
        columns=(words["item"], words["qty"], words["price"], words["amount"]),
        lines=[
            (
                f"{line['name']} ({line['sku']})",
                str(line["quantity"]),
                money(line["unit_price"]),
                money(line["total"]),
            )
            for line in sale.lines
        ],
        totals=_totals(sale, words, money),
        payments=_payments(payments, words, money),
        footer=words["thanks"],
    )


def _totals(sale: repo.Sale, words: dict[str, str], money: _Money) -> list[tuple[str, str]]:
    rows = [(words["subtotal"], money(sale.subtotal))]
    if sale.discount_total:
        rows.append((words["discount"], "-" + money(sale.discount_total)))
    by_rate: dict[int, int] = defaultdict(int)
    for line in sale.lines:
        by_rate[line["tax_rate_bps"]] += line["tax"]
    rows += [
        (f"{words['tax']} {format_rate(rate, money.locale)}", money(tax))
        for rate, tax in sorted(by_rate.items())
        if rate
    ]
    rows.append((words["total"], money(sale.total)))
    rows.append((words["balance"], money(max(sale.total - sale.paid_total, 0))))
    if sale.change_total:
        rows.append((words["change"], money(sale.change_total)))
    if sale.refunded_total:
        rows.append((words["refunded"], money(sale.refunded_total)))
    return rows


def _payments(
    payments: list[repo.Payment], words: dict[str, str], money: _Money
) -> list[tuple[str, str]]:
    rows = []
    for payment in sorted(payments, key=lambda p: p.created_at):
        label = words.get(payment.method, payment.method)
        if payment.reference:
            label += f" ({payment.reference})"
        rows.append((label, money(payment.amount)))
    return rows


class _Money:
    """Prints minor units with the currency's own exponent (XAF none, EUR 2, KWD 3)."""

    def __init__(self, locale: str, currency: str) -> None:
        self.locale, self.currency = locale, currency

    def __call__(self, amount: int) -> str:
        return format_amount(amount, self.currency, self.locale)


def _date(moment: datetime, locale: str) -> str:
    return moment.strftime("%d/%m/%Y %H:%M" if locale == "fr" else "%Y-%m-%d %H:%M")


def to_html(receipt: Receipt) -> str:
    parts = [
        *html_opening(receipt.title, receipt.header),
        "<table class='lines'>",
        html_row(receipt.columns, "th"),
        *map(html_row, receipt.lines),
        "</table><table class='totals'>",
        *map(html_row, receipt.totals),
        "</table><table class='payments'>",
        *map(html_row, receipt.payments),
        f"</table><p>{html.escape(receipt.footer)}</p></body></html>",
    ]
    return "".join(parts)


def to_pdf(receipt: Receipt) -> bytes:
    # fpdf2 loads only when a PDF receipt is asked for.
    from fpdf import FPDF

    pdf = FPDF(format=(80, 200 + 6 * (len(receipt.lines) + len(receipt.payments))))
    pdf.core_fonts_encoding = CORE_FONT_ENCODING
    pdf.set_margins(4, 4, 4)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 5, core_font_text(receipt.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    for key, value in receipt.header:
        pdf.cell(0, 4, core_font_text(f"{key}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for name, quantity, price, amount in receipt.lines:
        pdf.multi_cell(0, 4, core_font_text(name), new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            4,
            core_font_text(f"  {quantity} x {price} = {amount}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    for key, value in [*receipt.totals, *receipt.payments]:
        pdf.cell(36, 4, core_font_text(key))
        pdf.cell(0, 4, core_font_text(value), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.cell(0, 4, core_font_text(receipt.footer), align="C")
    return bytes(pdf.output())
