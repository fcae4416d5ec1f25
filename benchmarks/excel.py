"""Excel round trip of progress updates: a workbook pre-filled with the indicators a user may
report on, and its upload, validated row by row and stored whole or not at all.

An upload is checked in the request only for what is cheap (`check_upload`: the byte size and the
number of rows, counted from the sheet's XML without reading any cell); the rows are read and
submitted by a background task (`benchmarks.imports`). User text is written to the template as
text cells, and a formula or error cell in an upload is refused, never read as empty."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.periods import last_ended_period
from benchmarks.services import SubmissionsRefused, updates_submit_many
from missions.models import Mission
from missions.packages import UNREADABLE_PACKAGE

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
# Defaults of settings.WORKBENCH["EXCEL_UPLOAD_MAX_ROWS"] and ["EXCEL_UPLOAD_MAX_BYTES"].
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# A workbook's parts unpacked: beyond this it is not a template filled in (a zip bomb, say).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# XML elements a sheet may hold per row allowed, on average (the template's rows have 12 cells of
# one to three elements): a sheet of a few rows of a million cells is refused as soon as counted.
MAX_ELEMENTS_PER_ROW = 150


def max_rows() -> int:
    return settings.WORKBENCH.get("EXCEL_UPLOAD_MAX_ROWS", MAX_ROWS)


def max_bytes() -> int:
    return settings.WORKBENCH.get("EXCEL_UPLOAD_MAX_BYTES", MAX_BYTES)


def _column(key: str) -> str:
    return _column_at(KEYS.index(key))


def _column_at(index: int) -> str:
    """The column's letter and heading, e.g. "K (Narrative)"; the letter alone past the template's."""
    letter = get_column_letter(index + 1)
    return f"{letter} ({COLUMNS[index][1]})" if index < len(COLUMNS) else letter


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
        _append_as_text(
            sheet,
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
            ],
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


def _append_as_text(sheet, values: list) -> None:
    """Append a row in which every text is a text cell: openpyxl would write a text starting with
    "=" as a live formula into the reader's workbook."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


# Checks before any work ---------------------------------------------------------------------------

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def check_upload(file) -> int:
    """Refuse (ValidationError) a file above the byte limit, one that is not a workbook, or one
    with more rows than the limit, reading no cell: the rows of the sheet are counted in its XML
    and counting stops past the limit. Returns the number of rows below the headings."""
    limit = max_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s; upload at most %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    most = max_rows()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            if sum(item.file_size for item in package.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("The file is not an Excel workbook of progress updates (.xlsx)."))
            rows, too_large = _count_rows(package, _sheet_part(package), stop_after=most + 1)
    except UNREADABLE_PACKAGE:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    finally:
        file.seek(0)
    if too_large and rows - 1 <= most:
        raise ValidationError(
            _("The sheet holds more cells than %(max)s rows of the template can; download the template again.")
            % {"max": number_format(most, force_grouping=True)}
        )
    if rows - 1 > most:
        raise ValidationError(
            _("The file has more than %(max)s rows of updates; split it into files of at most %(max)s rows.")
            % {"max": number_format(most, force_grouping=True)}
        )
    return max(rows - 1, 0)


def _sheet_part(package: zipfile.ZipFile) -> str:
    """The path in the package of the sheet the import reads: "Updates", else the first."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    sheets = [(sheet.get("name"), sheet.get(f"{_REL_NS}id")) for sheet in book.iter(f"{_MAIN_NS}sheet")]
    if not sheets:
        raise KeyError("no sheet")
    relation = next((rid for name, rid in sheets if name == SHEET), sheets[0][1])
    links = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next(
        (link.get("Target", "") for link in links.iter(f"{_PACKAGE_REL_NS}Relationship") if link.get("Id") == relation),
        "",
    )
    if not target:
        raise KeyError("no sheet part")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _count_rows(package: zipfile.ZipFile, part: str, *, stop_after: int) -> tuple[int, bool]:
    """The sheet's rows, counted no further than `stop_after`, and whether it holds more XML than
    that many rows of the template could (counting stops there too)."""
    rows = elements = 0
    most_elements = (stop_after + 1) * MAX_ELEMENTS_PER_ROW
    with package.open(part) as stream:
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            elements += 1
            if elements > most_elements:
                return rows, True
            if element.tag == f"{_MAIN_NS}row":
                rows += 1
                element.clear()
                if rows > stop_after:
                    break
    return rows, False


# Reading and importing ------------------------------------------------------------------------------


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


def _cell_errors(number: int, cells) -> list[RowError]:
    """A formula or an error value in any cell: refused, never read as empty or as its text."""
    errors = []
    for index, cell in enumerate(cells):
        kind = getattr(cell, "data_type", None)
        if kind == "f":
            message = _("The cell holds a formula; type the value itself (formulas are not read).")
        elif kind == "e":
            message = _("The cell holds an error (%(error)s); type the value itself.") % {"error": cell.value}
        else:
            continue
        errors.append(RowError(number, _column_at(index), message))
    return errors


def _service_errors(number: int, error: Exception) -> list[RowError]:
    if isinstance(error, PermissionDenied):
        return [RowError(number, _column("indicator"), str(error))]
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [("indicator", error.messages)]
    return [
        RowError(number, _column(key) if key in KEYS else _column("indicator"), message)
        for key, messages in pairs
        for message in messages
    ]


class _RollBack(Exception):
    pass


def import_updates(
    *,
    file,
    user,
    mission: Mission,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[RowError]]:
    """Validate every row of the uploaded workbook and submit its updates in one transaction.
    Returns (number stored, errors); with any error nothing is stored. Rows with nothing filled
    in (no value, status, narrative or link) are skipped. `progress(done, total)` is told how
    many of the rows to submit were submitted."""
    try:
        book = load_workbook(file, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return 0, [RowError(1, "-", _("The file is not an Excel workbook (.xlsx)."))]
    sheet = book[SHEET] if SHEET in book.sheetnames else book.active
    rows = sheet.iter_rows()
    header = [_text(cell.value) for cell in next(rows, ())]
    expected = [header_text for _key, header_text in COLUMNS]
    if header[: len(expected)] != expected:
        book.close()
        return 0, [RowError(1, "-", _("The first row must be the template's headings; download the template again."))]
    allowed = {indicator.pk: indicator for indicator in reportable_indicators(user, mission)}
    statuses = {str(label).lower(): value for value, label in ProgressStatus.choices}
    statuses.update({value: value for value, _label in ProgressStatus.choices})
    errors: list[RowError] = []
    work: list[tuple[int, dict]] = []
    first_row: dict[tuple, int] = {}
    for number, cells in enumerate(rows, start=2):
        if number > max_rows() + 1:  # check_upload refuses such files; a file changed since is refused here
            errors.append(RowError(number, "-", _("The file has more than %(max)d rows.") % {"max": max_rows()}))
            break
        formula_errors = _cell_errors(number, cells)
        if formula_errors:
            errors.extend(formula_errors)
            continue
        values = dict(zip(KEYS, (cell.value for cell in cells), strict=False))
        if not any(_text(values.get(key)) for key in INPUT_KEYS):
            continue
        parsed, row_errors = _parse_row(number, values, allowed, statuses)
        errors.extend(row_errors)
        if row_errors:
            continue
        key = (parsed["indicator"].pk, parsed["period_start"])
        if key in first_row:
            errors.append(
                RowError(
                    number,
                    _column("indicator"),
                    _("Row %(row)d already reports this indicator for this period; keep one of the two rows.")
                    % {"row": first_row[key]},
                )
            )
            continue
        first_row[key] = number
        work.append((number, parsed))
    book.close()
    total = len(work)
    try:
        with transaction.atomic():
            try:
                updates_submit_many(
                    actor=user,
                    submissions=[parsed for _number, parsed in work],
                    today=today,
                    progress=(lambda done: progress(done, total)) if progress else None,
                )
            except SubmissionsRefused as refused:
                for index, error in refused.errors.items():
                    errors.extend(_service_errors(work[index][0], error))
            if errors:
                raise _RollBack
    except _RollBack:
        return 0, sorted(errors, key=lambda e: (e.row, e.column))
    return total, []
