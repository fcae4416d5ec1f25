"""Turn report data into files: HTML (a Django template), PDF (WeasyPrint, with inline SVG charts
drawn here), Excel (openpyxl: a sheet per priority and a data sheet) and a Word draft of the
benchmark annex (python-docx). Each function returns bytes; storing them is the service's job."""

from __future__ import annotations

import io
import logging
import re
from decimal import Decimal
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from benchmarks.choices import STATUS_TONE, ProgressStatus
from benchmarks.reports.data import STATUS_LABELS, IndicatorRow, ReportData

# WeasyPrint logs every layout step at INFO; a worker compiling fifty reports says enough without.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Print colours of the status tones (the same families as the workbench stylesheet).
TONE_COLOURS = {"green": "#1e6b34", "amber": "#b07200", "red": "#a4262c", "grey": "#6b7785"}


def _num(value) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"


def trend_svg(row: IndicatorRow, width: int = 220, height: int = 60) -> str:
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
    dots = "".join(f'<circle cx="{x}" cy="{yy}" r="2.5" fill="{colour}"/>' for x, yy in coords)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff" stroke="#cfd8e0"/>'
        f'<line x1="{pad}" x2="{width - pad}" y1="{target_y}" y2="{target_y}" stroke="#4f5d6b" stroke-dasharray="4 3"/>'
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}</svg>'
    )


def status_bar_svg(counts: dict[str, int], width: int = 360, height: int = 18) -> str:
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


def _context(data: ReportData) -> dict:
    for row in data.indicator_rows:
        row.trend = trend_svg(row)
    for priority in data.priorities:
        priority.bar = status_bar_svg(priority.counts)
        priority.count_list = [
            (code, label, priority.counts.get(code, 0))
            for code, label in ProgressStatus.choices
            if priority.counts.get(code)
        ]
    return {"data": data, "mission": data.mission}


def render_html(data: ReportData) -> str:
    return render_to_string("benchmarks/reports/report.html", _context(data))


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


def render_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()

    def header(sheet, cells):
        from openpyxl.cell import WriteOnlyCell

        row = []
        for text in cells:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            row.append(cell)
        sheet.append(row)

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
    for priority in data.priorities:
        sheet = workbook.create_sheet(_sheet_title(priority.title, used))
        sheet.append([priority.title])
        sheet.append([_("Status"), str(priority.status_label)])
        sheet.append([])
        header(sheet, columns)
        for benchmark in priority.benchmarks:
            for row in benchmark.indicators:
                indicator, update = row.indicator, row.period_update
                sheet.append(
                    [
                        benchmark.benchmark.title,
                        _("yes") if benchmark.benchmark.is_transition else _("no"),
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
                        _("yes") if row.overdue else _("no"),
                    ]
                )
    data_sheet = workbook.create_sheet(_sheet_title(_("Data"), used))
    header(
        data_sheet,
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
    )
    benchmark_titles = {b.benchmark.pk: b.benchmark.title for b in data.benchmarks}
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
                str(STATUS_LABELS.get(update.status, update.status)),
                update.narrative,
                _user(update.submitted_by),
                _user(update.approved_by),
                update.approved_at.replace(tzinfo=None) if update.approved_at else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _user(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def render_docx(data: ReportData) -> bytes:
    from docx import Document
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
    document.add_paragraph(
        _(
            "Draft prepared by the Integrated Mission Planning Workbench from approved progress updates; "
            "for review before it is annexed to the report of the Secretary-General."
        )
    ).italic = True
    for priority in data.priorities:
        document.add_heading(priority.title, level=2)
        for benchmark in priority.benchmarks:
            title = benchmark.benchmark.title
            if benchmark.benchmark.is_transition:
                title += " " + _("(transition benchmark)")
            document.add_heading(f"{title}: {benchmark.status_label}", level=3)
            table = document.add_table(rows=1, cols=5)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells,
                [_("Indicator"), _("Baseline"), _("Target"), _("Current"), _("Status")],
                strict=True,
            ):
                cell.text = str(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in benchmark.indicators:
                indicator = row.indicator
                cells = table.add_row().cells
                cells[0].text = f"{indicator.name} ({indicator.unit})"
                cells[1].text = f"{_num(indicator.baseline_value)} ({indicator.baseline_date:%b %Y})"
                cells[2].text = f"{_num(indicator.target_value)} ({indicator.target_date:%b %Y})"
                cells[3].text = _num(row.current_value)
                cells[4].text = row.status_label
            for row in benchmark.indicators:
                if row.period_update and row.period_update.narrative.strip():
                    paragraph = document.add_paragraph()
                    paragraph.add_run(f"{row.indicator.name}: ").bold = True
                    paragraph.add_run(row.period_update.narrative)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_all(data: ReportData, *, language: str | None = None, progress=None) -> dict[str, bytes]:
    """All four files, calling `progress(percent)` between them."""
    with translation.override(language or translation.get_language()):
        html = render_html(data)
        if progress:
            progress(45)
        pdf = render_pdf(html)
        if progress:
            progress(70)
        xlsx = render_xlsx(data)
        if progress:
            progress(80)
        docx = render_docx(data)
        if progress:
            progress(90)
    return {"html": html.encode(), "pdf": pdf, "xlsx": xlsx, "docx": docx}
