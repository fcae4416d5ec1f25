"""What a report says and how it is rendered (eager, no worker)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from benchmarks.choices import ProgressStatus, UpdateState
from benchmarks.reports import hooks, render
from benchmarks.reports.data import ReportDataError, data_version, report_data
from benchmarks.reports.periods import last_period_due, period_containing
from tests.benchmarks.reports.world import PRIORITIES, pdf_text
from tests.factories import MissionFactory, ProgressUpdateFactory


def test_periods_follow_the_mission_cycle():
    assert period_containing(dt.date(2025, 3, 15), 4) == (dt.date(2025, 1, 1), dt.date(2025, 4, 30))
    assert period_containing(dt.date(2025, 12, 31), 6) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    # 15 days after the end of April the January-April report is due, not before.
    assert last_period_due(dt.date(2025, 5, 15), 4, 15) == (dt.date(2025, 1, 1), dt.date(2025, 4, 30))
    assert last_period_due(dt.date(2025, 5, 14), 4, 15) == (dt.date(2024, 9, 1), dt.date(2024, 12, 31))


def test_data_groups_indicators_under_the_priorities_of_the_endorsed_framework(rworld):
    w = rworld
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    assert [p.title for p in data.priorities] == PRIORITIES
    security, justice, economy = data.priorities
    assert security.status == ProgressStatus.ON_TRACK
    assert economy.status == ProgressStatus.AT_RISK
    # The courts' update is only submitted: the indicator is not assessed, and 77 appears nowhere.
    assert justice.status == ProgressStatus.NOT_ASSESSED
    assert all(u.value != Decimal("77") for u in data.updates)
    counties = security.benchmarks[0].indicators[0]
    assert counties.current_value == Decimal("9")
    assert [p.value for p in counties.points] == [Decimal("6"), Decimal("9")]
    assert [u.indicator.name for u in data.narratives] == [
        "Counties where police lead security",
        "Young people in work programmes",
    ]
    assert {u.approved_by for u in data.approvals} == {w.planner}
    assert data.transition["indicators"] == 1 and data.transition["ready"] == 1
    assert data.gaps == [w.gap]


def test_data_reads_a_fixed_number_of_queries(rworld, django_assert_max_num_queries):
    w = rworld
    hooks.register_iap_evaluator(lambda mission: [])
    try:
        # 8: the figures by each indicator's rule read every approved value since the baseline.
        # 9 with the latest mandate review of the period, 10 with the compact of the period (two
        # more when the mission has one: its commitments and their approved updates).
        with django_assert_max_num_queries(10):
            report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    finally:
        hooks.register_iap_evaluator(None)


def test_a_mission_without_indicators_cannot_make_a_report(db):
    mission = MissionFactory(acronym="EMPTY")
    with pytest.raises(ReportDataError, match="no benchmark with an indicator"):
        report_data(mission=mission, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 4, 30))


def test_data_version_changes_only_when_approved_data_changes(rworld):
    w = rworld
    args = {"mission": w.mission, "period_start": w.period_start, "period_end": w.period_end}
    first = data_version(**args)
    assert data_version(**args) == first
    ProgressUpdateFactory(indicator=w.courts_ind, period_start=dt.date(2024, 10, 1), period_end=dt.date(2024, 12, 31))
    assert data_version(**args) == first  # a draft changes nothing
    update = w.courts_ind.updates.get(period_start=dt.date(2025, 1, 1))
    update.state, update.approved_by, update.approved_at = UpdateState.APPROVED, w.planner, timezone.now()
    update.save()
    assert data_version(**args) != first


def test_iap_section_says_not_evaluated_without_an_evaluator(rworld, settings):
    w = rworld
    settings.WORKBENCH_REPORT_IAP_EVALUATOR = ""
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    assert data.iap is None
    assert "Not evaluated" in render.render_html(data)


def test_iap_section_shows_the_registered_evaluation(rworld):
    w = rworld
    hooks.register_iap_evaluator(
        lambda mission: [{"name": "Joint analysis", "status": "met", "status_label": "Met", "reasons": ["Done 2024"]}]
    )
    try:
        data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    finally:
        hooks.register_iap_evaluator(None)
    html = render.render_html(data)
    assert "Joint analysis" in html and "Done 2024" in html and "Not evaluated" not in html


def test_files_hold_the_priorities_and_the_approved_values(rworld, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    w = rworld
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    files = render.render_all(data)

    assert files["pdf"].startswith(b"%PDF")
    text = pdf_text(files["pdf"], tmp_path)
    for title in PRIORITIES:
        assert title in text
    assert "Funding for the second cohort is late." in text
    assert "Not yet approved text." not in text

    html = files["html"].decode()
    assert "<svg" in html and "Too few police advisers" in html and "Pat Planner" in html

    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    # Names at most 31 characters, shortened on a word boundary.
    assert workbook.sheetnames == [*PRIORITIES[:2], "Economic recovery of rural", "Data"]
    values = [row[6] for row in workbook["Data"].iter_rows(min_row=2, values_only=True)]
    assert sorted(values) == [6, 9, 1234]
    security = list(workbook[PRIORITIES[0]].iter_rows(min_row=5, values_only=True))
    assert security[0][2] == "Counties where police lead security" and security[0][7] == 9

    document = Document(io.BytesIO(files["docx"]))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Annex" in body and "National police take over security" in body


def test_the_workbook_keeps_text_as_text_dates_as_dates_and_bold_headers(rworld):
    from openpyxl import load_workbook

    w = rworld
    update = w.jobs_ind.updates.get(state=UpdateState.APPROVED)
    update.narrative = '=SUM(A1) <late> & "cut"\x07 by 40%'
    update.save()
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    workbook = load_workbook(io.BytesIO(render.render_xlsx(data)))

    sheet = workbook["Data"]
    assert [cell.font.b for cell in sheet[1]] == [True] * 12
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    jobs = rows["Young people in work programmes"]
    # A narrative is never a formula; characters XML cannot carry are dropped, the rest kept.
    assert jobs[8] == '=SUM(A1) <late> & "cut" by 40%'
    assert sheet.cell(row=2, column=9).data_type != "f"
    assert jobs[4] == dt.datetime(2025, 1, 1) and jobs[5] == dt.datetime(2025, 3, 31)
    assert jobs[11] == dt.datetime(2025, 4, 20, 10, 0)
    assert jobs[9] == "" or jobs[9] is None  # nobody submitted it
    security = workbook[PRIORITIES[0]]
    assert security["A1"].value == PRIORITIES[0] and security["B2"].value == "On track"
    assert [cell.value for cell in security[4]][:3] == ["Benchmark", "Transition", "Indicator"]
    assert all(cell.font.b for cell in security[4])
    counties = next(security.iter_rows(min_row=5, values_only=True))
    assert counties[6].date() == w.counties.target_date and counties[13] == "no"


def test_the_workbook_writes_every_user_text_as_text_never_as_a_formula(rworld):
    from openpyxl import load_workbook

    w = rworld
    texts = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)"]
    update = w.jobs_ind.updates.get(state=UpdateState.APPROVED)
    update.narrative = texts[0]
    update.save()
    w.jobs_ind.name, w.jobs_ind.unit = texts[1], texts[2]
    w.jobs_ind.save()
    w.jobs.title = texts[0]
    w.jobs.save()
    w.priorities[0].title = texts[2]
    w.priorities[0].save()
    w.planner.first_name, w.planner.last_name = "=cmd", "+1"
    w.planner.save()
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    workbook = load_workbook(io.BytesIO(render.render_xlsx(data)))  # formulas kept as formulas

    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    written = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(texts) | {"=cmd +1"} <= written


def test_the_word_annex_has_a_table_per_benchmark_with_its_narratives_after_it(rworld):
    from docx import Document
    from docx.table import Table

    w = rworld
    update = w.jobs_ind.updates.get(state=UpdateState.APPROVED)
    update.narrative = "Funding is late <again> & short.\nSecond line\twith a tab."
    update.save()
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    document = Document(io.BytesIO(render.render_docx(data)))

    notice = next(p for p in document.paragraphs if p.text.startswith("Draft prepared"))
    assert notice.runs[0].italic
    tables = document.tables
    assert len(tables) == len(data.benchmarks)
    assert all(table.style.name == "House Table" for table in tables)
    header = tables[0].rows[0].cells
    assert [cell.text for cell in header] == ["Indicator", "Baseline", "Target", "Current", "Status"]
    assert all(run.bold for cell in header for run in cell.paragraphs[0].runs)
    cells = [[cell.text for cell in row.cells] for table in tables for row in table.rows[1:]]
    counties = next(row for row in cells if row[0].startswith("Counties where police lead security"))
    assert counties[3] == "9" and counties[4] == "On track"
    # Each narrative follows its benchmark's table, its indicator's name in bold.
    blocks = list(document.iter_inner_content())
    jobs = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("Young people in work"))
    assert isinstance(blocks[jobs - 1], Table)
    paragraph = blocks[jobs]
    assert paragraph.text == f"Young people in work programmes: {update.narrative}"
    assert [run.bold for run in paragraph.runs] == [True, None]


def test_a_large_mission_gets_the_full_edition_and_the_summary_only_when_asked(rworld, tmp_path):
    from tests.factories import IndicatorFactory

    w = rworld
    for n in range(60):
        IndicatorFactory(benchmark=w.courts, name=f"Courtroom {n:02d} sitting", responsible_entity=w.agency)
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    files = render.render_all(data)
    assert set(files) == {"html", "pdf", "xlsx", "docx"}
    assert "Courtroom 59 sitting" in files["html"].decode()
    full = pdf_text(files["pdf"], tmp_path)
    assert "Courtroom 59 sitting" in full and "Indicators needing attention" not in full

    files = render.render_all(data, edition="summary", formats=["pdf"])
    assert set(files) == {"pdf"}
    text = pdf_text(files["pdf"], tmp_path)
    assert "Indicators needing attention" in text and "Courtroom 59" not in text
    assert "Young people in work programmes" in text  # at risk and overdue: needs attention
    for title in PRIORITIES:
        assert title in text


def _hostile(name: str) -> str:
    return f'{name} "q" <b>t</b> & \'s\' x" onload="alert(1)'


def test_markup_in_every_text_field_comes_out_as_text_in_every_report_file(rworld, tmp_path):
    """Quotes, angle brackets, apostrophes and ampersands in every text that reaches a report are
    text in the HTML (attributes included: the charts' labels), the PDF, the workbook and the annex,
    never markup: the files are parsed and the texts read back whole."""
    from html.parser import HTMLParser

    from docx import Document
    from openpyxl import load_workbook

    from benchmarks.models import Benchmark, CapacityGap, Indicator, ProgressUpdate
    from frameworks.models import IntegratedStrategicFramework, Priority
    from missions.models import Mission

    w = rworld
    Mission.objects.filter(pk=w.mission.pk).update(name=_hostile("Mission"))
    IntegratedStrategicFramework.objects.filter(pk=w.framework.pk).update(label=_hostile("Framework"))
    for model, field in ((Priority, "title"), (Benchmark, "title"), (Indicator, "name"), (CapacityGap, "description")):
        for row in model.objects.filter(pk__in=model.objects.values("pk")):
            model.objects.filter(pk=row.pk).update(**{field: _hostile(f"{model.__name__}{row.pk}")})
    Indicator.objects.update(unit="<u>&\"'")
    for update in ProgressUpdate.objects.exclude(narrative=""):
        ProgressUpdate.objects.filter(pk=update.pk).update(narrative=_hostile(f"Narrative{update.pk}"))
    w.planner.first_name = _hostile("Planner")
    w.planner.save()
    texts = [
        _hostile("Planner"),
        *[_hostile(f"Indicator{pk}") for pk in Indicator.objects.values_list("pk", flat=True)],
        *[
            _hostile(f"Benchmark{pk}")
            for pk in Benchmark.objects.filter(mission=w.mission).values_list("pk", flat=True)
        ],
        *[
            _hostile(f"Priority{pk}")
            for pk in Priority.objects.filter(framework=w.framework).values_list("pk", flat=True)
        ],
        *[
            _hostile(f"Narrative{pk}")
            for pk in ProgressUpdate.objects.filter(state="approved").exclude(narrative="").values_list("pk", flat=True)
        ],
    ]
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    files = render.render_all(data)

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.text, self.attributes = [], []

        def handle_starttag(self, tag, attrs):
            self.attributes.extend(attrs)

        def handle_data(self, data):
            self.text.append(data)

    reader = Reader()
    reader.feed(files["html"].decode())
    handlers = [name for name, _value in reader.attributes if name.startswith("on")]
    assert handlers == [], "markup from a text field became an attribute"
    labels = [value for name, value in reader.attributes if name == "aria-label"]
    assert any(_hostile("Indicator") in (value or "") or "onload" in (value or "") for value in labels)
    html_text = "".join(reader.text)
    for text in texts:
        assert text in html_text, text

    book = load_workbook(io.BytesIO(files["xlsx"]))
    cells = {str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None}
    cell_text = "\n".join(cells)
    for text in texts:
        if not text.startswith(("Planner", "Priority")):  # the workbook names neither
            assert text in cell_text, text
    assert not any(str(value).startswith("=") for value in cells)

    annex = Document(io.BytesIO(files["docx"]))
    annex_text = "\n".join(
        [p.text for p in annex.paragraphs]
        + [cell.text for table in annex.tables for row in table.rows for cell in row.cells]
    )
    assert _hostile(f"Indicator{w.counties.pk}") in annex_text

    pdf = pdf_text(files["pdf"], tmp_path)
    assert "onload" in pdf and "<b>t</b>" in pdf


def test_the_report_speaks_the_chosen_language_in_its_words_and_figures(rworld):
    from decimal import Decimal

    from django.utils import translation

    w = rworld
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    html = render.render_all(data, language="fr", formats=["html"])["html"].decode()
    assert '<html lang="fr" dir="ltr">' in html and "Résumé par priorité" in html
    with translation.override("fr"):
        french = render._num(Decimal("1800000"))
    with translation.override("en"):
        english = render._num(Decimal("1800000"))
    assert (
        english == "1,800,000"
        and french != english
        and french.replace("\u202f", " ").replace("\xa0", " ") == ("1 800 000")
    )
