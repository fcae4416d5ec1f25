"""Large Excel uploads for the worker tests and the upload benchmark: indicators of one entity
with six past quarters each, a workbook with a filled-in row per indicator and quarter, and one
of a hundred thousand rows."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

from openpyxl import Workbook

from benchmarks.choices import Frequency
from benchmarks.excel import COLUMNS, SHEET
from benchmarks.models import Indicator
from tests.factories import BenchmarkFactory

QUARTERS = [dt.date(2024, 1, 1), dt.date(2024, 4, 1), dt.date(2024, 7, 1), dt.date(2024, 10, 1)]
QUARTERS += [dt.date(2025, 1, 1), dt.date(2025, 4, 1)]


def reporting_rows(mission, entity, count: int) -> list[tuple[int, dt.date]]:
    """(indicator id, period start) of `count` updates `entity` may submit on `mission`."""
    benchmark = BenchmarkFactory(mission=mission, title="Upload benchmark")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            benchmark=benchmark,
            name=f"Uploaded indicator {n}",
            unit="counties",
            baseline_value=2,
            baseline_date=dt.date(2024, 1, 1),
            target_value=15,
            target_date=dt.date(2026, 12, 31),
            frequency=Frequency.QUARTERLY,
            responsible_entity=entity,
        )
        for n in range(math.ceil(count / len(QUARTERS)))
    )
    return [(indicator.pk, start) for indicator in indicators for start in QUARTERS][:count]


def filled_workbook(rows: list[tuple[int, dt.date]]) -> bytes:
    """The template's layout with a value, status and narrative in every row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append([header for _key, header in COLUMNS])
    for number, (indicator_id, start) in enumerate(rows):
        sheet.append([indicator_id, "", "", "", "", "", start, None, number % 15, "On track", f"Row {number}.", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_of_many_rows(indicator_id: int, count: int) -> bytes:
    """The template's headings and `count` filled-in rows of one indicator, the sheet's XML written
    directly (openpyxl takes minutes for 100,000 rows)."""
    headings = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{header}</t></is></c>' for i, (_k, header) in enumerate(COLUMNS)
    )
    row = (
        '<row r="{n}"><c r="A{n}"><v>{pk}</v></c><c r="G{n}" t="inlineStr"><is><t>2025-04-01</t></is></c>'
        '<c r="I{n}"><v>6</v></c><c r="J{n}" t="inlineStr"><is><t>On track</t></is></c></row>'
    )
    rows = "".join(row.format(n=n, pk=indicator_id) for n in range(2, count + 2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData><row r="1">{headings}</row>{rows}</sheetData></worksheet>'
    )
    source, target = zipfile.ZipFile(io.BytesIO(filled_workbook([]))), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            out.writestr(item, data)
    return target.getvalue()
