"""The Word reader (frameworks.docx_import): documents built here with python-docx, as planners lay
them out, read into the vision, priorities and results; refusals of what is not a .docx, is too
large or holds no recognisable structure, each with a sentence."""

import copy
import datetime as dt
import io
import time
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from frameworks import docx_import
from frameworks.docx_import import Line, parse, parse_timeline, read_structure
from tests.frameworks.docx_samples import joint_vision, make_docx, structured_isf


def titles(framework):
    return [priority.title for priority in framework.priorities]


def statements(priority):
    return [result.statement for result in priority.results]


def refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        parse(data)
    return " ".join(caught.value.messages)


# ---------- structure ----------


def test_headings_and_numbered_lists_become_vision_priorities_and_results():
    framework = parse(structured_isf())
    assert framework.label == "Integrated Strategic Framework 2025–2027"
    assert (
        framework.vision
        == "Peace consolidated across all counties.\n\nInstitutions able to take over from the mission."
    )
    assert titles(framework) == ["Rule of law", "Elections"]
    rule_of_law, elections = framework.priorities
    assert rule_of_law.description == "Police and courts present in every county."
    assert statements(rule_of_law) == [
        "The national police deploy in all counties",
        "Magistrate courts sit in every county",
    ]
    assert (rule_of_law.results[0].timeline_start, rule_of_law.results[0].timeline_end) == (
        dt.date(2025, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert rule_of_law.results[1].timeline_start is None
    # Numbering in the paragraph's own properties, as Word writes it.
    assert statements(elections) == ["Elections are held peacefully", "Results are accepted"]
    # What lies outside the vision and priorities is kept aside, tables counted.
    assert "Introduction" in framework.skipped and "Monitoring and evaluation" in framework.skipped
    assert "The Joint Strategic Planning Unit reports every four months." in framework.skipped
    assert framework.tables == 1


def test_a_joint_vision_with_priority_and_result_paragraphs():
    framework = parse(joint_vision())
    assert framework.label == "Joint Vision for Sierra Leone"
    assert framework.vision == "A peaceful, stable Sierra Leone where the UN family works as one."
    assert titles(framework) == ["Economic integration of rural areas", "Social and economic integration of youth"]
    rural, youth = framework.priorities
    assert statements(rural) == ["Feeder roads link farms to markets", "Rural credit reaches women farmers"]
    assert rural.results[1].timeline_start == dt.date(2025, 1, 1)
    assert rural.results[1].timeline_end == dt.date(2026, 6, 30)
    assert youth.description == "Youth unemployment is the first risk to peace."
    assert statements(youth) == ["Young people find work through the youth employment scheme"]


def test_top_level_headings_are_priorities_when_nothing_names_them():
    framework = parse(
        make_docx(
            ("h1", "Vision"),
            ("p", "A country at peace."),
            ("h1", "Protection of civilians"),
            ("h2", "Civilians in the camps are safe"),
            ("h2", "Early warning reaches every county"),
            ("h1", "Human rights"),
            ("bullet", "Violations are documented and reported"),
            ("h1", "Annex 1: Acronyms"),
            ("p", "POC: protection of civilians"),
        )
    )
    assert framework.vision == "A country at peace."
    assert titles(framework) == ["Protection of civilians", "Human rights"]
    assert statements(framework.priorities[0]) == [
        "Civilians in the camps are safe",
        "Early warning reaches every county",
    ]
    assert statements(framework.priorities[1]) == ["Violations are documented and reported"]
    assert framework.skipped == ["Annex 1: Acronyms", "POC: protection of civilians"]


def test_a_lone_top_heading_is_the_title_and_the_next_level_the_priorities():
    framework = parse(
        make_docx(
            ("h1", "UNMISS and country team framework"),
            ("h2", "Protection of civilians"),
            ("number", "Civilians are safe"),
            ("h2", "Humanitarian access"),
            ("number", "Aid reaches every county"),
        )
    )
    assert framework.label == "UNMISS and country team framework"
    assert titles(framework) == ["Protection of civilians", "Humanitarian access"]


def test_styles_based_on_headings_and_lists_count_as_theirs():
    document = docx.Document()
    priority_style = document.styles.add_style("ISF Priority", WD_STYLE_TYPE.PARAGRAPH)
    priority_style.base_style = document.styles["Heading 1"]
    result_style = document.styles.add_style("ISF Result", WD_STYLE_TYPE.PARAGRAPH)
    result_style.base_style = document.styles["List Number"]
    document.add_paragraph("Rule of law", style="ISF Priority")
    document.add_paragraph("Police deployed", style="ISF Result")
    document.add_paragraph("Elections", style="ISF Priority")
    document.add_paragraph("Elections held", style="List Paragraph")
    buffer = io.BytesIO()
    document.save(buffer)
    framework = parse(buffer.getvalue())
    assert titles(framework) == ["Rule of law", "Elections"]
    assert statements(framework.priorities[0]) == ["Police deployed"]
    assert statements(framework.priorities[1]) == ["Elections held"]


def test_contents_entries_deleted_text_and_text_boxes_are_not_read():
    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Rule of law ........ 3", style="toc 1")
    document.add_heading("Rule of law", 1)
    tracked = document.add_paragraph("Police ")
    tracked._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del>')
    )
    tracked._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="A"><w:r><w:t>deployed</w:t></w:r></w:ins>'))
    tracked.style = document.styles["List Number"]
    boxed = document.add_paragraph("Courts sit", style="List Number")
    boxed._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>A text box</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    framework = parse(buffer.getvalue())
    assert titles(framework) == ["Rule of law"]
    assert statements(framework.priorities[0]) == ["Police deployed", "Courts sit"]
    assert framework.skipped == []


def test_a_long_document_is_read_in_one_pass():
    """Styles are read once, not per paragraph: 20,000 list paragraphs take well under a second
    here (the bound leaves room for a busy machine)."""
    document = docx.Document()
    document.add_heading("Rule of law", 1)
    item = document.add_paragraph("Police deployed", style="List Number")._p
    for _ in range(19_999):
        item.addnext(copy.deepcopy(item))
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    started = time.monotonic()
    with pytest.raises(ValidationError, match="holds 20000 results"):
        parse(data)
    assert time.monotonic() - started < 5


def test_nested_lists_alone_give_priorities_and_results():
    framework = parse(
        make_docx(
            ("numbered", "Security", 0),
            ("numbered", "Police deployed", 1),
            ("numbered", "Army reformed", 1),
            ("numbered", "Justice", 0),
            ("numbered", "Courts open", 1),
        )
    )
    assert titles(framework) == ["Security", "Justice"]
    assert statements(framework.priorities[0]) == ["Police deployed", "Army reformed"]


def test_expected_results_after_a_priority_heading():
    framework = parse(
        make_docx(
            ("h1", "Strategic priority 1: Consolidating peace"),
            ("p", "Peace holds when institutions work."),
            ("h2", "Expected results"),
            ("p", "Outcome: Parliament passes the police act"),
            ("p", "Local councils settle land disputes (by end 2026)"),
            ("h1", "Strategic Priority II – Accessible public service"),
            ("p", "Result 2.1: Civil servants are paid on time"),
        )
    )
    assert titles(framework) == ["Consolidating peace", "Accessible public service"]
    peace = framework.priorities[0]
    assert peace.description == "Peace holds when institutions work."
    assert statements(peace) == ["Parliament passes the police act", "Local councils settle land disputes"]
    assert (peace.results[1].timeline_start, peace.results[1].timeline_end) == (None, dt.date(2026, 12, 31))


def test_a_numbered_priority_heading_takes_its_title_from_the_next_paragraph():
    framework = parse(make_docx(("h2", "Priority 3"), ("p", "Accessible health care"), ("bullet", "Clinics open")))
    assert titles(framework) == ["Accessible health care"]
    assert statements(framework.priorities[0]) == ["Clinics open"]


def test_french_wording_is_recognised():
    framework = parse(
        make_docx(
            ("p", "Vision commune : Un Burundi en paix."),
            ("p", "Priorité 1 : Consolidation de la paix"),
            ("p", "Résultat 1.1 : Les élections se tiennent (2025-2026)"),
        )
    )
    assert framework.vision == "Un Burundi en paix."
    assert titles(framework) == ["Consolidation de la paix"]
    assert statements(framework.priorities[0]) == ["Les élections se tiennent"]


def test_empty_paragraphs_and_invisible_characters_are_skipped():
    framework = parse(
        make_docx(("empty",), ("h1", "Security\u200b"), ("empty",), ("number", "  Police   deployed  "), ("empty",))
    )
    assert titles(framework) == ["Security"]
    assert statements(framework.priorities[0]) == ["Police deployed"]


def test_sentences_that_merely_mention_priorities_or_results_are_not_structure():
    framework = read_structure(
        [
            Line("heading", 1, "Rule of law"),
            Line("text", 0, "Priority-setting was agreed with the government."),
            Line("text", 0, "Results-based management applies."),
            Line("text", 0, "Priority 1 is to protect civilians."),
        ]
    )
    assert titles(framework) == ["Rule of law"]
    assert framework.priorities[0].results == []
    assert "Priority 1 is to protect civilians." in framework.priorities[0].description


def test_long_titles_are_kept_whole_for_the_preview_to_refuse():
    long_title = "Consolidating peace " * 20  # 400 characters: longer than a priority title may be
    framework = parse(make_docx(("p", f"Priority 1: {long_title}"), ("p", "Result 1.1: Peace holds")))
    assert framework.priorities[0].title == long_title.strip()


@pytest.mark.parametrize(
    "text, dates",
    [
        ("2025–2026", (dt.date(2025, 1, 1), dt.date(2026, 12, 31))),
        ("Jan 2025 to June 2026", (dt.date(2025, 1, 1), dt.date(2026, 6, 30))),
        ("Q2 2025 - Q1 2026", (dt.date(2025, 4, 1), dt.date(2026, 3, 31))),
        ("2025-03-01 to 2025-09-30", (dt.date(2025, 3, 1), dt.date(2025, 9, 30))),
        ("by mid 2026", (None, dt.date(2026, 9, 30))),
        ("2026", (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("2026–2025", None),
        ("the second phase", None),
    ],
)
def test_timelines(text, dates):
    assert parse_timeline(text) == dates


# ---------- refusals ----------


def test_a_document_without_structure_is_refused_with_what_to_do():
    message = refusal(make_docx(("p", "Minutes of the meeting."), ("p", "All agreed to meet again.")))
    assert "No priorities were recognised" in message
    assert "Heading 1" in message and "Priority 1:" in message


def test_a_file_that_is_not_a_docx_is_refused():
    assert "not a Word document (.docx)" in refusal(b"%PDF-1.7 not a word document")
    assert "not a Word document (.docx)" in refusal(b"")


def test_an_old_word_document_is_refused_with_what_to_do():
    assert "older Word document (.doc)" in refusal(docx_import.OLE_MAGIC + b"\0" * 512)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_not_a_word_package_is_refused():
    assert "not a Word document (.docx)" in refusal(_zip({"hello.txt": b"hello"}))
    # A workbook is a zip with content types, but no Word document in it.
    assert "not a Word document (.docx)" in refusal(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b""}))


def test_a_broken_word_package_is_refused():
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}
    assert "not a Word document (.docx)" in refusal(_zip(parts))


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<" + b" " * (docx_import.MAX_XML_BYTES + 1)}
    )
    assert len(bomb) < 100_000  # small on disk
    assert "unpacks to more than a framework document can hold" in refusal(bomb)


def test_a_file_above_the_size_limit_is_refused(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "DOCX_UPLOAD_MAX_BYTES": 1000}
    assert "larger than 1000" in refusal(structured_isf())


def test_too_many_priorities_are_refused_not_cut():
    blocks = [("p", f"Priority {n}: Priority number {n}") for n in range(1, docx_import.MAX_PRIORITIES + 2)]
    message = refusal(make_docx(*blocks))
    assert f"holds {docx_import.MAX_PRIORITIES + 1} priorities" in message
    assert f"at most {docx_import.MAX_PRIORITIES}" in message
