"""The difference between two versions of a framework, word by word, for the page that compares
them: priorities and results are matched by position, as the versions' readers number them."""

from __future__ import annotations

import difflib
import re
from itertools import zip_longest

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from frameworks import selectors
from frameworks.models import IntegratedStrategicFramework

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def diff_words(old: str, new: str) -> tuple[str, str]:
    """Two HTML strings: `old` with removed words in <del>, `new` with added words in <ins>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f"<del>{before}</del>")
        if after:
            right.append(f"<ins>{after}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped above


def _row(label: str, old: str, new: str) -> dict:
    left, right = diff_words(old, new)
    return {"label": label, "old": left, "new": right, "changed": (old or "") != (new or "")}


def _responsibilities_text(result) -> str:
    if result is None:
        return ""
    return "; ".join(f"{r.entity.code}: {r.get_role_display()}" for r in result.responsibilities.all())


def _timeline(result) -> str:
    if result is None or not (result.timeline_start or result.timeline_end):
        return ""
    return f"{result.timeline_start or '…'} – {result.timeline_end or '…'}"


def framework_difference(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> list[dict]:
    """Sections of rows (label, old html, new html, changed), matching priorities and results by position."""
    sections = [
        {
            "title": _("Framework"),
            "rows": [
                _row(_("Label"), old.label, new.label),
                _row(_("Period"), f"{old.period_start} – {old.period_end}", f"{new.period_start} – {new.period_end}"),
                _row(_("Shared vision"), old.vision, new.vision),
            ],
        }
    ]
    old_tree, new_tree = selectors.framework_tree(old), selectors.framework_tree(new)
    for number, (p_old, p_new) in enumerate(zip_longest(old_tree, new_tree), start=1):
        rows = [
            _row(_("Title"), p_old.title if p_old else "", p_new.title if p_new else ""),
            _row(_("Description"), p_old.description if p_old else "", p_new.description if p_new else ""),
        ]
        results_old = list(p_old.results.all()) if p_old else []
        results_new = list(p_new.results.all()) if p_new else []
        for r_number, (r_old, r_new) in enumerate(zip_longest(results_old, results_new), start=1):
            prefix = _("Result %(n)s.%(m)s") % {"n": number, "m": r_number}
            rows.append(_row(prefix, r_old.statement if r_old else "", r_new.statement if r_new else ""))
            rows.append(_row(prefix + " · " + _("timeline"), _timeline(r_old), _timeline(r_new)))
            rows.append(
                _row(
                    prefix + " · " + _("responsibilities"), _responsibilities_text(r_old), _responsibilities_text(r_new)
                )
            )
        sections.append({"title": _("Priority %(n)s") % {"n": number}, "rows": rows})
    return sections


def changed_rows(sections: list[dict]) -> int:
    """How many rows of `framework_difference` differ."""
    return sum(1 for section in sections for row in section["rows"] if row["changed"])
