"""The owner's dashboard: the KPIs as one self-contained HTML page in the tenant's language.

Nothing is loaded from anywhere: the charts are SVG drawn here (pygal, imported on use so the
API's cold start does not pay for it), stripped of pygal's script and of every inline `style`
attribute, and their CSS joins the page's one <style>, which the page's Content-Security-Policy
allows by its hash (http_headers.page_policy). Every text from data is escaped: pygal writes
its labels through ElementTree, the page through html.escape.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import tenancy
from chalicelib.auth.principal import Principal
from chalicelib.clock import parse_iso
from chalicelib.money import format_amount
from chalicelib.reports import service
from chalicelib.reports.schemas import KpiQuery, KpisOut
from chalicelib.tenancy import TenantOut

CONTENT_TYPE = "text/html; charset=utf-8"

WORDS = {
    "fr": {
        "dashboard": "Tableau de bord",
        "all_stores": "Tous les magasins",
        "period": "Du {first} au {last}",
        "as_of": "Chiffres du stock, des ventes impayées et du crédit au {moment}",
        "revenue": "Chiffre d'affaires",
        "net_revenue": "Chiffre d'affaires net",
        "sales_count": "Ventes",
        "average_basket": "Panier moyen",
        "gross_margin": "Marge brute",
        "items_sold": "Articles vendus",
        "discount_total": "Remises",
        "tax_total": "TVA",
        "refunds_total": "Remboursements",
        "stock_value": "Valeur du stock",
        "low_stock_count": "Produits en stock bas",
        "out_of_stock_count": "Produits en rupture",
        "pending_payment_count": "Ventes en attente de paiement",
        "credit_outstanding": "Crédit en cours",
        "credit_overdue": "Crédit en retard",
        "by_day": "Chiffre d'affaires par jour",
        "by_payment_method": "Moyens de paiement",
        "top_products": "Meilleurs produits",
        "by_category": "Catégories",
        "by_seller": "Vendeurs",
        "name": "Nom",
        "quantity": "Quantité",
        "no_category": "Sans catégorie",
        "no_data": "Aucune vente",
        "CASH": "Espèces",
        "MOBILE_MONEY": "Mobile money",
        "CARD": "Carte",
        "BANK_TRANSFER": "Virement",
        "CREDIT": "Crédit",
        "LOYALTY": "Points fidélité",
    },
    "en": {
        "dashboard": "Dashboard",
        "all_stores": "All stores",
        "period": "{first} to {last}",
        "as_of": "Stock, unpaid sales and credit as of {moment}",
        "revenue": "Revenue",
        "net_revenue": "Net revenue",
        "sales_count": "Sales",
        "average_basket": "Average basket",
        "gross_margin": "Gross margin",
        "items_sold": "Items sold",
        "discount_total": "Discounts",
        "tax_total": "Tax",
        "refunds_total": "Refunds",
        "stock_value": "Stock value",
        "low_stock_count": "Products low on stock",
        "out_of_stock_count": "Products out of stock",
        "pending_payment_count": "Sales awaiting payment",
        "credit_outstanding": "Credit outstanding",
        "credit_overdue": "Credit overdue",
        "by_day": "Revenue by day",
        "by_payment_method": "Payment methods",
        "top_products": "Top products",
        "by_category": "Categories",
        "by_seller": "Sellers",
        "name": "Name",
        "quantity": "Quantity",
        "no_category": "Uncategorised",
        "no_data": "No sales",
        "CASH": "Cash",
        "MOBILE_MONEY": "Mobile money",
        "CARD": "Card",
        "BANK_TRANSFER": "Bank transfer",
        "CREDIT": "Credit",
        "LOYALTY": "Loyalty points",
    },
}
MONEY_TILES = (
    "revenue", "net_revenue", "average_basket", "gross_margin", "discount_total", "tax_total",
    "refunds_total", "stock_value", "credit_outstanding", "credit_overdue",
)  # fmt: skip
COUNT_TILES = (
    "sales_count", "items_sold", "pending_payment_count", "low_stock_count", "out_of_stock_count",
)  # fmt: skip
TILES = (
    "revenue", "net_revenue", "sales_count", "average_basket", "gross_margin", "items_sold",
    "discount_total", "tax_total", "refunds_total", "stock_value", "low_stock_count",
    "out_of_stock_count", "pending_payment_count", "credit_outstanding", "credit_overdue",
)  # fmt: skip
DAYS_ALL_LABELLED = 16
# The value axis of the bar and line charts: a few round amounts, not one at every gridline.
VALUE_AXIS: dict[str, Any] = {"show_minor_y_labels": False, "y_labels_major_count": 6}
# pygal's horizontal charts swap the axes' options: these thin out its amounts, not the names.
HORIZONTAL_VALUE_AXIS: dict[str, Any] = {"show_minor_x_labels": False, "x_labels_major_count": 5}
COLOURS = ("#1f6f8b", "#e07a1f", "#3a9d5d", "#c0392b", "#7d5ba6", "#8a6d3b", "#d4a017")
PAGE_CSS = """
body{margin:0;padding:1.5rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1d2730;background:#f4f6f8}
header h1{margin:0 0 .25rem;font-size:1.6rem}header p{margin:0;color:#52606d}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.75rem;
margin:1.25rem 0;padding:0}
.tile{background:#fff;border-radius:.5rem;padding:.75rem 1rem;box-shadow:0 1px 2px #0002}
.tile dt{font-size:.8rem;color:#52606d}.tile dd{margin:.2rem 0 0;font-size:1.25rem;
font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(28rem,1fr));gap:1rem}
figure{margin:0;background:#fff;border-radius:.5rem;padding:.75rem;
box-shadow:0 1px 2px #0002}
figcaption{font-weight:600;margin-bottom:.5rem}figure svg{display:block;width:100%;height:auto}
table{border-collapse:collapse;background:#fff;margin:1rem 0;min-width:24rem}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{padding:.35rem .75rem;border-bottom:1px solid #e1e5ea;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
footer{margin-top:1rem;color:#52606d;font-size:.85rem}
"""


def render(principal: Principal, query: KpiQuery) -> str:
    """The dashboard of the KPIs the JSON answer of the same query gives."""
    kpis, tenant = service.kpis_with_tenant(principal, query)
    store = tenancy.store_of(principal.tenant_id, query.store_id) if query.store_id else None
    return page(kpis, tenant, store.name if store else None)


@dataclass
class _Charts:
    """The CSS pygal wrote for each chart, taken out of its SVG for the page's one <style>."""

    css: list[str] = field(default_factory=list)

    def inert(self, root: Any) -> Any:
        """pygal's xml filter: no script, no comment, no inline style (the CSP forbids them)."""
        for parent in list(root.iter()):
            for child in list(parent):
                if not isinstance(child.tag, str) or child.tag in ("script", "style"):
                    if child.tag == "style" and child.text:
                        self.css.append(child.text)
                    parent.remove(child)
            parent.attrib.pop("style", None)
        return root


def page(kpis: KpisOut, tenant: TenantOut, store_name: str | None) -> str:
    locale = tenant.locale if tenant.locale in WORDS else "en"
    words = WORDS[locale]
    money = _money(kpis.currency, locale)
    charts = _Charts()
    figures = [
        (words["by_day"], _by_day(kpis, locale, money, charts)),
        (words["by_payment_method"], _methods(kpis, words, money, charts)),
        (words["top_products"], _top_products(kpis, money, charts)),
        (words["by_category"], _categories(kpis, words, money, charts)),
    ]
    title = f"{tenant.name} — {words['dashboard']}"
    days = kpis.by_day
    period = (
        words["period"].format(first=_date(days[0].date, locale), last=_date(days[-1].date, locale))
        if days
        else ""
    )
    moment = _moment(kpis.as_of, tenant.timezone, locale)
    parts = [
        f"<!doctype html><html lang='{locale}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<link rel='icon' href='data:,'>",
        f"<title>{_e(title)}</title>",
        f"<style>{PAGE_CSS}{''.join(charts.css)}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f"<p>{_e(store_name or words['all_stores'])} · {_e(period)}</p></header>",
        f"<dl class='tiles'>{_tiles(kpis, words, money, locale)}</dl>",
        "<section class='charts'>",
        *(
            f"<figure><figcaption>{_e(caption)}</figcaption>{svg}</figure>"
            for caption, svg in figures
        ),
        "</section>",
        _tables(kpis, words, money, locale),
        f"<footer>{_e(words['as_of'].format(moment=moment))}</footer></body></html>",
    ]
    return "".join(parts)


def _tiles(kpis: KpisOut, words: dict[str, str], money: Callable[[int], str], locale: str) -> str:
    tiles = []
    for name in TILES:
        value = getattr(kpis, name)
        if value is None:
            continue
        shown = money(value) if name in MONEY_TILES else _count(value, locale)
        tiles.append(f"<div class='tile'><dt>{_e(words[name])}</dt><dd>{_e(shown)}</dd></div>")
    return "".join(tiles)


def _tables(kpis: KpisOut, words: dict[str, str], money: Callable[[int], str], locale: str) -> str:
    products = [
        (p.name or p.product_id, _count(p.quantity, locale), money(p.revenue))
        for p in kpis.top_products
    ]
    categories = [
        (c.name or words["no_category"], _count(c.quantity, locale), money(c.revenue))
        for c in kpis.by_category
    ]
    sellers = [
        (s.name or s.seller_id, _count(s.sales_count, locale), money(s.revenue))
        for s in kpis.by_seller
    ]
    return "".join(
        (
            _table(words["top_products"], (words["name"], words["quantity"], words["revenue"]),
                   products),
            _table(words["by_category"], (words["name"], words["quantity"], words["revenue"]),
                   categories),
            _table(words["by_seller"], (words["name"], words["sales_count"], words["revenue"]),
                   sellers),
        )
    )  # fmt: skip


def _table(caption: str, columns: tuple[str, str, str], rows: Iterable[tuple[str, ...]]) -> str:
    def row(cells: tuple[str, ...], tag: str) -> str:
        first, *numbers = cells
        return (
            f"<tr><{tag}>{_e(first)}</{tag}>"
            + "".join(f"<{tag} class='n'>{_e(n)}</{tag}>" for n in numbers)
            + "</tr>"
        )

    body = "".join(row(cells, "td") for cells in rows)
    return f"<table><caption>{_e(caption)}</caption>{row(columns, 'th')}{body}</table>"


def _chart(kind: str, charts: _Charts, money: Callable[[int], str], **config: Any) -> Any:
    # pygal loads only when a dashboard is drawn.
    import pygal
    from pygal.style import Style

    style = Style(
        background="transparent",
        plot_background="#ffffff",
        font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        colors=COLOURS,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=11,
    )
    chart = getattr(pygal, kind)(
        js=[],
        disable_xml_declaration=True,
        style=style,
        width=640,
        height=320,
        margin_right=24,
        value_formatter=lambda value: money(round(value or 0)),
        **config,
    )
    chart.add_xml_filter(charts.inert)
    return chart


def _by_day(kpis: KpisOut, locale: str, money: Callable[[int], str], charts: _Charts) -> str:
    days = kpis.by_day
    chart = _chart(
        "Bar" if len(days) <= 45 else "Line",
        charts,
        money,
        show_legend=False,
        x_label_rotation=-45,
        **VALUE_AXIS,
        show_minor_x_labels=len(days) <= DAYS_ALL_LABELLED,
        x_labels_major_count=min(len(days), DAYS_ALL_LABELLED),
        show_dots=False,
        no_data_text=WORDS[locale]["no_data"],
    )
    chart.x_labels = [_date(day.date, locale, "d MMM") for day in days]
    chart.add(WORDS[locale]["revenue"], [day.revenue for day in days])
    return str(chart.render(is_unicode=True))


def _methods(
    kpis: KpisOut, words: dict[str, str], money: Callable[[int], str], charts: _Charts
) -> str:
    chart = _chart("Pie", charts, money, inner_radius=0.45, legend_at_bottom=True,
                   no_data_text=words["no_data"])  # fmt: skip
    for method in kpis.by_payment_method:
        label = words.get(method.method, method.method)
        chart.add(f"{label} ({money(method.amount)})", [method.amount])
    return str(chart.render(is_unicode=True))


def _top_products(kpis: KpisOut, money: Callable[[int], str], charts: _Charts) -> str:
    products = list(reversed(kpis.top_products))  # pygal draws the last on top: the biggest
    chart = _chart("HorizontalBar", charts, money, show_legend=False, truncate_label=28,
                   no_data_text="—", **HORIZONTAL_VALUE_AXIS)  # fmt: skip
    chart.x_labels = [p.name or p.product_id for p in products]
    chart.add("", [p.revenue for p in products])
    return str(chart.render(is_unicode=True))


def _categories(
    kpis: KpisOut, words: dict[str, str], money: Callable[[int], str], charts: _Charts
) -> str:
    chart = _chart("Bar", charts, money, show_legend=False, truncate_label=18,
                   x_label_rotation=-20, no_data_text=words["no_data"], **VALUE_AXIS)  # fmt: skip
    chart.x_labels = [c.name or words["no_category"] for c in kpis.by_category]
    chart.add(words["revenue"], [c.revenue for c in kpis.by_category])
    return str(chart.render(is_unicode=True))


def _money(currency: str, locale: str) -> Callable[[int], str]:
    return lambda amount: format_amount(amount, currency, locale)


def _count(value: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale))


def _date(day: str, locale: str, pattern: str = "long") -> str:
    from babel.dates import format_date

    return str(format_date(date.fromisoformat(day), pattern, locale=locale))


def _moment(iso: str, timezone: str, locale: str) -> str:
    from babel.dates import format_datetime

    return str(format_datetime(parse_iso(iso), "medium", tzinfo=ZoneInfo(timezone), locale=locale))


def _e(text: str) -> str:
    return html.escape(text, quote=True)
