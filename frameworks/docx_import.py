"""Reading an existing ISF or Joint Vision from a Word document (.docx) into a draft's parts: the
shared vision, the priorities (title, description) and their results (statement, timeline).

`parse(data)` is a pure function from the file's bytes to an `ImportedFramework`; it stores
nothing. It refuses (ValidationError, a sentence for the upload's file field) a file that is not a
.docx, one whose unpacked parts are larger than a Word document of this kind could be (a zip
bomb), one with more priorities or results than one import takes, and one in which no priority is
recognised. Lengths are not checked here: a title longer than the model allows is kept whole and
refused at its field in the preview, with the limit named, so nothing is cut silently.

How structure is recognised, in order of strength:

1. ISF wording, in any paragraph: "Vision", "Shared vision: ..." (the vision); "Priority 1: ...",
   "Strategic priority II - ..." (a priority); "Result 1.1: ...", "Outcome 2: ..." (a result);
   "Strategic priorities", "Expected results" alone (the section that follows); "Timeline: ..."
   after a result (its timeline). French wording too ("Vision commune", "Priorité 1 :",
   "Résultat 1.1", "Résultats attendus").
2. Headings (Heading 1 to 9 and the styles based on them, Title): under a "Priorities" heading the
   next level down are priorities; with no ISF wording at all, the top level of headings are the
   priorities and deeper headings their results. The Title (or a lone top heading above the
   others) is the label.
3. Lists (numbering or bullets in the paragraph or its style, "List Number"/"List Paragraph" and
   the like, or a typed "1." / "a)" / "•"): under a priority, its results; under a "Priorities"
   heading, or in a document of lists only, the outer level are priorities and the inner their
   results.

Other paragraphs under a priority are its description; paragraphs outside every section are kept
in `skipped`, so the preview can show what was not placed. Tables, text boxes, headers and
footers are not read (`tables` counts the tables, so the preview can say so).
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree

from missions.packages import UNREADABLE_PACKAGE

# Defaults of settings.WORKBENCH["DOCX_UPLOAD_MAX_BYTES"] and the other bounds of one import.
MAX_BYTES = 5 * 1024 * 1024
# A document's parts unpacked, and its largest XML part: a long ISF with pictures stays far below;
# beyond, it is not a framework document (a zip bomb, say) and nothing of it is read.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_XML_BYTES = 10 * 1024 * 1024
MAX_PARTS = 2000
# What one preview can hold and post back (Django takes at most 1,000 fields in a request).
MAX_PRIORITIES = 25
MAX_RESULTS = 150
MAX_TEXT_CHARS = 500_000

logger = logging.getLogger(__name__)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97-2003 file, or an encrypted .docx


@dataclass
class ImportedResult:
    statement: str
    timeline_start: dt.date | None = None
    timeline_end: dt.date | None = None


@dataclass
class ImportedPriority:
    title: str
    description: str = ""
    results: list[ImportedResult] = field(default_factory=list)


@dataclass
class ImportedFramework:
    label: str = ""  # the document's title, when it has one
    vision: str = ""
    priorities: list[ImportedPriority] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # paragraphs outside every section
    tables: int = 0  # tables in the body, not read

    @property
    def result_count(self) -> int:
        return sum(len(priority.results) for priority in self.priorities)


def max_bytes() -> int:
    return settings.WORKBENCH.get("DOCX_UPLOAD_MAX_BYTES", MAX_BYTES)


# ---------- the package ----------


def not_a_docx() -> ValidationError:
    return ValidationError(
        _("The file is not a Word document (.docx). Save it from Word as “Word Document (.docx)” and upload it again."),
        code="not_docx",
    )


def check_package(data: bytes) -> None:
    """Refuse bytes that are not a .docx package, or whose parts unpack to more than a Word
    document of this kind could hold, reading only the package's directory."""
    if len(data) > max_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s; upload at most %(limit)s.") % {"limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "The file is an older Word document (.doc) or is protected by a password. Save it as "
                "“Word Document (.docx)” without a password and upload it again."
            ),
            code="not_docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
    except UNREADABLE_PACKAGE:
        raise not_a_docx() from None
    if "[Content_Types].xml" not in names or not any(name.startswith("word/") for name in names):
        raise not_a_docx()
    too_big = (
        len(parts) > MAX_PARTS
        or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES
        or any(part.file_size > MAX_XML_BYTES for part in parts if part.filename.endswith((".xml", ".rels")))
    )
    if too_big:
        raise ValidationError(
            _("The document unpacks to more than a framework document can hold (at most %(limit)s of text).")
            % {"limit": filesizeformat(MAX_XML_BYTES)},
            code="too_large",
        )


def _read(data: bytes):
    """The document's lines and number of tables. Once the package's directory is checked, any
    failure of python-docx on its parts (a part missing, broken XML, elements where others were
    expected) means the file is not a Word document it can read."""
    import docx

    check_package(data)
    try:
        return document_lines(docx.Document(io.BytesIO(data)))
    except Exception:
        logger.info("A .docx upload could not be read", exc_info=True)
        raise not_a_docx() from None


# ---------- paragraphs as lines ----------


@dataclass
class Line:
    kind: str  # "title", "heading", "item" (a list paragraph) or "text"
    level: int  # heading level (1-9), list level (0-8), 0 for text
    text: str


HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
SKIPPED_STYLE = re.compile(r"^(?:toc\s*\d|table of figures|caption)$", re.I)
LIST_NAME = re.compile(r"^list(?:\s+(?:number|bullet|continue|paragraph))?(?:\s*([2-9]))?$", re.I)
# A number, letter or bullet typed at the start of a paragraph.
ENUMERATOR = re.compile(
    r"^(?:(?P<number>\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+)"
    r"|(?P<sub>\(?(?:[a-z]|[ivx]{1,5})[.)]|\([a-z]\)|\([ivx]{1,5}\))"
    r"|(?P<upper>\(?(?:[A-Z]|[IVXL]{1,5})[.)])"
    r"|(?P<bullet>[•▪◦‣∙·●○■□➢➤►–—*-]))\s+(?P<rest>\S.*)$"
)
# A heading's own numbering ("1 Introduction", "2.3 Youth").
HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,5}\.|[A-Z]\.)\s+(?=\S)")
SPACES = re.compile(r"\s+")
INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff\u00ad]")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Text of a paragraph: its runs, hyperlinks and tracked insertions (deleted text is w:delText),
# not the text boxes anchored in it (nor their fallback copies).
_TEXT_NODES = etree.XPath(
    "./descendant::*[(self::w:t or self::w:tab or self::w:br or self::w:cr)"
    " and not(ancestor::w:txbxContent) and not(ancestor::w:del) and not(ancestor::w:moveFrom)"
    " and not(ancestor::*[local-name() = 'Fallback'])]",
    namespaces={"w": W},
)


def _text(element) -> str:
    parts = [(node.text or "") if node.tag == _w("t") else " " for node in _TEXT_NODES(element)]
    return SPACES.sub(" ", INVISIBLE.sub("", "".join(parts))).strip()


def _properties(element, name: str):
    """A child of the paragraph (or style) properties, or None."""
    properties = element.find(_w("pPr"))
    return None if properties is None else properties.find(_w(name))


def _number_level(element, default: int = 0) -> int | None:
    """The list level of numbering in a paragraph's or style's properties (None: not numbered)."""
    numbering = _properties(element, "numPr")
    if numbering is None:
        return None
    num_id = numbering.find(_w("numId"))
    if num_id is not None and num_id.get(_w("val")) == "0":  # numbering explicitly removed
        return None
    level = numbering.find(_w("ilvl"))
    value = level.get(_w("val"), "") if level is not None else ""
    return min(int(value), 8) if value.isascii() and value.isdigit() else default


def _outline_level(element) -> int | None:
    outline = _properties(element, "outlineLvl")
    value = outline.get(_w("val"), "") if outline is not None else ""
    if value.isascii() and value.isdigit() and int(value) < 9:
        return int(value) + 1
    return None


@dataclass(frozen=True)
class StyleFacts:
    """What a paragraph style (with the styles it is based on) says about its paragraphs."""

    title: bool = False
    subtitle: bool = False
    skip: bool = False  # a table of contents' entry or a caption: not the document's text
    heading: int | None = None  # heading level
    list_level: int | None = None  # numbered or bulleted, at this level


def style_table(styles) -> tuple[dict[str, StyleFacts], StyleFacts]:
    """The facts of every paragraph style of the styles part, read once, and those of the default
    paragraph style (for paragraphs that name none)."""
    raw, default = {}, None
    for style in styles.iterchildren(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        style_id = style.get(_w("styleId")) or ""
        name = style.find(_w("name"))
        based = style.find(_w("basedOn"))
        raw[style_id] = (
            name.get(_w("val"), "") if name is not None else "",
            based.get(_w("val")) if based is not None else None,
            style,
        )
        if style.get(_w("default")) in ("1", "true", "on"):
            default = style_id
    table: dict[str, StyleFacts] = {}

    def facts(style_id: str, depth: int = 0) -> StyleFacts:
        if style_id in table:
            return table[style_id]
        if style_id not in raw or depth > 12:  # unknown, or a chain of "based on" that loops
            return StyleFacts()
        name, based, element = raw[style_id]
        parent = facts(based, depth + 1) if based else StyleFacts()
        names = {name.strip().lower(), style_id.lower()}
        heading = HEADING_NAME.match(name) or HEADING_NAME.match(style_id)
        listed = LIST_NAME.match(name)
        # "List Number 2" numbers at the second level, whether or not its numbering says so.
        named_level = int(listed.group(1)) - 1 if listed and listed.group(1) else 0
        own_list = _number_level(element, default=named_level)
        result = StyleFacts(
            title="title" in names or parent.title,
            subtitle="subtitle" in names or parent.subtitle,
            skip=any(SKIPPED_STYLE.match(n) for n in names) or parent.skip,
            heading=int(heading.group(1)) if heading else (_outline_level(element) or parent.heading),
            list_level=own_list if own_list is not None else (named_level if listed else parent.list_level),
        )
        table[style_id] = result
        return result

    for style_id in raw:
        facts(style_id)
    return table, table.get(default or "", StyleFacts())


def _line(element, styles: dict[str, StyleFacts], default: StyleFacts) -> Line | None:
    text = _text(element)
    if not text:
        return None
    style = _properties(element, "pStyle")
    facts = styles.get(style.get(_w("val"), ""), default) if style is not None else default
    if facts.skip:
        return None
    if facts.title:
        return Line("title", 0, text)
    if facts.subtitle:
        return Line("text", 0, text)
    level = _outline_level(element) or facts.heading
    if level is not None:
        return Line("heading", level, HEADING_NUMBER.sub("", text) or text)
    list_level = _number_level(element)
    if list_level is None:
        list_level = facts.list_level
    if list_level is not None:
        return Line("item", list_level, text)
    if match := ENUMERATOR.match(text):
        if match.group("number"):
            level = match.group("number").strip("().").count(".")
        else:
            level = 1 if match.group("sub") else 0
        return Line("item", level, match.group("rest"))
    return Line("text", 0, text)


def document_lines(document) -> tuple[list[Line], int]:
    """The body's paragraphs as lines, in order, and the number of tables (not read)."""
    styles, default = style_table(document.styles.element)
    lines, tables = [], 0
    for block in document.element.body.iterchildren():
        if block.tag == _w("tbl"):
            tables += 1
        elif block.tag == _w("p") and (line := _line(block, styles, default)):
            lines.append(line)
    return lines, tables


# ---------- ISF wording ----------

# A priority's number: digits, or (after a space) a Roman numeral, a letter or a word.
NUMBER = r"(?:\s*\d{1,2}|\s+(?:[IVXL]{1,5}|[A-H]|one|two|three|four|five|six|seven|eight|nine|ten))"
# After a number: ":", ".", ")", a dash; without one, a colon or a dash between spaces.
AFTER_NUMBER = r"\s*[:.)\-–—]\s*"
ALONE = r"(?:\s*:\s*|\s+[–—-]\s+)"
ADJECTIVES = (
    r"(?:(?:strategic|programme|program|peace[- ]?consolidation|peacebuilding|overall|common|joint|integrated"
    r"|shared|key|main|thematic)\s+)*"
)
FRENCH_ADJECTIVES = r"(?:\s+(?:stratégiques?|strategiques?|programmatiques?|thématiques?|thematiques?))?"
PRIORITY_ONE = rf"{ADJECTIVES}priorit(?:y|é|e){FRENCH_ADJECTIVES}(?:\s+(?:area|domaine|axe))?"
PRIORITY_MANY = rf"{ADJECTIVES}priorit(?:ies|és|es){FRENCH_ADJECTIVES}|{ADJECTIVES}priority\s+areas"


def _named(word: str, rest: str, *, loose: bool) -> re.Pattern:
    """ "<word> <number>: <rest>" or "<word>: <rest>"; `loose` also takes "<word> <number> <rest>"
    (a heading or list item says what it is by its form; a sentence needs the colon)."""
    after = rf"(?:{AFTER_NUMBER}|\s+)" if loose else AFTER_NUMBER
    return re.compile(rf"^(?:{word})(?:(?P<number>{NUMBER})\b{after}|{ALONE})(?P<{rest}>.*)$", re.I)


# "Priority 1: Economic integration", "Strategic priority II - Youth", "Priorité 1 : ..."
PRIORITY = _named(PRIORITY_ONE, "title", loose=False)
PRIORITY_LOOSE = _named(PRIORITY_ONE, "title", loose=True)
# "Priority 3" alone: the title follows.
PRIORITY_NUMBERED = re.compile(rf"^(?:{PRIORITY_ONE}){NUMBER}\s*[:.]?$", re.I)
# "Strategic priorities", "Priority areas", "Priorities of the Joint Vision": the section.
PRIORITIES = re.compile(rf"^(?:{PRIORITY_MANY})(?:\s+of\s+the\s+\w+(?:\s+\w+)?)?\s*:?$", re.I)
RESULT_ONE = (
    r"(?:(?:expected|intended|key|planned|agreed|joint|strategic)\s+)?(?:result|outcome|résultat|resultat|effet)"
)
# "Result 1.1: ...", "Outcome 2 - ...", "Expected result: ..."
RESULT_NUMBER = r"(?:\s*\d{1,2}(?:\.\d{1,2})*|\s+[a-z])"
RESULT = re.compile(rf"^{RESULT_ONE}(?:(?P<number>{RESULT_NUMBER})\b{AFTER_NUMBER}|{ALONE})(?P<statement>.+)$", re.I)
RESULT_LOOSE = re.compile(
    rf"^{RESULT_ONE}(?:(?P<number>{RESULT_NUMBER})\b(?:{AFTER_NUMBER}|\s+)|{ALONE})(?P<statement>.+)$", re.I
)
# "Expected results", "Outcomes", "Résultats attendus": the results of the priority follow.
RESULTS = re.compile(
    rf"^{RESULT_ONE}s?(?:\s+(?:attendus?|escomptés?|escomptes?))?"
    r"(?:\s+and\s+(?:timelines?|indicators?|responsibilities))?\s*:?$",
    re.I,
)
# "Vision", "Shared vision: ...", "Vision commune".
VISION = re.compile(
    r"^(?:(?:the|our|a)\s+)?(?:(?:shared|joint|common|overall|strategic|integrated|un)\s+)?vision"
    r"(?:\s+(?:statement|commune|partagée|partagee|stratégique|strategique|d'ensemble))?"
    r"(?:\s+(?:and\s+)?(?:objectives?|goals?))?"
    r"(?:\s*[:.]?\s*$|\s*:\s*(?P<rest>.+)$|\s+[–—-]\s+(?P<rest2>.+)$)",
    re.I,
)
TIMELINE_LINE = re.compile(
    r"^(?:timeline|time\s*frame|timeframe|calendrier|échéance|echeance)\s*[:\-–—]?\s*(?P<when>.+)$", re.I
)
# Headings of the parts of a framework document that are not priorities.
NOT_PRIORITY = re.compile(
    r"^(?:introduction|background|context|foreword|preface|(?:executive\s+)?summary|acronyms|abbreviations"
    r"|(?:table\s+of\s+)?contents|annex(?:es)?\b.*|appendix\b.*|appendices|monitoring\b.*|evaluation\b.*"
    r"|signatures?|signatories|references|glossary|risks?\b.*|implementation\b.*|coordination\b.*"
    r"|financing\b.*|funding\b.*|resources\b.*|résumé|contexte|avant-propos|annexes?\b.*|sommaire"
    r"|table\s+des\s+matières|suivi\b.*|sigles\b.*|financement\b.*|mise\s+en\s+œuvre\b.*)$",
    re.I,
)


def _strip_enumerator(text: str) -> str:
    match = ENUMERATOR.match(text)
    return match.group("rest") if match else text


# ---------- timelines ----------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "fevrier", "févr", "fev"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
DATE = (
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|Q[1-4]\s*\d{4}"
    rf"|(?:{MONTH})\.?\s+\d{{4}}|(?:end|mid|early|late|fin|début|debut)?\s*(?:of\s+)?\d{{4}})"
)
RANGE = re.compile(rf"^(?P<start>{DATE})\s*(?:–|—|-|to|until|through|à|au|a)\s*(?P<end>{DATE})$", re.I)
BY = re.compile(rf"^(?:by|before|d'ici|avant)\s+(?:(?:the\s+)?end\s+of\s+)?(?P<end>{DATE})$", re.I)
SINGLE = re.compile(r"^(?P<only>\d{4})$")
TRAILING = re.compile(
    r"\s*(?:\((?P<paren>[^()]{4,60})\)|[;,–—-]\s*(?:timeline|time\s*frame|timeframe|calendrier)\s*[:\-]?\s*(?P<tail>.{4,60}))\s*\.?$",
    re.I,
)


# The months of a year a word before it means: (first, last).
YEAR_PARTS = {
    "early": (1, 3),
    "début": (1, 3),
    "debut": (1, 3),
    "mid": (4, 9),
    "end": (10, 12),
    "late": (10, 12),
    "fin": (10, 12),
}


def _date(text: str, *, end: bool) -> dt.date | None:
    """The first (or with `end`, the last) day of a date, month, quarter or year written out."""
    text = text.strip().lower().rstrip(".")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
            month, year = int(match.group(1)), int(match.group(2))
        elif match := re.fullmatch(r"q([1-4])\s*(\d{4})", text):
            quarter, year = int(match.group(1)), int(match.group(2))
            month = quarter * 3 if end else quarter * 3 - 2
        elif match := re.fullmatch(rf"({MONTH})\.?\s+(\d{{4}})", text):
            month, year = MONTHS[match.group(1)], int(match.group(2))
        elif match := re.fullmatch(r"(?:(early|début|debut|mid|end|late|fin)\s*)?(?:of\s+)?(\d{4})", text):
            first, last = YEAR_PARTS.get(match.group(1) or "", (1, 12))
            month, year = (last if end else first), int(match.group(2))
        else:
            return None
        if not 1900 < year < 2200:
            return None
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except ValueError:
        return None


def parse_timeline(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    """The dates of a timeline ("2025–2026", "Jan 2025 to June 2026", "by end 2026", "Q1 2025 -
    Q4 2026"), or None when `text` is not one."""
    text = text.strip().rstrip(".")
    if match := RANGE.match(text):
        start, end = _date(match.group("start"), end=False), _date(match.group("end"), end=True)
        if start and end and end > start:
            return start, end
        return None
    if match := BY.match(text):
        end = _date(match.group("end"), end=True)
        return (None, end) if end else None
    if match := SINGLE.match(text):
        start, end = _date(match.group("only"), end=False), _date(match.group("only"), end=True)
        return (start, end) if start and end else None
    return None


def _result(statement: str) -> ImportedResult:
    """A result, its timeline taken from a trailing "(2025–2026)" or "; timeline: ...", if any."""
    match = TRAILING.search(statement)
    if match:
        timeline = parse_timeline(match.group("paren") or match.group("tail"))
        if timeline and statement[: match.start()].strip():
            return ImportedResult(statement[: match.start()].strip(), *timeline)
    return ImportedResult(statement)


# ---------- structure ----------


class _Reader:
    """Walks the lines once, keeping the section it is in (vision, priorities) and the current
    priority, and places each line.

    How priorities are found depends on the document (`mode`): "worded" when it names them
    ("Priority 1: ..."), "section" when a heading says "Priorities" and the headings or list items
    under it are the priorities, "headings" when it has headings and no such wording (the top level
    are the priorities), "lists" when it has neither (the outer level of its lists)."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.out = ImportedFramework()
        self.section: str | None = None  # "vision" or "priorities"
        self.section_level: int | None = None  # the level of the section's heading
        self.priority: ImportedPriority | None = None
        self.priority_level: int | None = None  # heading level of the current priority
        self.priority_item_level: int | None = None  # list level of a priority that is a list item
        self.in_results = False  # after "Expected results"
        self.title_heading: Line | None = None
        texts = [(line, self._wording_text(line)) for line in lines if line.kind != "title"]
        if any(PRIORITY.match(t) or PRIORITY_NUMBERED.match(t) or self._loose_priority(line, t) for line, t in texts):
            self.mode = "worded"
        elif any(PRIORITIES.match(t) for _line, t in texts):
            self.mode = "section"
        else:
            self.top_level = self._top_heading_level()
            self.mode = "headings" if self.top_level is not None else "lists"
        self.results_worded = any(RESULT.match(t) or self._loose_result(line, t) for line, t in texts)

    @staticmethod
    def _wording_text(line: Line) -> str:
        return line.text if line.kind == "heading" else _strip_enumerator(line.text)

    @staticmethod
    def _loose_priority(line: Line, text: str):
        return line.kind in ("heading", "item") and PRIORITY_LOOSE.match(text)

    @staticmethod
    def _loose_result(line: Line, text: str):
        return line.kind in ("heading", "item") and RESULT_LOOSE.match(text)

    def _top_heading_level(self) -> int | None:
        """The heading level whose headings are the priorities: the highest used, unless it holds
        a single heading above all the others (the document's title)."""
        headings = [line for line in self.lines if line.kind == "heading" and not VISION.match(line.text)]
        headings = [line for line in headings if not NOT_PRIORITY.match(line.text)]
        levels = sorted({line.level for line in headings})
        if not levels:
            return None
        top = [line for line in headings if line.level == levels[0]]
        first = next(line for line in self.lines if line.kind == "heading")
        if len(top) == 1 and len(levels) > 1 and first is top[0]:
            self.title_heading = top[0]
            return levels[1]
        return levels[0]

    # -- building --

    def new_priority(self, title: str, *, level: int | None = None, item_level: int | None = None) -> None:
        self.priority = ImportedPriority(title=title.strip())
        self.out.priorities.append(self.priority)
        self.priority_level, self.priority_item_level = level, item_level
        self.section, self.in_results = "priorities", False

    def add_result(self, statement: str) -> None:
        if self.priority is None:
            self.new_priority("")
        self.priority.results.append(_result(statement.strip()))

    def add_description(self, text: str) -> None:
        if not self.priority.title and not self.priority.description and not self.priority.results:
            self.priority.title = text
        else:
            self.priority.description = f"{self.priority.description}\n\n{text}".strip()

    def add_vision(self, text: str) -> None:
        if text:
            self.out.vision = f"{self.out.vision}\n\n{text}".strip()

    def enter(self, section: str | None, level: int | None = None) -> None:
        self.section, self.section_level, self.priority, self.in_results = section, level, None, False
        self.priority_level = self.priority_item_level = None

    def close(self, line: Line) -> None:
        """A heading outside the structure ends the current section and priority."""
        self.enter(None)
        self.out.skipped.append(line.text)

    # -- placing --

    def read(self) -> ImportedFramework:
        for line in self.lines:
            if line.kind == "title" or line is self.title_heading:
                self.out.label = self.out.label or line.text
            elif not self.wording(line):
                getattr(self, f"place_{line.kind}")(line)
        # A priority heading with nothing under it and no title is not a priority.
        self.out.priorities = [p for p in self.out.priorities if p.title or p.description or p.results]
        return self.out

    def wording(self, line: Line) -> bool:
        """Place a line that says what it is; False when it does not."""
        text = self._wording_text(line)
        level = line.level if line.kind == "heading" else None
        if match := VISION.match(text):
            self.enter("vision", level)
            self.add_vision((match.group("rest") or match.group("rest2") or "").strip())
            return True
        if PRIORITIES.match(text):
            self.enter("priorities", level)
            return True
        if PRIORITY_NUMBERED.match(text):
            self.new_priority("", level=level)
            return True
        if (match := PRIORITY.match(text)) or (match := self._loose_priority(line, text)):
            self.new_priority(match.group("title"), level=level)
            return True
        if RESULTS.match(text):
            self.in_results = True
            return True
        if (match := RESULT.match(text)) or (match := self._loose_result(line, text)):
            if self.section == "vision":
                self.enter(None)
            self.add_result(match.group("statement"))
            return True
        if (match := TIMELINE_LINE.match(text)) and self.priority and self.priority.results:
            last = self.priority.results[-1]
            timeline = parse_timeline(match.group("when"))
            if timeline and last.timeline_start is None and last.timeline_end is None:
                last.timeline_start, last.timeline_end = timeline
                return True
        return False

    def place_heading(self, line: Line) -> None:
        level = line.level
        deeper = self.priority is not None and self.priority_level is not None and level > self.priority_level
        if NOT_PRIORITY.match(line.text) and not deeper:
            self.close(line)
        elif self.mode == "section" and self.section == "priorities" and self._under_section(level):
            if self.priority is None or self.priority_level is None or level <= self.priority_level:
                self.new_priority(line.text, level=level)
            else:
                self._deeper_heading(line)
        elif self.mode == "headings" and level == self.top_level:
            self.new_priority(line.text, level=level)
        elif deeper:
            self._deeper_heading(line)
        else:
            self.close(line)

    def _under_section(self, level: int) -> bool:
        return self.section_level is None or level > self.section_level

    def _deeper_heading(self, line: Line) -> None:
        """A heading under a priority: a result, unless the document names its results ("Result
        1.1: ...") and this heading does not (then it is part of the description)."""
        if self.results_worded and not self.in_results:
            self.add_description(line.text)
        else:
            self.add_result(line.text)

    def place_item(self, line: Line) -> None:
        if self.section == "vision":
            self.add_vision(line.text)
        elif self.priority is not None:
            if self.priority_item_level is not None and line.level <= self.priority_item_level:
                self.new_priority(line.text, item_level=line.level)
            else:
                self.add_result(line.text)
        elif (self.mode == "section" and self.section == "priorities") or (self.mode == "lists" and not self.section):
            self.new_priority(line.text, item_level=line.level)
        else:
            self.out.skipped.append(line.text)

    def place_text(self, line: Line) -> None:
        if self.section == "vision":
            self.add_vision(line.text)
        elif self.priority is not None:
            if self.in_results:
                self.add_result(line.text)
            else:
                self.add_description(line.text)
        else:
            self.out.skipped.append(line.text)


def read_structure(lines: list[Line]) -> ImportedFramework:
    """The framework's parts in `lines` (no checks)."""
    return _Reader(lines).read()


def parse(data: bytes) -> ImportedFramework:
    """The vision, priorities and results of the .docx in `data`; a ValidationError (a sentence for
    the upload's file field) for a file that is not one, too large, or without recognisable parts."""
    lines, tables = _read(data)
    if sum(len(line.text) for line in lines) > MAX_TEXT_CHARS:
        raise ValidationError(
            _("The document holds more than %(limit)s characters of text; import the framework's part of it only.")
            % {"limit": number_format(MAX_TEXT_CHARS, force_grouping=True)},
            code="too_long",
        )
    framework = read_structure(lines)
    framework.tables = tables
    if not framework.priorities:
        raise ValidationError(
            _(
                "No priorities were recognised in the document. Mark them with Word's heading styles "
                "(Heading 1, Heading 2), a numbered list, or paragraphs such as “Priority 1: …” and "
                "“Result 1.1: …”, then upload it again."
            ),
            code="no_structure",
        )
    if len(framework.priorities) > MAX_PRIORITIES:
        raise ValidationError(
            _(
                "The document holds %(count)s priorities; one import takes at most %(limit)s. Check that "
                "its headings mark the priorities only, or import it in parts."
            )
            % {"count": len(framework.priorities), "limit": MAX_PRIORITIES},
            code="too_many",
        )
    if framework.result_count > MAX_RESULTS:
        raise ValidationError(
            _("The document holds %(count)s results; one import takes at most %(limit)s. Import it in parts.")
            % {"count": framework.result_count, "limit": MAX_RESULTS},
            code="too_many",
        )
    return framework
