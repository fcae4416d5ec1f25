"""Workbooks people can use, from the one writer (missions.generic.spreadsheets): the progress
report's and the list downloads', read back with openpyxl."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from benchmarks.reports import render
from benchmarks.reports.data import report_data
from missions.generic import spreadsheets
from missions.generic.exports import write_xlsx


def _usable(sheet, header_row: int) -> None:
    """A frozen header row, a filter over the table from it, fitted (capped) widths."""
    assert sheet.freeze_panes == f"A{header_row + 1}"
    ref = sheet.auto_filter.ref
    assert ref and ref.startswith(f"A{header_row}:")
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items() if dim.customWidth}
    assert widths, sheet.title
    assert all(spreadsheets.MIN_WIDTH <= w <= spreadsheets.MAX_WIDTH for w in widths.values()), widths


def test_sheet_names_are_cut_on_a_word_boundary_and_unique():
    used: set[str] = set()
    names = [
        spreadsheets.sheet_title("Security transition to national authorities", used),
        spreadsheets.sheet_title("Security transition to national authorities", used),
        spreadsheets.sheet_title("Rule of law: courts [and] prisons?", used),
        spreadsheets.sheet_title("Supercalifragilisticexpialidociousnessandmore", used),
    ]
    assert names[0] == "Security transition to national"
    assert names[1] == "Security transition to (2)"
    assert names[2] == "Rule of law courts and prisons"
    assert names[3] == "Supercalifragilisticexpialidoci"
    assert all(len(name) <= 31 for name in names)
    assert len({name.lower() for name in names}) == len(names)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("%", "percent"), ("% of population", "percent"), ("US$", "usd"), ("USD million", "usd"), ("courts", "count")],
)
def test_number_formats_follow_the_unit(unit, expected):
    assert spreadsheets.unit_format(unit) == expected


def test_the_report_workbook_is_usable_on_every_sheet(rworld):
    w = rworld
    w.counties.unit = "%"
    w.counties.save()
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    workbook = load_workbook(io.BytesIO(render.render_xlsx(data)))
    for sheet in workbook.worksheets:
        header = 1 if sheet.title == "Data" else 4
        _usable(sheet, header)
        assert sheet.cell(header, 1).font.b and sheet.cell(header, 1).alignment.wrap_text
    security = workbook.worksheets[0]
    rows = list(security.iter_rows(min_row=5))
    by_name = {row[2].value: row for row in rows}
    counties = by_name[w.counties.name]
    assert counties[5].number_format.endswith('"%"')  # target, in percent
    narratives = [row[11] for row in rows if row[11].value and len(row[11].value) > spreadsheets.WRAP_AT]
    assert all(cell.alignment.wrap_text for cell in narratives)
    assert security.column_dimensions["C"].width >= len(w.counties.name)


def test_a_list_download_is_usable(db):
    columns = [("Name", "name"), ("Amount", "amount"), ("Due", "due"), ("Notes", "notes")]

    class Row:
        def __init__(self, n):
            self.name = f"Row {n}"
            self.amount = Decimal("1234.5") * n
            self.due = dt.date(2026, 1, n)
            self.notes = "A long note that a reader needs to read in full, wrapped in its cell " * (n % 3)

    sheet = load_workbook(io.BytesIO(write_xlsx(columns, [Row(n) for n in range(1, 6)], title="A list"))).active
    _usable(sheet, 1)
    assert sheet.auto_filter.ref == "A1:D6"
    assert sheet.column_dimensions["D"].width == spreadsheets.MAX_WIDTH
    assert sheet["C2"].is_date and sheet["B3"].value == 2469
    assert sheet["D3"].alignment.wrap_text
