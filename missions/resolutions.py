"""Reading Security Council resolutions as planners paste them: the symbol ("S/RES/2406 (2018)")
and the operative paragraphs, split into the tasks a mandate gives ("1.", "(a)", "(i)" ...).

Nothing here stores anything: the mandate page shows what was read for the planner to correct,
and only the confirmation calls `services.mandate_create`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "S/RES/2406 (2018)", "S/RES/2406(2018)", "2406 (2018)"; stored as "2406 (2018)" (Mandate.resolution).
SYMBOL = re.compile(r"^\s*(?:S/RES/)?(?P<number>\d{1,5})\s*\((?P<year>\d{4})\)\s*$", re.IGNORECASE)

TOP = re.compile(r"^(?P<number>\d{1,3})\s*[.)]\s+(?P<text>.*)$")
SUB = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivx]{1,6})\)\s*(?P<text>.*)$", re.IGNORECASE)
ROMAN = re.compile(r"^[ivx]+$", re.IGNORECASE)
MAX_TASKS = 300


@dataclass(frozen=True)
class Symbol:
    number: str
    year: int

    @property
    def stored(self) -> str:
        return f"{self.number} ({self.year})"


def read_symbol(text: str) -> Symbol | None:
    """The resolution's number and year, or None for a symbol not written like S/RES/2406 (2018)."""
    match = SYMBOL.match(text or "")
    if match is None:
        return None
    return Symbol(number=str(int(match["number"])), year=int(match["year"]))


@dataclass
class Paragraph:
    paragraph: str  # "2", "2(a)", "2(a)(i)"
    text: str


def _is_roman_item(label: str, letter: str | None) -> bool:
    """ "(i)" after "(h)" is the next letter; otherwise (and "(ii)", "(iv)" ...) a sub-item."""
    label = label.lower()
    if not ROMAN.match(label):
        return False
    if letter is not None and len(label) == 1 and ord(label) == ord(letter) + 1:
        return False
    return letter is not None


def split_paragraphs(text: str) -> list[Paragraph]:
    """The numbered operative paragraphs of `text` and their lettered sub-paragraphs, each a task.
    Lines without a number continue the paragraph before them; text before the first number
    (the preamble) is left out. A paragraph that introduces sub-paragraphs is a task too."""
    items: list[Paragraph] = []
    number: str | None = None
    letter: str | None = None
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        top = TOP.match(line)
        sub = SUB.match(line) if number is not None else None
        if top:
            number, letter = str(int(top["number"])), None
            items.append(Paragraph(number, top["text"]))
        elif sub:
            label = sub["label"].lower()
            if _is_roman_item(label, letter):
                items.append(Paragraph(f"{number}({letter})({label})", sub["text"]))
            else:
                letter = label
                items.append(Paragraph(f"{number}({label})", sub["text"]))
        elif items:
            items[-1].text = f"{items[-1].text} {line}".strip()
    return [item for item in items if item.text][:MAX_TASKS]
