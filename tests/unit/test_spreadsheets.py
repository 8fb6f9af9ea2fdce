"""CSV and XLSX files write formula-looking text as text, and numbers as numbers."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from chalicelib.spreadsheets import csv_text, read_text, write_csv, write_xlsx

ATTACKS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "'=1"]


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("attack", ATTACKS)
def test_csv_quotes_text_a_spreadsheet_would_run(attack: str) -> None:
    rows = _csv_rows(write_csv(["name"], [[attack]]))
    assert rows[1][0] == "'" + attack
    assert read_text(rows[1][0]) == attack


def test_csv_leaves_plain_text_and_numbers_alone() -> None:
    rows = _csv_rows(write_csv(["a", "b", "c", "d", "e"], [["Tecno Spark", -1500, 0, True, None]]))
    assert rows == [["a", "b", "c", "d", "e"], ["Tecno Spark", "-1500", "0", "true", ""]]
    assert csv_text("it's 5") == "it's 5" and read_text("'plain") == "'plain"


@given(st.text(max_size=30))
def test_every_text_reads_back_as_it_was_written(text: str) -> None:
    written = csv_text(text)
    assert read_text(written) == text
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_writes_text_as_string_cells_never_formulas() -> None:
    attacks = [attack for attack in ATTACKS if "\r" not in attack]  # XML reads \r back as \n
    data = write_xlsx("sheet", ["name", "price"], [[attack, -5] for attack in attacks])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == attacks
    assert {row[0].data_type for row in rows} == {"s"}
    assert [row[1].value for row in rows] == [-5] * len(attacks)
    assert {row[1].data_type for row in rows} == {"n"}


def test_xlsx_replaces_characters_its_xml_cannot_hold() -> None:
    data = write_xlsx("sheet", ["name"], [["bell\x07here"], ["#N/A"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["bell\ufffdhere", "#N/A"]
    assert cells[1].data_type == "s"
