"""The difference between two versions of a framework, word by word, for the page that compares
them and the editor's "changes since" view. Priorities and results are matched by identity (a
copy remembers the row it was copied from, `copied_from`), so a moved item is compared with
itself and said to have moved; items of versions that are not each other's copies fall back to
position. Funding, integration areas and mandate-task links are compared too."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from frameworks.models import IntegratedStrategicFramework, Priority, Responsibility, Result
from missions.models import MandateTask
from missions.notices import reason_label
from planning.l10n import format_number

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _pieces(old: str, new: str):
    """(operation, removed text, added text) of a word-by-word comparison, each text escaped. A
    lone space between two changes joins them, so a rewritten sentence reads as one removal and
    one insertion rather than word against word."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    pieces: list[list] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        pieces.append([op, "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list] = []
    for index, piece in enumerate(pieces):
        after_change = bool(merged) and merged[-1][0] != "equal"
        if piece[0] == "equal":
            # A space between two changes joins them; any other equal text stands alone.
            joins = not piece[1].strip() and index + 1 < len(pieces) and pieces[index + 1][0] != "equal"
        else:
            joins = True
        if after_change and joins:
            merged[-1][1] += piece[1]
            merged[-1][2] += piece[2]
        else:
            merged.append(piece)
    for op, before, after in merged:
        yield op, escape(before), escape(after)


def _marked(tag: str, text: str) -> str:
    """<ins> or <del> with a word a screen reader says before it (visually hidden)."""
    said = _("inserted:") if tag == "ins" else _("removed:")
    return f'<{tag}><span class="visually-hidden">{escape(said)} </span>{text}</{tag}>'


def diff_words(old: str, new: str) -> tuple[str, str]:
    """Two HTML strings: `old` with removed words in <del>, `new` with added words in <ins>."""
    left, right = [], []
    for op, before, after in _pieces(old, new):
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(_marked("del", before))
        if after:
            right.append(_marked("ins", after))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped above


def diff_inline(old: str, new: str) -> str:
    """One HTML string: the new text with removed words in <del> where they were, added ones in <ins>."""
    out = []
    for op, before, after in _pieces(old, new):
        if op == "equal":
            out.append(after)
            continue
        if before:
            out.append(_marked("del", before))
        if after:
            out.append(_marked("ins", after))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped in _pieces and _marked


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
        f"{line.get_source_display()}: {format_number(line.amount or 0, 0)}"
        + (" (" + _("gap") + f" {format_number(line.gap, 0)})" if line.gap else "")
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


@dataclass
class Item:
    """A priority or result of either version, matched with its counterpart: its numbers in the
    old and the new version (None where it is not), its texts as (label, old, new), the results
    of a priority, and the planner's latest reason for a change to it."""

    kind: str  # "priority" or "result"
    old: object | None
    new: object | None
    old_number: str | None
    new_number: str | None
    texts: list[tuple[str, str, str]]
    results: list[Item] = field(default_factory=list)
    reason: str = ""

    @property
    def note(self) -> str:
        kind = _("Priority") if self.kind == "priority" else _("Result")
        return _moved(kind, self.old_number, self.new_number)

    @property
    def changed(self) -> bool:
        return bool(self.note) or any((old or "") != (new or "") for _label, old, new in self.texts)


@dataclass
class Comparison:
    """Two versions compared: the framework's own texts, the priorities (of the new version in its
    order, removed ones last) with their results, the integration areas by name."""

    old: IntegratedStrategicFramework
    new: IntegratedStrategicFramework
    texts: list[tuple[str, str, str]]
    priorities: list[Item]
    areas: list[tuple[str, str, str]]


def compare(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> Comparison:
    """What the page that compares versions and the inline changes both show, read once."""
    items = []
    for p_old, p_new, p_old_number, p_new_number in _pairs(_tree(old), _tree(new)):
        priority = Item(
            "priority",
            p_old,
            p_new,
            p_old_number and str(p_old_number),
            p_new_number and str(p_new_number),
            [
                (_("Title"), p_old.title if p_old else "", p_new.title if p_new else ""),
                (_("Description"), p_old.description if p_old else "", p_new.description if p_new else ""),
                (_("Funding (US$)"), _funding_text(p_old), _funding_text(p_new)),
            ],
        )
        results_old = list(p_old.results.all()) if p_old else []
        results_new = list(p_new.results.all()) if p_new else []
        for r_old, r_new, r_old_number, r_new_number in _pairs(results_old, results_new):
            priority.results.append(
                Item(
                    "result",
                    r_old,
                    r_new,
                    f"{p_old_number}.{r_old_number}" if r_old is not None else None,
                    f"{p_new_number}.{r_new_number}" if r_new is not None else None,
                    [
                        ("", r_old.statement if r_old else "", r_new.statement if r_new else ""),
                        (_("timeline"), _timeline(r_old), _timeline(r_new)),
                        (_("responsibilities"), _responsibilities_text(r_old), _responsibilities_text(r_new)),
                        (_("mandate tasks"), _tasks_text(r_old), _tasks_text(r_new)),
                    ],
                )
            )
        items.append(priority)
    _add_reasons(items)
    old_areas, new_areas = _areas_text(old), _areas_text(new)
    return Comparison(
        old=old,
        new=new,
        texts=[
            (_("Label"), old.label, new.label),
            (_("Period"), f"{old.period_start} – {old.period_end}", f"{new.period_start} – {new.period_end}"),
            (_("Shared vision"), old.vision, new.vision),
        ],
        priorities=items,
        areas=[(name, old_areas.get(name, ""), new_areas.get(name, "")) for name in sorted(old_areas | new_areas)],
    )


def _add_reasons(priorities: list[Item]) -> None:
    """Each changed item of the new version gets the latest reason a planner gave for a change to
    it (two queries: the history of its priorities and of its results)."""
    results = [result for priority in priorities for result in priority.results]
    for model, items in ((Priority, priorities), (Result, results)):
        wanted = {item.new.pk: item for item in items if item.new is not None and item.changed}
        if not wanted:
            continue
        records = (
            model.history.filter(id__in=wanted, history_reason_given=True)
            .order_by("history_date", "history_id")
            .values_list("id", "history_change_reason")
        )
        for pk, reason in records:
            wanted[pk].reason = reason_label(reason)


def framework_difference(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> list[dict]:
    """Sections of rows (label, old html, new html, changed), each section a priority of the new
    version (removed ones last) with a `note` when it was added, removed or moved, and the
    planner's latest `reason` for a change to it or to one of its results (`reasons`)."""
    comparison = compare(old, new)
    sections = [
        {"title": _("Framework"), "note": "", "reasons": [], "rows": [_row(*text) for text in comparison.texts]}
    ]
    for priority in comparison.priorities:
        rows = [_row(*text) for text in priority.texts]
        reasons = [(_("Priority %(n)s") % {"n": priority.new_number}, priority.reason)] if priority.reason else []
        for result in priority.results:
            prefix = _("Result %(number)s") % {"number": result.new_number or result.old_number}
            note = result.note
            (_label, old_statement, new_statement), *details = result.texts
            rows.append(_row(prefix + (f" ({note})" if note else ""), old_statement, new_statement))
            rows[-1]["changed"] = rows[-1]["changed"] or bool(note)
            rows.extend(_row(prefix + " · " + label, old_text, new_text) for label, old_text, new_text in details)
            if result.reason:
                reasons.append((prefix, result.reason))
        sections.append(
            {
                "title": _("Priority %(n)s") % {"n": priority.new_number or priority.old_number},
                "note": priority.note,
                "reasons": reasons,
                "rows": rows,
            }
        )
    sections.append(
        {"title": _("Integration areas"), "note": "", "reasons": [], "rows": [_row(*area) for area in comparison.areas]}
    )
    return sections


@dataclass
class Change:
    """What changed in one priority or result, to show inline: its main text with <ins>/<del>,
    what else changed (label and marked text), whether it was added or moved, and why."""

    text: str
    note: str
    details: list[tuple[str, str]]
    reason: str
    added: bool = False


@dataclass
class InlineChanges:
    """The changes of a version since an earlier one, keyed for the pages that show the version:
    `priorities` and `results` by the new version's ids; `removed` items as (what, marked text);
    `framework` and `areas` as (label, marked text) of what changed."""

    since: IntegratedStrategicFramework
    framework: list[tuple[str, str]]
    vision: str
    priorities: dict[int, Change]
    results: dict[int, Change]
    removed: list[tuple[str, str]]
    areas: list[tuple[str, str]]

    @property
    def count(self) -> int:
        return len(self.framework) + len(self.priorities) + len(self.results) + len(self.removed) + len(self.areas)

    def annotate(self, priorities: list) -> None:
        """Set `change` (a Change or None) on each priority and result of the tree a page shows."""
        for priority in priorities:
            priority.change = self.priorities.get(priority.pk)
            for result in priority.results.all():
                result.change = self.results.get(result.pk)


def _change(item: Item) -> Change:
    (_label, old_text, new_text), *details = item.texts
    return Change(
        text=diff_inline(old_text, new_text),
        note=item.note,
        details=[(capfirst(label), diff_inline(old, new)) for label, old, new in details if (old or "") != (new or "")],
        reason=item.reason,
        added=item.old is None,
    )


def inline_changes(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> InlineChanges:
    """The changes of `new` since `old`, for the editor and the ISF page: the same comparison as
    the page that sets versions side by side (`compare`), marked inline."""
    comparison = compare(old, new)
    priorities, results, removed = {}, {}, []
    for priority in comparison.priorities:
        if priority.new is None:
            what = _("Priority %(n)s removed") % {"n": priority.old_number}
            removed.append((what, diff_inline(priority.old.title, "")))
        elif priority.changed:
            priorities[priority.new.pk] = _change(priority)
        for result in priority.results:
            if result.new is None:
                what = _("Result %(n)s removed") % {"n": result.old_number}
                removed.append((what, diff_inline(result.old.statement, "")))
            elif result.changed:
                results[result.new.pk] = _change(result)
    (label, period, vision) = comparison.texts
    return InlineChanges(
        since=old,
        framework=[(name, diff_inline(a, b)) for name, a, b in (label, period) if a != b],
        vision=diff_inline(vision[1], vision[2]) if (vision[1] or "") != (vision[2] or "") else "",
        priorities=priorities,
        results=results,
        removed=removed,
        areas=[(name, diff_inline(a, b)) for name, a, b in comparison.areas if a != b],
    )


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
