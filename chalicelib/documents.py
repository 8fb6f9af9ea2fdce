"""Documents the API prints besides receipts (credit statements): a title, a header of labelled
values and tables, as self-contained HTML or as a PDF in the core fonts (fpdf2, imported on
use). Receipts print their own layout with the same text rules."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

CORE_FONT_ENCODING = "windows-1252"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    title: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    header: list[tuple[str, str]]
    tables: list[Table] = field(default_factory=list)


def core_font_text(text: str) -> str:
    """The core PDF fonts read Windows-1252 (Latin-1 with €, dashes and quotes): keep what it
    holds, replace what it cannot show."""
    return (
        text.replace("\u202f", "\u00a0")
        .encode(CORE_FONT_ENCODING, "replace")
        .decode(CORE_FONT_ENCODING)
    )


def html_row(cells: tuple[str, ...], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"


def html_opening(title: str, header: list[tuple[str, str]]) -> list[str]:
    """The start of a printed page (documents and receipts): its title, then the header."""
    return [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title></head><body>",
        f"<h1>{html.escape(title)}</h1><dl>",
        *(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in header),
        "</dl>",
    ]


def to_html(document: Document) -> str:
    parts = html_opening(document.title, document.header)
    for table in document.tables:
        if table.title:
            parts.append(f"<h2>{html.escape(table.title)}</h2>")
        parts += ["<table>", html_row(table.columns, "th"), *map(html_row, table.rows), "</table>"]
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(document: Document) -> bytes:
    # fpdf2 loads only when a PDF is asked for.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = CORE_FONT_ENCODING
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, core_font_text(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for key, value in document.header:
        pdf.cell(0, 5, core_font_text(f"{key}: {value}"), new_x="LMARGIN", new_y="NEXT")
    for table in document.tables:
        pdf.ln(3)
        if table.title:
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(0, 6, core_font_text(table.title), new_x="LMARGIN", new_y="NEXT")
        width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(len(table.columns), 1)
        for index, cells in enumerate([table.columns, *table.rows]):
            pdf.set_font("Helvetica", "B" if index == 0 else "", 9)
            for cell in cells:
                pdf.cell(width, 5, core_font_text(cell))
            pdf.ln(5)
    return bytes(pdf.output())
