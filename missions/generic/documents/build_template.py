"""Build house.docx, the Word template of every document the workbench writes (the benchmark
annex and Word edition of progress reports, the framework export). Reproducible: the same
python-docx gives the same bytes.

    .venv/bin/python missions/generic/documents/build_template.py

Styles: Normal, Title, Subtitle, Heading 1-3 in the house colours, the table style "House Table"
(grid, shaded header row that repeats); an A4 section with a header holding the placeholders
{mission} · {period} and {classification}, and a footer with {classification} and "{page} N {of} M"
(PAGE and NUMPAGES fields; the words in the document's language).
`missions.generic.documents.house_document` fills the placeholders.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
TARGET = HERE / "house.docx"
FONT = "Arial"
BLUE = RGBColor(0x07, 0x43, 0x6A)
UN_BLUE = RGBColor(0x00, 0x9E, 0xDB)
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="HouseTable">
  <w:name w:val="House Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:qFormat/>
  <w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>
  <w:tblPr><w:tblBorders>
    <w:top w:val="single" w:sz="4" w:space="0" w:color="8A98A6"/>
    <w:left w:val="single" w:sz="4" w:space="0" w:color="8A98A6"/>
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8A98A6"/>
    <w:right w:val="single" w:sz="4" w:space="0" w:color="8A98A6"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="CFD8E0"/>
    <w:insideV w:val="single" w:sz="4" w:space="0" w:color="CFD8E0"/>
  </w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="07436A"/></w:rPr>
    <w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="ECEFF2"/></w:tcPr></w:tblStylePr>
</w:style>"""


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) Word fills when it lays the document out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def build() -> bytes:
    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size, colour, before in (
        ("Title", 24, BLUE, 0),
        ("Subtitle", 13, BLUE, 0),
        ("Heading 1", 15, BLUE, 14),
        ("Heading 2", 12, BLUE, 10),
        ("Heading 3", 10.5, RGBColor(0x1D, 0x27, 0x33), 8),
    ):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), colour
        style.font.italic = False
        rfonts = style.element.rPr.rFonts
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attribute), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.keep_with_next = True
    styles["Title"].font.bold = True
    styles["Heading 1"].font.bold = True
    styles["Heading 2"].font.bold = True
    styles["Heading 3"].font.bold = True
    styles.element.append(parse_xml(TABLE_STYLE))
    if "Classification" not in [s.name for s in styles]:
        marking = styles.add_style("Classification", WD_STYLE_TYPE.PARAGRAPH)
        marking.base_style = normal
        marking.font.bold, marking.font.size, marking.font.color.rgb = True, Pt(8), RGBColor(0xA4, 0x26, 0x2C)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    width = section.page_width - section.left_margin - section.right_margin

    header = section.header.paragraphs[0]
    header.style = styles["Header"]
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run("{mission}")
    header.add_run(" · ")
    header.add_run("{period}")
    header.add_run("\t")
    marking = header.add_run("{classification}")
    marking.bold = True

    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    run = footer.add_run("{classification}")
    run.bold = True
    footer.add_run("\t")
    footer.add_run("{page}")
    footer.add_run(" ")
    _field(footer, "PAGE")
    footer.add_run(" ")
    footer.add_run("{of}")
    footer.add_run(" ")
    _field(footer, "NUMPAGES")
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT

    # The body of the template is empty: its single default paragraph removed.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    properties = document.core_properties
    properties.author = properties.last_modified_by = "United Nations"
    properties.title = ""
    properties.created = properties.modified = FIXED.replace(tzinfo=None)
    properties.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member dates, so a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            member = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(TARGET)
