"""Word documents built in the tests with python-docx, as planners write them: headings, numbered
lists (by style or by numbering in the paragraph), "Priority 1:" paragraphs, tables."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def numbered(paragraph, level: int = 0) -> None:
    """Number the paragraph as Word does: numbering properties in the paragraph itself."""
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    paragraph._p.get_or_add_pPr().append(num_pr)


def make_docx(*blocks) -> bytes:
    """A .docx of `blocks`: ("title", text), ("h1".."h3", text), ("p", text), ("number", text)
    (a "List Number" paragraph), ("bullet", text), ("numbered", text, level) (numbering in the
    paragraph), ("table", [[cell, ...], ...]), ("empty",)."""
    document = docx.Document()
    for kind, *args in blocks:
        if kind == "title":
            document.add_heading(args[0], 0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(args[0], int(kind[1]))
        elif kind == "p":
            document.add_paragraph(args[0])
        elif kind == "number":
            document.add_paragraph(args[0], style="List Number")
        elif kind == "bullet":
            document.add_paragraph(args[0], style="List Bullet")
        elif kind == "numbered":
            numbered(document.add_paragraph(args[0]), args[1] if len(args) > 1 else 0)
        elif kind == "table":
            rows = args[0]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        elif kind == "empty":
            document.add_paragraph("")
        else:
            raise ValueError(kind)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def joint_vision() -> bytes:
    """A Joint Vision as UNIPSIL's was laid out: paragraphs that say what they are."""
    return make_docx(
        ("title", "Joint Vision for Sierra Leone"),
        ("p", "Vision: A peaceful, stable Sierra Leone where the UN family works as one."),
        ("p", "Priority 1: Economic integration of rural areas"),
        ("p", "Result 1.1: Feeder roads link farms to markets (2025–2026)"),
        ("p", "Result 1.2: Rural credit reaches women farmers"),
        ("p", "Timeline: January 2025 to June 2026"),
        ("p", "Priority 2: Social and economic integration of youth"),
        ("p", "Youth unemployment is the first risk to peace."),
        ("p", "Outcome 2.1: Young people find work through the youth employment scheme"),
    )


def structured_isf() -> bytes:
    """An ISF laid out with Word's headings and lists."""
    return make_docx(
        ("title", "Integrated Strategic Framework 2025–2027"),
        ("h1", "Introduction"),
        ("p", "This framework sets out what the mission and the country team do together."),
        ("h1", "Shared vision"),
        ("p", "Peace consolidated across all counties."),
        ("p", "Institutions able to take over from the mission."),
        ("h1", "Strategic priorities"),
        ("h2", "Rule of law"),
        ("p", "Police and courts present in every county."),
        ("number", "The national police deploy in all counties (2025–2026)"),
        ("number", "Magistrate courts sit in every county"),
        ("h2", "Elections"),
        ("numbered", "Elections are held peacefully", 0),
        ("numbered", "Results are accepted", 0),
        ("table", [["Priority", "Lead"], ["Rule of law", "UNDP"]]),
        ("h1", "Monitoring and evaluation"),
        ("p", "The Joint Strategic Planning Unit reports every four months."),
    )
