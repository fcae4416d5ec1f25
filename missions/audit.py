"""The audit trail, read for people.

django-simple-history records every save and delete of a model that has `history =
HistoricalRecords()` (who through `HistoryRequestMiddleware`, an optional reason through
`obj._change_reason`). `history_entries(obj)` turns those records into entries a page can show:
who, when, what kind of change, and each changed field as before -> after, in words (choice labels,
names of related objects, Yes/No), with the reason (a stored message key in the reader's language,
`missions.notices.reason_label`, or the words a person gave).

Access is the caller's business: check `view` on the object first (the history page does, through
the access layer). Costs a fixed number of queries for any number of entries: the records, one
query per many-to-many field, one per kind of related object named in a change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.notices import reason_label

KIND_LABELS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}
EMPTY = "—"


@dataclass
class FieldChange:
    """One field of one entry: its label and the value before and after, as text."""

    name: str
    label: str
    before: Any
    after: Any


@dataclass
class HistoryEntry:
    """One recorded change of an object."""

    when: datetime
    who: Any  # the user, or None for a change made outside a request (a script, a task)
    kind: str  # "+", "~" or "-"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def who_label(self) -> str:
        if self.who is None:
            return _("System")
        return self.who.get_full_name() or self.who.get_username()


def has_history(model: type[models.Model]) -> bool:
    """Whether the model keeps an audit trail (django-simple-history)."""
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


def history_queryset(obj: models.Model):
    """The historical records of `obj`, newest first, with the user who made each."""
    manager = getattr(type(obj), type(obj)._meta.simple_history_manager_attribute)
    return manager.filter(**{type(obj)._meta.pk.attname: obj.pk}).select_related("history_user")


def _m2m_history_model(historical_model, m2m_field: models.ManyToManyField):
    """The table where simple-history keeps the rows of `m2m_field` for each record."""
    suffix = f"_{m2m_field.name}"
    for relation in historical_model._meta.related_objects:
        related = relation.related_model
        if relation.field.name == "history" and related._meta.model_name.endswith(suffix.lower()):
            return related
    raise LookupError(f"No history table for {m2m_field}")


def _m2m_values(records: list, historical_model) -> dict[tuple[int, str], list[int]]:
    """(record id, m2m field name) -> sorted ids of the related objects at that record."""
    from simple_history.utils import get_m2m_reverse_field_name

    values: dict[tuple[int, str], list[int]] = defaultdict(list)
    ids = [record.history_id for record in records]
    for m2m_field in historical_model._history_m2m_fields:
        table = _m2m_history_model(historical_model, m2m_field)
        target = table._meta.get_field(get_m2m_reverse_field_name(m2m_field)).attname
        for history_id, target_id in table.objects.filter(history_id__in=ids).values_list("history_id", target):
            values[(history_id, m2m_field.name)].append(target_id)
    for key in values:
        values[key].sort()
    return values


def history_entries(obj: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """The readable history of `obj`, newest first (at most `limit` entries)."""
    if not has_history(type(obj)):
        return []
    # One record more than shown, so the oldest shown entry can be diffed against its predecessor.
    records = list(history_queryset(obj)[: limit + 1])
    if not records:
        return []
    historical_model = type(records[0])
    model = type(obj)
    fields = [f for f in historical_model.tracked_fields if f.editable and not f.primary_key]
    m2m_fields = list(historical_model._history_m2m_fields)
    m2m = _m2m_values(records, historical_model) if m2m_fields else {}

    raw: list[tuple[Any, list[tuple[models.Field, Any, Any]]]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        diffs = []
        for model_field in fields:
            after = getattr(record, model_field.attname)
            before = getattr(previous, model_field.attname) if previous else None
            if previous is None and record.history_type == "+" and after in (None, "", False):
                continue  # a new object: list what it was created with, not every empty field
            if previous is None or before != after:
                if previous is None and record.history_type != "+":
                    continue  # the oldest kept record of a long history: nothing to compare with
                diffs.append((model_field, before, after))
        for m2m_field in m2m_fields:
            after = m2m.get((record.history_id, m2m_field.name), [])
            before = m2m.get((previous.history_id, m2m_field.name), []) if previous else []
            if before != after and (previous is not None or record.history_type == "+"):
                diffs.append((m2m_field, before, after))
        raw.append((record, diffs))

    names = _related_names(raw)
    entries = []
    for record, diffs in raw:
        changes = [
            FieldChange(
                name=model_field.name,
                label=str(model._meta.get_field(model_field.name).verbose_name).capitalize(),
                before=_readable(model_field, before, names),
                after=_readable(model_field, after, names),
            )
            for model_field, before, after in diffs
        ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                reason=reason_label(record.history_change_reason),
                changes=changes,
            )
        )
    return entries


def _related_names(raw) -> dict[tuple[type, Any], str]:
    """Names of every related object the changes mention, one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for _record, diffs in raw:
        for model_field, before, after in diffs:
            if model_field.is_relation:
                for value in (before, after):
                    values = value if isinstance(value, list) else [value]
                    wanted[model_field.related_model].update(v for v in values if v is not None)
    names = {}
    for related_model, pks in wanted.items():
        found = related_model._base_manager.in_bulk(pks)
        for pk in pks:
            names[(related_model, pk)] = str(found[pk]) if pk in found else _("deleted (#%(pk)s)") % {"pk": pk}
    return names


def _readable(model_field: models.Field, value, names) -> Any:
    if isinstance(value, list):
        return ", ".join(names[(model_field.related_model, pk)] for pk in value) or EMPTY
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return names[(model_field.related_model, value)]
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def save_with_reason(obj: models.Model, reason: str, **save_kwargs) -> None:
    """Save `obj` recording why; services call this where the user gave a reason (or with
    `missions.notices.reason_text(key)` for a reason of their own)."""
    obj._change_reason = reason
    obj.save(**save_kwargs)


def history_url(obj: models.Model) -> str:
    """The address of the history page of `obj` (`missions:history`)."""
    from django.urls import reverse

    return reverse("missions:history", args=[obj._meta.label_lower, obj.pk])
