"""The PDF of each demo presence as its readers get it: tagged (PDF/UA-1, document language, title),
every figure the report data holds printed whole in the text in reading order, and a report that
does not contradict itself (its IAP section counts it; its transition counts are the dashboard's)."""

import contextlib
import datetime as dt
import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from benchmarks.reports import render
from benchmarks.reports.data import report_data
from benchmarks.reports.periods import period_containing
from missions.models import Mission

pytestmark = pytest.mark.django_db

REAL = ("UNIPSIL", "BINUB", "UNMIL", "UNMISS", "UNSMIL")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _period(mission: Mission) -> tuple[dt.date, dt.date]:
    """The last whole reporting period up to today, or up to the day a closed mission closed."""
    day = min(timezone.localdate(), mission.closed_on) if mission.closed_on else timezone.localdate()
    start, _end = period_containing(day, mission.reporting_cycle_months)
    return period_containing(start - dt.timedelta(days=1), mission.reporting_cycle_months)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"service missing: {name} (apt-get install poppler-utils)")
    return path


def _pdf(mission: Mission, tmp_path):
    start, end = _period(mission)
    data = report_data(mission=mission, period_start=start, period_end=end)
    html = render.render_html(data)
    path = tmp_path / f"{mission.acronym}.pdf"
    path.write_bytes(render.render_pdf(html))
    return data, path


def _objects(raw: bytes) -> bytes:
    """The PDF's objects, its compressed object streams opened."""
    opened = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        with contextlib.suppress(zlib.error):
            opened.append(zlib.decompress(match.group(1)))
    return b"".join(opened)


def _figures(data) -> set[str]:
    """Every figure the report prints from its data, as it prints it."""
    figures = set()
    for row in data.indicator_rows:
        figures.update(render._num(v) for v in (row.indicator.baseline_value, row.indicator.target_value))
        if row.current_value is not None:
            figures.add(render._num(row.current_value))
    for approver in data.approvers:
        figures.update({str(approver["updates"]), str(approver["indicators"])})
    return figures


@pytest.mark.parametrize("acronym", REAL)
def test_each_demo_pdf_is_tagged_and_prints_every_figure_whole(demo, acronym, tmp_path):
    mission = Mission.objects.get(acronym=acronym)
    data, path = _pdf(mission, tmp_path)
    info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(rf"^Title:\s+{acronym} progress report", info, re.M), info
    objects = _objects(path.read_bytes())
    assert b"/Lang (en)" in objects and b"/DisplayDocTitle true" in objects and b"/Marked true" in objects
    # Headings, tables and figures are in the structure tree; each chart has its alternative text.
    struct = subprocess.run([_tool("pdfinfo"), "-struct", str(path)], capture_output=True, text=True).stdout
    roles = {line.split()[0].rstrip(":") for line in struct.splitlines() if line.strip()}
    assert {"Document", "H1", "H2", "Table", "THead", "TH", "TD"} <= roles, roles
    figures = struct.count("Figure")
    assert figures and objects.count(b"/Alt (") == figures

    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # A figure is whole when it stands on its own: not cut by a line break inside its cell, and not
    # glued to the text of the next cell (a figure overflowing its column runs into its neighbour).
    words = set(re.findall(r"(?:^|(?<=[\s(]))(\d(?:[\d,.]*\d)?)(?=$|[\s);%])", text, re.M))
    missing = sorted(f for f in _figures(data) if f not in words)
    assert not missing, f"figures broken or absent in {acronym}'s PDF: {missing[:10]}"
    # No word is printed over another: a figure too wide for its column would run into the next.
    assert _overlapping_words(path) == []


def _overlapping_words(path) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap on a page, as pdftotext -bbox places them."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    found = []
    for page in out.stdout.split("<page ")[1:]:
        boxes = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in word.findall(page)]
        for i, (x0, y0, x1, y1, text) in enumerate(boxes):
            for u0, v0, u1, v1, other in boxes[i + 1 :]:
                if min(x1, u1) - max(x0, u0) > 1 and min(y1, v1) - max(y0, v0) > 1:
                    found.append((text, other))
    return found


@pytest.mark.parametrize("acronym", REAL)
def test_a_report_never_says_it_is_missing_and_counts_transition_as_the_dashboard(demo, acronym):
    from benchmarks.models import Benchmark
    from benchmarks.selectors import transition_readiness
    from planning.iap import _date

    mission = Mission.objects.get(acronym=acronym)
    start, end = _period(mission)
    data = report_data(mission=mission, period_start=start, period_end=end)
    reasons = [reason for item in data.iap for reason in item["reasons"]]
    own = f"No progress report compiled for {_date(start)} to {_date(end)}."
    assert own not in reasons
    # The dashboard's readiness chart, computed in SQL as of the report's last day.
    point = transition_readiness(Benchmark.objects.filter(mission=mission), as_of=end)[-1]
    assert (data.transition["ready"], data.transition["total"]) == (point.ready, point.total)
