"""The one writer of Excel workbooks people read (list downloads, the progress report's workbook).

Every sheet has a header row that is frozen and filtered, columns as wide as their content (capped
at MAX_WIDTH characters), long text wrapped, dates and date-times as real date cells and numbers in
the format of their unit (percent, US$, count). Sheet names are shortened on a word boundary to
Excel's 31 characters and made unique in the workbook.

The workbook is written as SpreadsheetML directly: a report of a large mission has tens of
thousands of cells, and a general-purpose library spends most of the time building a Python object
per cell. Every text is an inline string (never a formula), escaped with Django's `escape`.
openpyxl reads the files back (the tests do). The upload template of progress updates, which needs
data validation and cell protection, stays on openpyxl (benchmarks/excel.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.encoding import force_str
from django.utils.html import escape

SHEET_NAME_MAX = 31
MAX_WIDTH = 60
MIN_WIDTH = 6
# Texts longer than this wrap in their cell (their column stops at MAX_WIDTH).
WRAP_AT = 40

# Cell styles (the cellXfs of STYLES, in order).
PLAIN, HEADER, DATE, DATETIME, WRAP, PERCENT, USD, COUNT, DECIMAL, BOLD = range(10)
FORMATS = {"percent": PERCENT, "usd": USD, "count": COUNT}

STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="5"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm"/>'
    '<numFmt numFmtId="166" formatCode="#,##0.##&quot;%&quot;"/>'
    '<numFmt numFmtId="167" formatCode="&quot;US$&quot;#,##0.##"/>'
    '<numFmt numFmtId="168" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFECEFF2"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DATE_ZERO = dt.datetime(1899, 12, 30)
# Characters XML 1.0 cannot carry (Excel refuses a file holding them).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def unit_format(unit: str | None) -> str:
    """The number format of an indicator's unit: "percent" for %, "usd" for dollars, else "count"."""
    text = (unit or "").strip().lower()
    if text.startswith("%") or "percent" in text or "per cent" in text:
        return "percent"
    if "us$" in text or "usd" in text or "dollar" in text or text.startswith("$"):
        return "usd"
    return "count"


def sheet_title(title: str, used: set[str], *, fallback: str = "Sheet") -> str:
    """`title` as a sheet name: characters Excel refuses replaced, shortened on a word boundary to
    31 characters, and unique (case-insensitively) among `used`, which it joins."""
    base = re.sub(r"\s+", " ", _SHEET_ILLEGAL.sub(" ", force_str(title))).strip().strip("'") or fallback

    def shorten(text: str, limit: int) -> str:
        if len(text) <= limit:
            return text
        head = text[: limit + 1]
        cut = head.rsplit(" ", 1)[0].rstrip(" ,;:-–(") if " " in head else ""
        return cut if len(cut) >= limit // 2 else text[:limit].rstrip()

    name, n = shorten(base, SHEET_NAME_MAX), 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = shorten(base, SHEET_NAME_MAX - len(suffix)) + suffix
        n += 1
    used.add(name.lower())
    return name


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COLUMNS = [""] + [column_letter(n) for n in range(1, 53)]


def _letter(col: int) -> str:
    return _COLUMNS[col] if col < len(_COLUMNS) else column_letter(col)


class Sheet:
    """One worksheet, appended a row at a time. Rows above the header are a title block; the header
    row is frozen, filtered and bold; widths follow the content from the header row down."""

    def __init__(self, title: str):
        self.title = title
        self.rows: list[str] = []
        self.widths: dict[int, int] = {}
        self.header_row = 0
        self.last_col = 0

    def header(self, values: Sequence) -> None:
        self.header_row = len(self.rows) + 1
        self.last_col = max(self.last_col, len(values))
        self.append(values, style=HEADER)

    def append(self, values: Sequence, *, style: int = PLAIN, formats: Sequence[str | None] | None = None) -> None:
        """A row. `formats` gives each cell's number format by name (FORMATS), for numbers."""
        number = len(self.rows) + 1
        measured = self.header_row and number >= self.header_row
        cells = []
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            ref = f"{_letter(col)}{number}"
            width = 0
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                width = 5
            elif isinstance(value, int | float | Decimal):
                named = formats[col - 1] if formats and col - 1 < len(formats) else None
                if style != PLAIN:
                    xf = style
                elif named in FORMATS:
                    xf = FORMATS[named]
                    if xf == COUNT and isinstance(value, Decimal | float) and value != int(value):
                        xf = DECIMAL
                else:
                    xf = PLAIN
                s = f' s="{xf}"' if xf else ""
                cells.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
                width = len(f"{value:,}") + (4 if xf in (USD, PERCENT) else 1)
            elif isinstance(value, dt.datetime):
                serial = (value.replace(tzinfo=None) - _DATE_ZERO).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="{DATETIME}"><v>{serial!r}</v></c>')
                width = 16
            elif isinstance(value, dt.date):
                serial = (value - _DATE_ZERO.date()).days
                cells.append(f'<c r="{ref}" s="{DATE}"><v>{serial}</v></c>')
                width = 10
            else:
                text = XML_ILLEGAL.sub("", force_str(value))
                longest = max((len(line) for line in text.splitlines()), default=0)
                xf = style
                if xf == PLAIN and (longest > WRAP_AT or "\n" in text):
                    xf = WRAP
                s = f' s="{xf}"' if xf else ""
                cells.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>')
                # A header wraps too: it asks no more width than its longest word, or 20.
                width = min(longest, max(20, max(map(len, text.split()), default=0))) if style == HEADER else longest
            if measured:
                self.widths[col] = max(self.widths.get(col, 0), width)
            self.last_col = max(self.last_col, col)
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    @property
    def filter_ref(self) -> str:
        header = self.header_row or 1
        return f"A{header}:{_letter(max(self.last_col, 1))}{max(len(self.rows), header)}"

    def xml(self) -> str:
        header = self.header_row or 1
        view = (
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header}" topLeftCell="A{header + 1}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A{header + 1}" '
            f'sqref="A{header + 1}"/></sheetView></sheetViews>'
        )
        cols = "".join(
            f'<col min="{col}" max="{col}" width="{min(max(width + 2, MIN_WIDTH), MAX_WIDTH)}" customWidth="1"/>'
            for col, width in sorted(self.widths.items())
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">{view}'
            f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>{''.join(self.rows)}</sheetData>"
            f'<autoFilter ref="{self.filter_ref}"/></worksheet>'
        )


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file of `sheets`."""
    sheets = list(sheets)
    n = len(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + "</Types>"
    )
    package_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )

    def absolute(sheet: Sheet) -> str:
        start, end = sheet.filter_ref.split(":")
        split = re.compile(r"([A-Z]+)(\d+)")
        (a, b), (c, d) = split.match(start).groups(), split.match(end).groups()
        quoted = sheet.title.replace("'", "''")
        return escape(f"'{quoted}'!${a}${b}:${c}${d}")

    workbook_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{escape(sheet.title)}" sheetId="{i}" r:id="rId{i}"/>' for i, sheet in enumerate(sheets, 1)
        )
        + "</sheets><definedNames>"
        + "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{absolute(sheet)}</definedName>'
            for i, sheet in enumerate(sheets)
        )
        + "</definedNames></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", package_rels)
        package.writestr("xl/workbook.xml", workbook_xml)
        package.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        package.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
    return buffer.getvalue()
