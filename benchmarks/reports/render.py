"""Turn report data into files: HTML (a Django template), PDF (WeasyPrint, with inline SVG charts
drawn here), Excel (SpreadsheetML written here: a sheet per priority and a data sheet) and a Word
draft of the benchmark annex (python-docx, its tables' rows written as WordprocessingML). Each
function returns bytes; storing them is the service's job.

Markup written here (the charts' SVG, SpreadsheetML, WordprocessingML) escapes every text through
one helper, Django's `escape` (the template engine's own: `&`, `<`, `>`, `"` and `'`), in
attributes and text alike."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from benchmarks.choices import STATUS_TONE, ProgressStatus
from benchmarks.reports.data import STATUS_LABELS, BenchmarkRow, IndicatorRow, ReportData
from benchmarks.selectors import READY_STATUSES, STATUS_RANK
from planning.l10n import format_month, format_number

# WeasyPrint logs every layout step at INFO; a worker compiling fifty reports says enough without.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Above this many indicators the PDF is the summary edition, listing this many needing attention.
PDF_FULL_UP_TO = 40
PDF_ATTENTION_ROWS = 25
ATTENTION_STATUSES = (ProgressStatus.OFF_TRACK, ProgressStatus.AT_RISK)

# Print colours of the status tones (the same families as the workbench stylesheet).
TONE_COLOURS = {"green": "#1e6b34", "amber": "#b07200", "red": "#a4262c", "grey": "#6b7785"}


def _num(value) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    return format_number(value, 0 if value == value.to_integral() else 2)


def trend_svg(row: IndicatorRow, width: int = 150, height: int = 40) -> str:
    """A small line chart of the approved values, with the target as a dashed line. The numbers are
    also in the table beside it, so the chart is marked decorative with a title for context."""
    indicator = row.indicator
    values = [(p.period_end, p.value) for p in row.points if p.value is not None]
    title = escape(_("Trend of %(name)s") % {"name": indicator.name})
    if not values:
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="{title}"><title>{title}</title>'
            f'<text x="4" y="{height // 2}" font-size="10" fill="#4f5d6b">{escape(_("No approved values"))}</text>'
            "</svg>"
        )
    numbers = [float(v) for _day, v in values] + [float(indicator.target_value), float(indicator.baseline_value)]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    pad = 6

    def y(v: float) -> float:
        return round(height - pad - (v - low) / span * (height - 2 * pad), 1)

    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = [(round(pad + i * step, 1), y(float(v))) for i, (_day, v) in enumerate(values)]
    line = " ".join(f"{x},{yy}" for x, yy in coords)
    colour = TONE_COLOURS[STATUS_TONE.get(row.status, "grey")]
    target_y = y(float(indicator.target_value))
    last_x, last_y = coords[-1]
    dots = f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="{colour}"/>'
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff" stroke="#cfd8e0"/>'
        f'<line x1="{pad}" x2="{width - pad}" y1="{target_y}" y2="{target_y}" stroke="#4f5d6b" stroke-dasharray="4 3"/>'
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}</svg>'
    )


def status_bar_svg(counts: dict[str, int], width: int = 220, height: int = 14) -> str:
    """A stacked bar of indicator statuses; the counts are printed beside it in words."""
    total = sum(counts.values())
    if not total:
        return ""
    x = 0.0
    parts = []
    for code, _label in ProgressStatus.choices:
        n = counts.get(code, 0)
        if not n:
            continue
        w = width * n / total
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
            f'fill="{TONE_COLOURS[STATUS_TONE[code]]}"><title>{escape(str(STATUS_LABELS[code]))}: {n}</title></rect>'
        )
        x += w
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" aria-hidden="true">'
        + "".join(parts)
        + "</svg>"
    )


def benchmark_trend_svg(benchmark: BenchmarkRow, width: int = 300, height: int = 44) -> str:
    """Share of the benchmark's indicators achieved or on track at each recent period end: one
    chart per benchmark, for PDFs of missions with too many indicators for a chart each."""
    ends = sorted({p.period_end for row in benchmark.indicators for p in row.points})[-12:]
    if not ends:
        return ""
    shares = []
    for end in ends:
        ready = 0
        for row in benchmark.indicators:
            status = None
            for point in row.points:
                if point.period_end <= end:
                    status = point.status
            ready += status in READY_STATUSES
        shares.append(ready / len(benchmark.indicators))
    pad = 4
    step = (width - 2 * pad) / max(len(shares) - 1, 1)
    inner = height - 2 * pad
    points = " ".join(f"{pad + i * step:.0f},{height - pad - share * inner:.0f}" for i, share in enumerate(shares))
    percent = round(100 * shares[-1])
    title = escape(
        _("%(title)s: %(percent)d%% of indicators achieved or on track at %(date)s")
        % {"title": benchmark.benchmark.title, "percent": percent, "date": date_format(ends[-1])}
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="{title}">'
        f'<title>{title}</title><rect x="0" y="0" width="{width}" height="{height}" fill="#fff" stroke="#cfd8e0"/>'
        f'<polyline points="{points}" fill="none" stroke="#0b5c8e" stroke-width="2"/>'
        f'<text x="{width - pad}" y="12" font-size="9" text-anchor="end" fill="#1d2733">{percent}%</text>'
        "</svg>"
    )


def _context(data: ReportData, *, summary: bool) -> dict:
    for benchmark in data.benchmarks:
        for row in benchmark.indicators:
            row.trend = "" if summary else trend_svg(row)
            row.target = _num(row.indicator.target_value)
            row.current = _num(row.current_value)
            row.baseline = _num(row.indicator.baseline_value)
            row.benchmark_title = benchmark.benchmark.title
        benchmark.trend = benchmark_trend_svg(benchmark, width=200, height=30) if summary else ""
        counts: dict[str, int] = {}
        for row in benchmark.indicators:
            counts[row.status] = counts.get(row.status, 0) + 1
        benchmark.count_text = "; ".join(
            f"{label}: {counts[code]}" for code, label in ProgressStatus.choices if counts.get(code)
        )
    for priority in data.priorities:
        priority.bar = status_bar_svg(priority.counts)
        priority.count_list = [
            (code, label, priority.counts.get(code, 0))
            for code, label in ProgressStatus.choices
            if priority.counts.get(code)
        ]
    context = {
        "data": data,
        "mission": data.mission,
        "summary": summary,
        "narratives": data.narratives,
        "overdue": data.overdue,
        "overdue_more": 0,
    }
    if summary:
        needing = [r for r in data.indicator_rows if r.overdue or r.status in ATTENTION_STATUSES]
        needing.sort(key=lambda r: (-STATUS_RANK[r.status], not r.overdue, r.indicator.name))
        attention = needing[:PDF_ATTENTION_ROWS]
        context.update(
            attention=attention,
            attention_total=len(needing),
            narratives=[r.period_update for r in attention if r.period_update and r.period_update.narrative.strip()],
            overdue=data.overdue[:PDF_ATTENTION_ROWS],
            overdue_more=max(len(data.overdue) - PDF_ATTENTION_ROWS, 0),
        )
    return context


def render_html(data: ReportData, *, for_pdf: bool = False) -> str:
    """The report document. For the PDF of a mission with more than PDF_FULL_UP_TO indicators it
    is the summary edition: benchmarks with one trend chart each and the indicators that most need
    attention. WeasyPrint's time grows with every row and chart; the web version (this same
    template in full) and the workbook keep every indicator."""
    summary = for_pdf and len(data.indicator_rows) > PDF_FULL_UP_TO
    return render_to_string("benchmarks/reports/report.html", _context(data, summary=summary))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or _("Priority")
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name.lower())
    return name


# ---------------------------------------------------------------- Excel
# The workbook is written as SpreadsheetML directly: a report of a large mission has tens of
# thousands of cells, and a general-purpose library spends most of a compile building a Python
# object per cell. The files are the same: a sheet per priority and a Data sheet, inline strings,
# bold headers, dates and date-times as numbers with a date format (openpyxl reads them back).

_XLSX_DATE_ZERO = dt.datetime(1899, 12, 30)
# Characters XML 1.0 cannot carry (Excel refuses a file holding them).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Cell styles (cellXfs below): plain, bold header, date, date and time.
_XF_BOLD, _XF_DATE, _XF_DATETIME = 1, 2, 3
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COLUMNS = [""] + [_column_letter(n) for n in range(1, 53)]


class _Sheet:
    """One worksheet's rows as SpreadsheetML, appended a row at a time."""

    def __init__(self, title: str):
        self.title = title
        self.rows: list[str] = []

    def append(self, values, *, style: int = 0) -> None:
        number = len(self.rows) + 1
        cells = []
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            ref = f"{_COLUMNS[col] if col < len(_COLUMNS) else _column_letter(col)}{number}"
            s = f' s="{style}"' if style else ""
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                cells.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
            elif isinstance(value, dt.datetime):
                serial = (value.replace(tzinfo=None) - _XLSX_DATE_ZERO).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="{style or _XF_DATETIME}"><v>{serial!r}</v></c>')
            elif isinstance(value, dt.date):
                serial = (value - _XLSX_DATE_ZERO.date()).days
                cells.append(f'<c r="{ref}" s="{style or _XF_DATE}"><v>{serial}</v></c>')
            else:
                text = escape(_XML_ILLEGAL.sub("", str(value)))
                cells.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self) -> str:
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_XLSX_MAIN}">'
            f"<sheetData>{''.join(self.rows)}</sheetData></worksheet>"
        )


def _xlsx_package(sheets: list[_Sheet]) -> bytes:
    import zipfile

    n = len(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_XLSX_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_XLSX_CT}.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_XLSX_CT}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + "</Types>"
    )
    package_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_XLSX_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_XLSX_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{escape(sheet.title)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, sheet in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_XLSX_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_XLSX_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{_XLSX_REL}/styles" Target="styles.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", package_rels)
        package.writestr("xl/workbook.xml", workbook)
        package.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        package.writestr("xl/styles.xml", _XLSX_STYLES)
        for i, sheet in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
    return buffer.getvalue()


def render_xlsx(data: ReportData) -> bytes:
    used: set[str] = set()
    sheets: list[_Sheet] = []
    columns = [
        _("Benchmark"),
        _("Transition"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Target"),
        _("Target date"),
        _("Current value"),
        _("Aggregation"),
        _("Status"),
        _("Value this period"),
        _("Narrative this period"),
        _("Approved by"),
        _("Overdue"),
    ]
    yes, no = _("yes"), _("no")
    for priority in data.priorities:
        sheet = _Sheet(_sheet_title(priority.title, used))
        sheets.append(sheet)
        sheet.append([priority.title])
        sheet.append([_("Status"), str(priority.status_label)])
        sheet.append([])
        sheet.append(columns, style=_XF_BOLD)
        for benchmark in priority.benchmarks:
            title, transition = benchmark.benchmark.title, yes if benchmark.benchmark.is_transition else no
            for row in benchmark.indicators:
                indicator, update = row.indicator, row.period_update
                sheet.append(
                    [
                        title,
                        transition,
                        indicator.name,
                        indicator.unit,
                        indicator.baseline_value,
                        indicator.target_value,
                        indicator.target_date,
                        row.current_value,
                        indicator.get_aggregation_display(),
                        row.status_label,
                        update.value if update else None,
                        update.narrative if update else "",
                        _user(update.approved_by) if update else "",
                        yes if row.overdue else no,
                    ]
                )
    data_sheet = _Sheet(_sheet_title(_("Data"), used))
    sheets.append(data_sheet)
    data_sheet.append(
        [
            _("Indicator id"),
            _("Benchmark"),
            _("Indicator"),
            _("Unit"),
            _("Period start"),
            _("Period end"),
            _("Value"),
            _("Status"),
            _("Narrative"),
            _("Submitted by"),
            _("Approved by"),
            _("Approved at"),
        ],
        style=_XF_BOLD,
    )
    benchmark_titles = {b.benchmark.pk: b.benchmark.title for b in data.benchmarks}
    status_labels = {code: str(label) for code, label in STATUS_LABELS.items()}
    for update in data.updates:
        indicator = update.indicator
        data_sheet.append(
            [
                indicator.pk,
                benchmark_titles.get(indicator.benchmark_id, ""),
                indicator.name,
                indicator.unit,
                update.period_start,
                update.period_end,
                update.value,
                status_labels.get(update.status, update.status),
                update.narrative,
                _user(update.submitted_by),
                _user(update.approved_by),
                update.approved_at,
            ]
        )
    return _xlsx_package(sheets)


def _user(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _docx_run(text: str, *, bold: bool = False) -> str:
    """A run of text as python-docx writes it: tabs and line breaks as their own elements."""
    parts = []
    for n, line in enumerate(re.split(r"\r\n|[\r\n]", _XML_ILLEGAL.sub("", text))):
        if n:
            parts.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{''.join(parts)}</w:r>"


def _docx_row(widths: list[int], values: list[str], *, bold: bool = False) -> str:
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{_docx_run(text, bold=bold)}</w:p></w:tc>'
        for width, text in zip(widths, values, strict=True)
    )
    return f"<w:tr>{cells}</w:tr>"


def render_docx(data: ReportData) -> bytes:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    mission = data.mission
    period = _("%(start)s to %(end)s") % {
        "start": date_format(data.period_start, "DATE_FORMAT"),
        "end": date_format(data.period_end, "DATE_FORMAT"),
    }
    document.add_heading(_("Annex: progress against benchmarks (draft)"), level=1)
    document.add_paragraph(f"{mission.name} ({mission.acronym}), {period}")
    document.add_paragraph().add_run(
        _(
            "Draft prepared by the Integrated Mission Planning Workbench from approved progress updates; "
            "for review before it is annexed to the report of the Secretary-General."
        )
    ).italic = True
    # The annex goes benchmark by benchmark, each once, as the Council asked for them (a benchmark
    # serving several priorities appears under each of them in the report itself).
    priorities_of: dict[int, list[str]] = {}
    for priority in data.priorities:
        for benchmark in priority.benchmarks:
            priorities_of.setdefault(benchmark.benchmark.pk, []).append(priority.title)
    grid = document.styles["Table Grid"]
    header = [str(text) for text in (_("Indicator"), _("Baseline"), _("Target"), _("Current"), _("Status"))]
    for benchmark in data.benchmarks:
        title = benchmark.benchmark.title
        if benchmark.benchmark.is_transition:
            title += " " + _("(transition benchmark)")
        document.add_heading(f"{title}: {benchmark.status_label}", level=2)
        if priorities_of.get(benchmark.benchmark.pk):
            document.add_paragraph(
                _("Priorities: %(list)s") % {"list": "; ".join(priorities_of[benchmark.benchmark.pk])}
            )
        # The rows and the narratives are written as WordprocessingML and parsed once per benchmark:
        # building them run by run through python-docx's objects takes most of the annex's time for
        # a large mission.
        table = document.add_table(rows=0, cols=5)
        table.style = grid
        widths = [col.w.twips for col in table._tbl.tblGrid.gridCol_lst]
        rows = [_docx_row(widths, header, bold=True)]
        for row in benchmark.indicators:
            indicator = row.indicator
            values = [
                f"{indicator.name} ({indicator.unit})",
                f"{_num(indicator.baseline_value)} ({format_month(indicator.baseline_date)})",
                f"{_num(indicator.target_value)} ({format_month(indicator.target_date)})",
                _num(row.current_value),
                row.status_label,
            ]
            rows.append(_docx_row(widths, values))
        table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"))
        narratives = [
            f"<w:p>{_docx_run(f'{row.indicator.name}: ', bold=True)}{_docx_run(row.period_update.narrative)}</w:p>"
            for row in benchmark.indicators
            if row.period_update and row.period_update.narrative.strip()
        ]
        # Right after the table, so the body's section properties stay last.
        anchor = table._tbl
        for paragraph in list(parse_xml(f"<w:body {nsdecls('w')}>{''.join(narratives)}</w:body>")):
            anchor.addnext(paragraph)
            anchor = paragraph
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_all(data: ReportData, *, language: str | None = None, progress=None) -> dict[str, bytes]:
    """All four files, calling `progress(percent)` between them."""
    with translation.override(language or translation.get_language()):
        html = render_html(data)
        pdf_html = render_html(data, for_pdf=True) if len(data.indicator_rows) > PDF_FULL_UP_TO else html
        if progress:
            progress(45)
        pdf = render_pdf(pdf_html)
        if progress:
            progress(70)
        xlsx = render_xlsx(data)
        if progress:
            progress(80)
        docx = render_docx(data)
        if progress:
            progress(90)
    return {"html": html.encode(), "pdf": pdf, "xlsx": xlsx, "docx": docx}
