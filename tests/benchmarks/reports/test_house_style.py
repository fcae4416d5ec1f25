"""Word documents in the house style: the report's annex and the framework export start from the
bundled template (its styles, title page, header and footer with mission, period and marking,
page numbers), and the template is rebuilt byte for byte by its script."""

import io

from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from benchmarks.reports import render
from benchmarks.reports.data import report_data
from missions.generic import documents
from missions.generic.documents import build_template


def _header_footer(document) -> tuple[str, str, str]:
    section = document.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    fields = " ".join(t.text for t in section.footer._element.iter(qn("w:instrText")))
    return header, footer, fields


def test_the_template_is_built_reproducibly_by_its_script():
    assert build_template.build() == documents.TEMPLATE.read_bytes()
    template = Document(str(documents.TEMPLATE))
    names = {style.name for style in template.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", documents.TABLE_STYLE} <= names
    assert template.styles["Heading 1"].font.name == build_template.FONT


def test_the_annex_uses_the_house_template(rworld):
    w = rworld
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    document = Document(io.BytesIO(render.render_docx(data)))
    header, footer, fields = _header_footer(document)
    assert "United Nations Mission in Liberia (UNMIL)" in header and "Internal" in header
    assert "to" in header and str(w.period_end.year) in header
    assert footer.startswith("Internal") and "Page" in footer and "of" in footer
    assert "PAGE" in fields and "NUMPAGES" in fields
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["Subtitle", "Title"] and "Classification" in styles
    assert "Heading 1" in styles and "Heading 2" in styles
    assert document.tables and all(t.style.name == documents.TABLE_STYLE for t in document.tables)
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_framework_export_uses_the_house_template(client, rworld):
    w = rworld
    framework = w.framework
    client.force_login(w.planner)
    response = client.get(reverse("frameworks:framework-export", args=[framework.pk, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    header, footer, fields = _header_footer(document)
    marking = documents.UNCLASSIFIED if framework.endorsed_on else documents.INTERNAL
    assert w.mission.acronym in header and marking in header and marking in footer
    assert "PAGE" in fields
    assert document.paragraphs[1].style.name == "Title" and document.paragraphs[1].text == framework.label
    assert {p.style.name for p in document.paragraphs} >= {"Heading 1", "Subtitle"}
    assert all(t.style.name == documents.TABLE_STYLE for t in document.tables)


def _right_to_left(document) -> dict[str, bool]:
    normal = document.styles["Normal"].element.pPr
    return {
        "paragraphs": normal is not None and normal.find(qn("w:bidi")) is not None,
        "page": document.sections[0]._sectPr.find(qn("w:bidi")) is not None,
        "tables": bool(document.tables)
        and all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables),
    }


def test_the_arabic_annex_runs_right_to_left_and_the_english_one_left_to_right(rworld):
    from django.utils import translation

    w = rworld
    data = report_data(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    with translation.override("ar"):
        arabic = Document(io.BytesIO(render.render_docx(data)))
    with translation.override("en"):
        english = Document(io.BytesIO(render.render_docx(data)))
    assert _right_to_left(arabic) == {"paragraphs": True, "page": True, "tables": True}
    assert _right_to_left(english) == {"paragraphs": False, "page": False, "tables": False}
    # The marks stand where WordprocessingML's order puts them: before the page's grid, and
    # before a table's width.
    sect = [child.tag.split("}")[1] for child in arabic.sections[0]._sectPr]
    assert sect.index("bidi") < sect.index("docGrid")
    tblpr = [child.tag.split("}")[1] for child in arabic.tables[0]._tbl.tblPr]
    assert "tblW" not in tblpr or tblpr.index("bidiVisual") < tblpr.index("tblW")
