"""Excel round trip of progress updates: a workbook pre-filled with the indicators a user may
report on, and its upload, validated row by row and stored whole or not at all."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.periods import last_ended_period
from benchmarks.services import update_submit
from missions.models import Mission

SHEET = "Updates"
# (key, header); the key names the service argument a column feeds.
COLUMNS = [
    ("indicator", "Indicator ID"),
    ("benchmark", "Benchmark"),
    ("name", "Indicator"),
    ("unit", "Unit"),
    ("baseline", "Baseline"),
    ("target", "Target"),
    ("period_start", "Period start"),
    ("period_end", "Period end"),
    ("value", "Value"),
    ("status", "Status"),
    ("narrative", "Narrative"),
    ("evidence_url", "Evidence link"),
]
KEYS = [key for key, _header in COLUMNS]
INPUT_KEYS = ("value", "status", "narrative", "evidence_url")
MAX_ROWS = 2000


def _column(key: str) -> str:
    index = KEYS.index(key)
    return f"{get_column_letter(index + 1)} ({COLUMNS[index][1]})"


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def reportable_indicators(user, mission: Mission):
    """Indicators of `mission` the user may submit updates for (their entity is responsible)."""
    return (
        Indicator.objects.restrict(user, "submit_update")
        .filter(benchmark__mission=mission)
        .select_related("benchmark")
        .order_by("benchmark__order", "benchmark_id", "id")
    )


def build_template(*, user, mission: Mission, as_of: dt.date) -> bytes:
    """The workbook for the latest period of each indicator ended by `as_of`, with the values of
    an update not yet approved filled in; indicators whose update is approved are left out."""
    indicators = list(reportable_indicators(user, mission))
    periods = {indicator.pk: last_ended_period(indicator.frequency, as_of) for indicator in indicators}
    existing = {
        (update.indicator_id, update.period_start): update
        for update in ProgressUpdate.objects.filter(
            indicator__in=indicators, period_start__in={start for start, _end in periods.values()}
        )
    }
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([header for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3F0F8")
    labels = [str(label) for _value, label in ProgressStatus.choices]
    status_list = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    sheet.add_data_validation(status_list)
    for indicator in indicators:
        start, end = periods[indicator.pk]
        update = existing.get((indicator.pk, start))
        if update and update.state == UpdateState.APPROVED:
            continue
        sheet.append(
            [
                indicator.pk,
                indicator.benchmark.title,
                indicator.name,
                indicator.unit,
                indicator.baseline_value,
                indicator.target_value,
                start,
                end,
                update.value if update else None,
                update.get_status_display() if update else None,
                update.narrative if update else None,
                update.evidence_url if update else None,
            ]
        )
        row = sheet.max_row
        status_list.add(f"{get_column_letter(KEYS.index('status') + 1)}{row}")
        for key in ("period_start", "period_end"):
            sheet.cell(row=row, column=KEYS.index(key) + 1).number_format = "yyyy-mm-dd"
        for key in INPUT_KEYS:
            sheet.cell(row=row, column=KEYS.index(key) + 1).protection = Protection(locked=False)
    widths = {"benchmark": 40, "name": 40, "narrative": 50, "evidence_url": 35}
    for index, key in enumerate(KEYS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(key, 14)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _parse_row(number: int, cells: dict, allowed: dict[int, Indicator], statuses: dict[str, str]):
    errors: list[RowError] = []
    parsed: dict = {}
    raw_id = cells.get("indicator")
    try:
        parsed["indicator"] = allowed[int(raw_id)]
    except (TypeError, ValueError):
        errors.append(RowError(number, _column("indicator"), _("Not an indicator number.")))
    except KeyError:
        errors.append(
            RowError(number, _column("indicator"), _("You may not report on indicator %(id)s here.") % {"id": raw_id})
        )
    start = cells.get("period_start")
    if isinstance(start, dt.datetime):
        parsed["period_start"] = start.date()
    elif isinstance(start, dt.date):
        parsed["period_start"] = start
    else:
        try:
            parsed["period_start"] = dt.date.fromisoformat(_text(start))
        except ValueError:
            errors.append(RowError(number, _column("period_start"), _("Give a date as YYYY-MM-DD.")))
    value = cells.get("value")
    if value is None or _text(value) == "":
        parsed["value"] = None
    else:
        try:
            parsed["value"] = Decimal(_text(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            errors.append(RowError(number, _column("value"), _("“%(value)s” is not a number.") % {"value": value}))
    status = statuses.get(_text(cells.get("status")).lower())
    if status is None:
        errors.append(
            RowError(
                number,
                _column("status"),
                _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(str(label) for _v, label in ProgressStatus.choices)},
            )
        )
    parsed["status"] = status
    parsed["narrative"] = _text(cells.get("narrative"))
    parsed["evidence_url"] = _text(cells.get("evidence_url"))
    if parsed["evidence_url"]:
        try:
            URLValidator()(parsed["evidence_url"])
        except ValidationError:
            errors.append(RowError(number, _column("evidence_url"), _("Give a full web address (https://…).")))
    return parsed, errors


class _RollBack(Exception):
    pass


def import_updates(*, file, user, mission: Mission, today: dt.date) -> tuple[int, list[RowError]]:
    """Validate every row of the uploaded workbook and submit its updates in one transaction.
    Returns (number stored, errors); with any error nothing is stored. Rows with nothing filled
    in (no value, status, narrative or link) are skipped."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return 0, [RowError(1, "-", _("The file is not an Excel workbook (.xlsx)."))]
    sheet = book[SHEET] if SHEET in book.sheetnames else book.active
    rows = sheet.iter_rows(values_only=True)
    header = [_text(cell) for cell in next(rows, ())]
    expected = [header_text for _key, header_text in COLUMNS]
    if header[: len(expected)] != expected:
        return 0, [RowError(1, "-", _("The first row must be the template's headings; download the template again."))]
    allowed = {indicator.pk: indicator for indicator in reportable_indicators(user, mission)}
    statuses = {str(label).lower(): value for value, label in ProgressStatus.choices}
    statuses.update({value: value for value, _label in ProgressStatus.choices})
    errors: list[RowError] = []
    work = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(RowError(number, "-", _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}))
            break
        cells = dict(zip(KEYS, values, strict=False))
        if not any(_text(cells.get(key)) for key in INPUT_KEYS):
            continue
        parsed, row_errors = _parse_row(number, cells, allowed, statuses)
        errors.extend(row_errors)
        if not row_errors:
            work.append((number, parsed))
    book.close()
    stored = 0
    try:
        with transaction.atomic():
            for number, parsed in work:
                try:
                    with transaction.atomic():
                        update_submit(actor=user, today=today, **parsed)
                    stored += 1
                except ValidationError as error:
                    for key, messages in (
                        error.message_dict.items() if hasattr(error, "error_dict") else [("indicator", error.messages)]
                    ):
                        column = _column(key) if key in KEYS else _column("indicator")
                        errors.extend(RowError(number, column, message) for message in messages)
                except PermissionDenied as error:
                    errors.append(RowError(number, _column("indicator"), str(error)))
            if errors:
                raise _RollBack
    except _RollBack:
        return 0, sorted(errors, key=lambda e: (e.row, e.column))
    return stored, []
