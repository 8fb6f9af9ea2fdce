"""Every CSV and XLSX file the API writes goes through here, so text is never a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (tab and carriage return too,
OWASP's CSV-injection list) as a formula. In CSV such text gets a leading single quote; text
that already starts with quotes before one of those characters gets one more, so `read_text`
gives back exactly what was written. In XLSX every text cell is a string cell, which a
spreadsheet never evaluates. Numbers stay numbers: a negative amount is not text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Control characters that the XML of an XLSX file cannot hold at all.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Row = Sequence[Any]


def reads_as_formula(text: str) -> bool:
    """True for text a spreadsheet would run, once any leading quotes are set aside."""
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """Text as a CSV cell: quoted when a spreadsheet would otherwise read it as a formula."""
    return QUOTE + text if reads_as_formula(text) else text


def read_text(cell: str) -> str:
    """A CSV cell written by `csv_text`, back to the text it was made from."""
    return cell[1:] if cell.startswith(QUOTE) and reads_as_formula(cell) else cell


def write_csv(header: Sequence[str], rows: Iterable[Row]) -> str:
    """A CSV file (comma-separated, a header row): no value, empty; booleans `true`/`false`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return csv_text(str(value))


def write_xlsx(sheet_name: str, header: Sequence[str], rows: Iterable[Row]) -> bytes:
    """An XLSX workbook of one sheet: a header row, then the rows; text cells are strings."""
    # openpyxl is heavy: loaded only for an XLSX file.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    sheet.append([_xlsx_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    # openpyxl is heavy: loaded only for an XLSX file.
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool | int | float):
        return value
    cell = WriteOnlyCell(sheet, value=NOT_IN_XML.sub("\ufffd", str(value)))
    cell.data_type = "s"  # openpyxl would make text starting with "=" a formula
    return cell
