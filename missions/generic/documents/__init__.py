"""Word documents in the Organization's house style, from the bundled template `house.docx`
(built by `build_template.py` next to it): its styles (Title, Subtitle, Heading 1-3, "House
Table"), a title page, the mission, period and classification marking in the header and footer, and
page numbers. The benchmark annex (the report's Word edition) and the framework export use it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

TEMPLATE = Path(__file__).resolve().with_name("house.docx")
TABLE_STYLE = "House Table"
# Markings as the Organization writes them, in every language.
UNCLASSIFIED = "UNCLASSIFIED"
INTERNAL = "Internal"


def _fill(paragraphs, values: dict[str, str]) -> None:
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text in values:
                run.text = values[run.text]


def house_document(
    *,
    title: str,
    mission: str,
    period: str,
    classification: str = UNCLASSIFIED,
    lines: Sequence[str] = (),
    landscape: bool = False,
):
    """A python-docx Document from the house template with its header and footer filled and a
    title page (the Organization's name, `title`, `lines`, the marking), ending in a page break."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT

    document = Document(str(TEMPLATE))
    document.core_properties.title = title
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        width = section.page_width - section.left_margin - section.right_margin
        for part in (section.header, section.footer):
            stops = part.paragraphs[0].paragraph_format.tab_stops
            stops.clear_all()
            stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    values = {
        "{mission}": mission,
        "{period}": period,
        "{classification}": classification,
        "{page}": pgettext("page numbers: Page 2 of 9", "Page"),
        "{of}": pgettext("page numbers: Page 2 of 9", "of"),
    }
    _fill(section.header.paragraphs, values)
    _fill(section.footer.paragraphs, values)

    document.add_paragraph(_("United Nations"), style="Subtitle")
    document.add_paragraph(title, style="Title")
    for line in lines:
        document.add_paragraph(line, style="Subtitle")
    document.add_paragraph(classification, style="Classification")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return document


def house_table(document, headers: Sequence[str], rows: Sequence[Sequence[str]] = (), widths=None):
    """A table in the house style; its header row repeats on every page."""
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    repeat_header(table)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    return table


def repeat_header(table) -> None:
    """The table's first row repeats at the top of each page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    if properties.find(qn("w:tblHeader")) is None:
        properties.append(OxmlElement("w:tblHeader"))


# What follows each right-to-left mark in its parent (WordprocessingML's element order).
_AFTER_BIDI = (
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
_AFTER_SECTION_BIDI = "rtlGutter docGrid printerSettings sectPrChange"
_AFTER_BIDI_VISUAL = (
    "tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd tblLayout "
    "tblCellMar tblLook tblCaption tblDescription tblPrChange"
)


def _mark(parent, tag: str, successors: str) -> None:
    """Add the empty element `w:tag` to `parent` once, where the schema's order puts it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if parent.find(qn(f"w:{tag}")) is not None:
        return
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in successors.split()}
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return
    parent.append(element)


def right_to_left(document) -> None:
    """The document set right to left (an Arabic edition): every paragraph style, the page
    (columns, page numbers) and every table's column order. Words keep their own direction."""
    from docx.enum.style import WD_STYLE_TYPE

    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
            _mark(style.element.get_or_add_pPr(), "bidi", _AFTER_BIDI)
    for section in document.sections:
        _mark(section._sectPr, "bidi", _AFTER_SECTION_BIDI)
    for table in document.tables:
        _mark(table._tbl.tblPr, "bidiVisual", _AFTER_BIDI_VISUAL)


def to_bytes(document) -> bytes:
    """The file, right to left when the active language is written so."""
    from django.utils.translation import get_language_bidi

    if get_language_bidi():
        right_to_left(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
