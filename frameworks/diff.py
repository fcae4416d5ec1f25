"""The difference between two versions of a framework, word by word, for the page that compares
them and the editor's "changes since" view. Priorities and results are matched by identity (a
copy remembers the row it was copied from, `copied_from`), so a moved item is compared with
itself and said to have moved; items of versions that are not each other's copies fall back to
position. Funding, integration areas and mandate-task links are compared too."""

from __future__ import annotations

import difflib
import re

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from frameworks.models import IntegratedStrategicFramework, Responsibility, Result
from missions.models import MandateTask

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


def _funding_text(priority) -> str:
    if priority is None:
        return ""
    lines = sorted(priority.funding_lines.all(), key=lambda line: line.source)
    return "; ".join(
        f"{line.get_source_display()}: {line.amount or 0:,.0f}" + (f" (gap {line.gap:,.0f})" if line.gap else "")
        for line in lines
    )


def _tasks_text(result) -> str:
    if result is None:
        return ""
    return "; ".join(sorted(f"{t.mandate} op. {t.paragraph}" for t in result.mandate_tasks.all()))


def _areas_text(framework) -> dict[str, str]:
    return {
        area.get_area_display(): f"{area.get_depth_display()}: {area.rationale}".strip(": ")
        for area in framework.integration_areas.all()
    }


def _pairs(old_rows: list, new_rows: list) -> list[tuple[object | None, object | None, int | None, int | None]]:
    """(old, new, old position, new position) in the new version's order, removed rows after:
    matched by `copied_from`, else (no row of either is the other's copy) by position."""
    old_by_pk = {row.pk: (index, row) for index, row in enumerate(old_rows, start=1)}
    linked = any(row.copied_from_id in old_by_pk for row in new_rows)
    pairs, seen = [], set()
    for index, row in enumerate(new_rows, start=1):
        if linked:
            match = old_by_pk.get(row.copied_from_id)
        else:
            match = (index, old_rows[index - 1]) if index <= len(old_rows) else None
        if match:
            seen.add(match[1].pk)
            pairs.append((match[1], row, match[0], index))
        else:
            pairs.append((None, row, None, index))
    pairs.extend((row, None, index, None) for index, row in enumerate(old_rows, start=1) if row.pk not in seen)
    return pairs


def _moved(kind: str, old_number: str | None, new_number: str | None) -> str:
    if old_number is None:
        return _("%(kind)s added") % {"kind": kind}
    if new_number is None:
        return _("%(kind)s removed (was %(old)s)") % {"kind": kind, "old": old_number}
    if old_number != new_number:
        return _("%(kind)s moved from %(old)s to %(new)s") % {"kind": kind, "old": old_number, "new": new_number}
    return ""


def framework_difference(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> list[dict]:
    """Sections of rows (label, old html, new html, changed), each section a priority of the new
    version (removed ones last) with a `note` when it was added, removed or moved."""
    sections = [
        {
            "title": _("Framework"),
            "note": "",
            "rows": [
                _row(_("Label"), old.label, new.label),
                _row(_("Period"), f"{old.period_start} – {old.period_end}", f"{new.period_start} – {new.period_end}"),
                _row(_("Shared vision"), old.vision, new.vision),
            ],
        }
    ]
    old_tree, new_tree = _tree(old), _tree(new)
    for p_old, p_new, p_old_number, p_new_number in _pairs(old_tree, new_tree):
        rows = [
            _row(_("Title"), p_old.title if p_old else "", p_new.title if p_new else ""),
            _row(_("Description"), p_old.description if p_old else "", p_new.description if p_new else ""),
            _row(_("Funding (US$)"), _funding_text(p_old), _funding_text(p_new)),
        ]
        results_old = list(p_old.results.all()) if p_old else []
        results_new = list(p_new.results.all()) if p_new else []
        for r_old, r_new, r_old_number, r_new_number in _pairs(results_old, results_new):
            old_number = f"{p_old_number}.{r_old_number}" if r_old is not None else None
            new_number = f"{p_new_number}.{r_new_number}" if r_new is not None else None
            prefix = _("Result %(number)s") % {"number": new_number or old_number}
            note = _moved(_("Result"), old_number, new_number)
            rows.append(
                _row(
                    prefix + (f" ({note})" if note else ""),
                    r_old.statement if r_old else "",
                    r_new.statement if r_new else "",
                )
            )
            rows[-1]["changed"] = rows[-1]["changed"] or bool(note)
            rows.append(_row(prefix + " · " + _("timeline"), _timeline(r_old), _timeline(r_new)))
            rows.append(
                _row(
                    prefix + " · " + _("responsibilities"), _responsibilities_text(r_old), _responsibilities_text(r_new)
                )
            )
            rows.append(_row(prefix + " · " + _("mandate tasks"), _tasks_text(r_old), _tasks_text(r_new)))
        number = p_new_number or p_old_number
        sections.append(
            {
                "title": _("Priority %(n)s") % {"n": number},
                "note": _moved(_("Priority"), p_old_number and str(p_old_number), p_new_number and str(p_new_number)),
                "rows": rows,
            }
        )
    old_areas, new_areas = _areas_text(old), _areas_text(new)
    sections.append(
        {
            "title": _("Integration areas"),
            "note": "",
            "rows": [
                _row(name, old_areas.get(name, ""), new_areas.get(name, "")) for name in sorted(old_areas | new_areas)
            ],
        }
    )
    return sections


def _tree(framework: IntegratedStrategicFramework) -> list:
    return list(
        framework.priorities.order_by("order", "id").prefetch_related(
            "funding_lines",
            Prefetch(
                "results",
                queryset=Result.objects.order_by("order", "id").prefetch_related(
                    Prefetch("responsibilities", queryset=Responsibility.objects.select_related("entity")),
                    Prefetch("mandate_tasks", queryset=MandateTask.objects.select_related("mandate")),
                ),
            ),
        )
    )


def changed_rows(sections: list[dict]) -> int:
    """How many rows of `framework_difference` differ."""
    return sum(1 for section in sections for row in section["rows"] if row["changed"])
