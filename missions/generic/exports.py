"""Lists downloaded as CSV and Excel, on the generic layer.

A list page opts in with `ExportableListMixin`: it names its columns (`export_columns`, a label and
an accessor each) and says which rows it shows (`list_rows()`), the one method the page and the
download both read, so a download holds exactly the rows the page shows, with the same FilterSet
and the same restricted queryset. `?format=csv` or `?format=xlsx` on the page's own address (with
its filters) answers the file; `export_links` in the context gives the two links
(templates/includes/export_links.html).

Values are written one way: dates as ISO dates (real date cells in Excel), numbers as plain numbers
(real number cells in Excel), choices by their label, nothing as an empty cell. Text that a
spreadsheet would read as a formula is written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a download: its heading and how a row gives its value (a dotted path of
    attributes, each called when callable, or a function of the row)."""

    label: str | Promise
    value: str | Callable

    def of(self, row):
        if callable(self.value):
            return self.value(row)
        for part in self.value.split("."):
            if row is None:
                return None
            row = getattr(row, part)
            if callable(row):
                row = row()
        return row


def _columns(spec: Sequence) -> list[Column]:
    return [item if isinstance(item, Column) else Column(*item) for item in spec]


def plain(value):
    """The one form of a value in a download: date, datetime (local, no zone), number, text or None."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    return force_str(value)


def _csv_text(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    if isinstance(value, int | float):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(columns: Sequence, rows: Iterable) -> bytes:
    """A UTF-8 CSV (with a byte order mark, so spreadsheets read accents) of `rows`."""
    columns = _columns(columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([force_str(column.label) for column in columns])
    for row in rows:
        writer.writerow([_csv_text(column.of(row)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(columns: Sequence, rows: Iterable, *, title: str) -> bytes:
    """An Excel workbook of `rows` through the one workbook writer (missions.generic.spreadsheets):
    real number and date cells, a frozen and filtered header row, fitted widths, wrapped long text."""
    from missions.generic import spreadsheets

    columns = _columns(columns)
    sheet = spreadsheets.Sheet(spreadsheets.sheet_title(force_str(title), set()))
    sheet.header([force_str(column.label) for column in columns])
    for row in rows:
        sheet.append([plain(column.of(row)) for column in columns])
    return spreadsheets.workbook([sheet])


def export_response(fmt: str, columns: Sequence, rows: Iterable, *, name: str, title: str) -> HttpResponse:
    """The download of `rows` as `fmt` ("csv" or "xlsx"), named `name-YYYY-MM-DD.fmt`."""
    filename = f"{name}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(write_csv(columns, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(write_xlsx(columns, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_url(request, fmt: str) -> str:
    """The page's own address with its filters and `format=fmt` (no page number: a download holds
    every row)."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    query["format"] = fmt
    return f"{request.path}?{query.urlencode()}"


class ExportableListMixin:
    """A list page that downloads as CSV and Excel; see the module docstring. Set
    `export_columns` and `export_name`, and implement `list_rows()` (used by the page too)."""

    export_columns: Sequence = ()
    export_name = "list"
    export_title: str | Promise = ""

    def list_rows(self):
        raise NotImplementedError(f"{type(self).__name__} must say which rows it lists in list_rows().")

    def export_rows(self):
        """The rows of the download: those of the page."""
        return self.list_rows()

    def get_export_columns(self) -> Sequence:
        return self.export_columns

    def get_export_name(self) -> str:
        return self.export_name

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in EXPORT_FORMATS:
            return export_response(
                fmt,
                self.get_export_columns(),
                self.export_rows(),
                name=self.get_export_name(),
                title=self.export_title or self.export_name,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_links"] = [
            {"format": fmt, "url": export_url(self.request, fmt), "label": label}
            for fmt, label in (("csv", _("Download CSV")), ("xlsx", _("Download Excel")))
        ]
        return context
