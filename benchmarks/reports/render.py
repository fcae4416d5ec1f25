"""Turn report data into files: HTML (a Django template), PDF (WeasyPrint, with inline SVG charts
drawn here), Excel (SpreadsheetML written here: a sheet per priority and a data sheet) and a Word
draft of the benchmark annex (python-docx, its tables' rows written as WordprocessingML). Each
function returns bytes; storing them is the service's job.

Markup written here (the charts' SVG, WordprocessingML) escapes every text through
one helper, Django's `escape` (the template engine's own: `&`, `<`, `>`, `"` and `'`), in
attributes and text alike."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from benchmarks.choices import REPORT_FORMATS, STATUS_TONE, ProgressStatus, ReportEdition
from benchmarks.reports.data import STATUS_LABELS, BenchmarkRow, IndicatorRow, ReportData
from benchmarks.selectors import READY_STATUSES, STATUS_RANK
from missions.generic import spreadsheets
from missions.generic.spreadsheets import XML_ILLEGAL as _XML_ILLEGAL
from planning.l10n import format_date, format_month, format_number

# WeasyPrint logs every layout step at INFO; a worker compiling fifty reports says enough without.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The report document's sections in order, each a template (templates/benchmarks/reports/sections/).
# Another part of the workbench adds its section by inserting its template here; `summary_only`
# sections appear in the summary edition alone.
REPORT_SECTIONS = [
    "benchmarks/reports/sections/summary.html",
    "benchmarks/reports/sections/priorities.html",
    "benchmarks/reports/sections/attention.html",
    "benchmarks/reports/sections/narrative.html",
    "benchmarks/reports/sections/overdue.html",
    "benchmarks/reports/sections/transition.html",
    "benchmarks/reports/_compact.html",
    "benchmarks/reports/_review.html",
    "benchmarks/reports/sections/gaps.html",
    "benchmarks/reports/sections/iap.html",
    "benchmarks/reports/sections/approvals.html",
]
SUMMARY_ONLY_SECTIONS = {"benchmarks/reports/sections/attention.html"}

# The summary edition lists this many of the indicators needing attention.
PDF_ATTENTION_ROWS = 25
ATTENTION_STATUSES = (ProgressStatus.OFF_TRACK, ProgressStatus.AT_RISK)

# Print colours of the status tones (the same families as the workbench stylesheet).
TONE_COLOURS = {"green": "#1e6b34", "amber": "#b07200", "red": "#a4262c", "grey": "#6b7785"}


def _num(value) -> str:
    """A figure in the active language's format, grouped (1,800,000; 1 800 000 in French)."""
    if value is None:
        return "–"
    value = Decimal(value)
    return format_number(value, 0 if value == value.to_integral() else 2)


def trend_svg(row: IndicatorRow, width: int = 130, height: int = 40) -> str:
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
    shown = [code for code, _label in ProgressStatus.choices if counts.get(code)]
    label = escape("; ".join(f"{STATUS_LABELS[code]}: {counts[code]}" for code in shown))
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>" + "".join(parts) + "</svg>"
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
        % {"title": benchmark.benchmark.title, "percent": percent, "date": format_date(ends[-1])}
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
        "sections": [name for name in REPORT_SECTIONS if summary or name not in SUMMARY_ONLY_SECTIONS],
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


def render_html(data: ReportData, *, summary: bool = False) -> str:
    """The report document, full (every indicator with its trend) or, when the reader asks for it,
    the summary edition (benchmarks with one trend chart each and the indicators that most need
    attention)."""
    return render_to_string("benchmarks/reports/report.html", _context(data, summary=summary))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # PDF/UA-1: tagged (headings, tables, lists, figures with their alternative text), the document
    # language from <html lang> and its title from <title>.
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


# ---------------------------------------------------------------- Excel
# The workbook goes through the one writer of workbooks (missions.generic.spreadsheets): a sheet per
# priority and a Data sheet, frozen and filtered header rows, fitted widths, number formats by unit.


def render_xlsx(data: ReportData) -> bytes:
    used: set[str] = set()
    sheets: list[spreadsheets.Sheet] = []
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
    formats_of: dict[str, list] = {}
    for priority in data.priorities:
        sheet = spreadsheets.Sheet(spreadsheets.sheet_title(priority.title, used, fallback=_("Priority")))
        sheets.append(sheet)
        sheet.append([priority.title], style=spreadsheets.BOLD)
        sheet.append([_("Status"), str(priority.status_label)])
        sheet.append([])
        sheet.header(columns)
        for benchmark in priority.benchmarks:
            title, transition = benchmark.benchmark.title, yes if benchmark.benchmark.is_transition else no
            for row in benchmark.indicators:
                indicator, update = row.indicator, row.period_update
                unit = spreadsheets.unit_format(indicator.unit)
                formats = formats_of.get(unit)
                if formats is None:
                    formats = formats_of[unit] = [None, None, None, None, unit, unit, None, unit, None, None, unit]
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
                    ],
                    formats=formats,
                )
    data_sheet = spreadsheets.Sheet(spreadsheets.sheet_title(_("Data"), used))
    sheets.append(data_sheet)
    data_sheet.header(
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
        ]
    )
    benchmark_titles = {b.benchmark.pk: b.benchmark.title for b in data.benchmarks}
    status_labels = {code: str(label) for code, label in STATUS_LABELS.items()}
    value_formats = {unit: [None] * 6 + [unit] for unit in ("percent", "usd", "count")}
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
            ],
            formats=value_formats[spreadsheets.unit_format(indicator.unit)],
        )
    return spreadsheets.workbook(sheets)


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


def _docx_row(widths: list[int], values: list[str], *, header: bool = False) -> str:
    """A table row; the header row (bold and shaded by the house table style) repeats on each page."""
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{_docx_run(text, bold=header)}</w:p></w:tc>'
        for width, text in zip(widths, values, strict=True)
    )
    properties = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{properties}{cells}</w:tr>"


def render_docx(data: ReportData) -> bytes:
    """The benchmark annex, the report's Word edition, in the house style (missions.generic.documents)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from missions.generic import documents

    mission = data.mission
    period = _("%(start)s to %(end)s") % {
        "start": format_date(data.period_start),
        "end": format_date(data.period_end),
    }
    document = documents.house_document(
        title=_("Annex: progress against benchmarks (draft)"),
        mission=f"{mission.name} ({mission.acronym})",
        period=period,
        # A working draft for review, before it is annexed to the report of the Secretary-General.
        classification=documents.INTERNAL,
        lines=[f"{mission.name} ({mission.acronym})", period],
    )
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
    house = document.styles[documents.TABLE_STYLE]
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
        table.style = house
        widths = [col.w.twips for col in table._tbl.tblGrid.gridCol_lst]
        rows = [_docx_row(widths, header, header=True)]
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
    return documents.to_bytes(document)


def render_all(
    data: ReportData,
    *,
    language: str | None = None,
    edition: str = ReportEdition.FULL,
    formats=REPORT_FORMATS,
    progress=None,
) -> dict[str, bytes]:
    """The files of the chosen `formats` in the chosen edition and language, calling
    `progress(percent)` between them. The edition shapes the document (HTML and PDF); the workbook
    and the annex always hold every indicator."""
    files: dict[str, bytes] = {}
    with translation.override(language or translation.get_language()):
        if "html" in formats or "pdf" in formats:
            html = render_html(data, summary=edition == ReportEdition.SUMMARY)
            if "html" in formats:
                files["html"] = html.encode()
            if progress:
                progress(45)
            if "pdf" in formats:
                files["pdf"] = render_pdf(html)
        if progress:
            progress(70)
        if "xlsx" in formats:
            files["xlsx"] = render_xlsx(data)
        if progress:
            progress(80)
        if "docx" in formats:
            files["docx"] = render_docx(data)
        if progress:
            progress(90)
    return files
