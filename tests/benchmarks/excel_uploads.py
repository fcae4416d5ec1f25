"""Large Excel uploads for the worker tests and the upload benchmark: indicators of one entity
with six past quarters each, and a workbook with a filled-in row per indicator and quarter."""

from __future__ import annotations

import datetime as dt
import io
import math

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
