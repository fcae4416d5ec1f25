"""The report PDF in Arabic reads right to left: headings stand at the right margin and a table's
first column is its rightmost; in English the same report reads left to right."""

import html
import re
import shutil
import subprocess

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from benchmarks.reports import render
from benchmarks.reports.data import report_data

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)"')


def words(pdf: bytes, tmp_path) -> tuple[float, list[tuple[float, float, float, str]]]:
    """The first page's width and its words: (xMin, yMin, xMax, text), as poppler lays them out."""
    if not shutil.which("pdftotext"):
        pytest.skip("service missing: pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(PAGE.search(out).group(1))
    found = [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, _d, t in WORD.findall(out)]
    return width, found


def find(found, text: str):
    """The first word that is `text` (poppler may give an Arabic word's letters in visual order)."""
    return next(w for w in found if w[3] in (text, text[::-1]))


def line_of(found, word):
    """The words on the baseline of `word` (within a point)."""
    return [w for w in found if abs(w[1] - word[1]) < 1]


def _pdf(w, language: str) -> tuple[bytes, dict[str, str]]:
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    with translation.override(language):
        labels = {"summary": _("Summary by priority"), "status": _("Status")}
        html_text = render.render_html(data)
    assert f'lang="{language}"' in html_text
    return render.render_pdf(html_text), labels


@pytest.mark.parametrize(
    "text, direction",
    [("Detention facilities (%; UNSMIL)", "ltr"), ("«الانتخابات» 2026", "rtl"), ("2026 – 42%", "auto"), ("", "auto")],
)
def test_the_direction_of_a_text_is_that_of_its_first_letter(text, direction):
    from planning.templatetags.formats import direction as direction_of

    assert direction_of(text) == direction


def test_an_english_title_in_an_arabic_report_keeps_its_own_direction(rworld):
    data = report_data(mission=rworld.mission, period_start=rworld.period_start, period_end=rworld.period_end)
    with translation.override("ar"):
        html_text = render.render_html(data)
    title = data.priorities[0].title
    assert f'<th scope="row" dir="ltr">{title}</th>' in html_text


@pytest.mark.parametrize("language, rtl", [("ar", True), ("en", False)])
def test_the_report_runs_in_the_direction_of_its_language(rworld, tmp_path, language, rtl):
    pdf, labels = _pdf(rworld, language)
    width, found = words(pdf, tmp_path)
    assert (labels["summary"] != "Summary by priority") is rtl, "the Arabic catalogue translates the heading"

    heading = line_of(found, find(found, labels["summary"].split()[0]))
    left, right = min(w[0] for w in heading), max(w[2] for w in heading)
    if rtl:
        # A short heading set from the right margin: far from the left edge, close to the right one.
        assert left > width * 0.4 and right > width * 0.8
    else:
        assert left < width * 0.2 and right < width * 0.6

    # The summary table: the priorities' titles fill its first column, their status the second.
    word = labels["status"].split()[0]
    # The column's heading, mid-page (the word also opens a sentence at the margin).
    status = next(w for w in found if w[3] in (word, word[::-1]) and 0.25 < w[0] / width < 0.75)
    title = next(w for w in found if w[3] == "Rule")
    assert (title[0] > status[0]) is rtl
