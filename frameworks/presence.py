"""Who else has a framework's editor open, and which part of it they are editing.

The editor reports every 20 s or so (and at once when the focus moves to another priority or
result); each report is `presence_touch`, and the answer lists the others (`presence_list`).
Nothing is written to the database: presence lives in Django's cache (Redis when configured, the
process's memory on the embedded default) and fades by itself.

- **One entry per (framework, user)**, written only by that user's reports, expiring
  `PRESENCE_SECONDS` (60) after the last one: two people reporting at the same moment never
  overwrite each other, and a closed tab disappears within a minute (at once when the page says
  it is leaving: `presence_leave`). An entry holds the name and entity code to show, read from
  the user's membership on the mission once every `IDENTITY_SECONDS`, so a report costs no query.
- **A roster per framework** lists the ids of the users who reported lately, so the list is two
  cache reads (the roster, then the entries in one `get_many`). It is rewritten only when a user is
  not on it yet or it is older than half its lifetime (then without the users whose entry has
  faded); two people joining in the same instant may drop one of them from it, and their next
  report puts them back.
- **Labels are resolved when listed**, from the framework's current structure in one query whoever
  is listed ("Priority 2", "Result 1.3": positions as the editor numbers them), so a priority moved
  or removed meanwhile is named as it is now, or not at all.
- With Redis away, the cache answers as a miss (planning.redis_cache): nobody is listed, and the
  editor works on.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# What a report may say the user is editing: a priority ("p12"), a result ("r34"), the label,
# period and vision ("framework"), or nothing in particular ("").
ELEMENT_KEY = re.compile(r"(?:[pr][0-9]{1,18}|framework)?")
ELEMENT_KEY_HELP = gettext_lazy('Name a priority ("p" and its id), a result ("r" and its id), "framework" or nothing.')
IDENTITY_SECONDS = 300  # how long a report trusts the name and entity it found earlier
ROSTER_MAX = 200  # users kept on a framework's roster (the most recent ones)


def presence_seconds() -> int:
    return int(settings.WORKBENCH.get("PRESENCE_SECONDS", 60))


def clock() -> float:
    """Seconds since the epoch (tests replace it)."""
    return time.time()


@dataclass(frozen=True)
class Presence:
    """Someone else who has the framework open."""

    user_id: int
    name: str
    entity: str  # the code of the entity they work for on this mission ("" if none)
    editing: str  # the element key they reported
    label: str  # what they edit, for people ("Priority 2"); "" when nothing in particular
    seen_seconds: int  # since their last report

    @property
    def display(self) -> str:
        return f"{self.name} ({self.entity})" if self.entity else self.name


def _entry_key(framework_id: int, user_id: int) -> str:
    return f"presence:fw:{framework_id}:u:{user_id}"


def _roster_key(framework_id: int) -> str:
    return f"presence:fw:{framework_id}:roster"


def _roster_seconds() -> int:
    return 10 * presence_seconds()


def _identity(*, framework_id: int, user) -> tuple[str, str]:
    """The name to show and the code of the entity the user works for on the framework's mission."""
    from missions.models import Membership

    code = (
        Membership.objects.filter(user_id=user.pk, is_active=True, missions__frameworks=framework_id)
        .order_by("role", "entity__code")
        .values_list("entity__code", flat=True)
        .first()
    )
    return (user.get_full_name() or user.get_username()), code or ""


def presence_touch(*, framework_id: int, user, editing: str = "") -> None:
    """Record that `user` has the framework open and edits `editing` (an element key)."""
    if not isinstance(editing, str) or not ELEMENT_KEY.fullmatch(editing):
        raise ValidationError({"editing": ELEMENT_KEY_HELP})
    now = clock()
    entry_key, roster_key = _entry_key(framework_id, user.pk), _roster_key(framework_id)
    found = cache.get_many([entry_key, roster_key])
    entry = found.get(entry_key)
    if entry and now - entry.get("who_at", 0) < IDENTITY_SECONDS:
        name, entity, who_at = entry["name"], entry["entity"], entry["who_at"]
    else:
        (name, entity), who_at = _identity(framework_id=framework_id, user=user), now
    cache.set(
        entry_key,
        {"name": name, "entity": entity, "editing": editing, "at": now, "who_at": who_at},
        presence_seconds(),
    )
    roster = found.get(roster_key) or {"at": 0, "ids": []}
    if user.pk not in roster["ids"] or now - roster["at"] > _roster_seconds() / 2:
        _roster_write(framework_id, roster["ids"], user.pk, now)


def _roster_write(framework_id: int, ids: list[int], user_id: int, now: float) -> None:
    others = [i for i in ids if i != user_id]
    alive = cache.get_many([_entry_key(framework_id, i) for i in others]) if others else {}
    kept = [i for i in others if _entry_key(framework_id, i) in alive][-(ROSTER_MAX - 1) :]
    cache.set(_roster_key(framework_id), {"at": now, "ids": [*kept, user_id]}, _roster_seconds())


def presence_leave(*, framework_id: int, user) -> None:
    """The user closed the editor: take them off the list at once."""
    cache.delete(_entry_key(framework_id, user.pk))


def presence_list(*, framework_id: int, exclude_user_id: int | None) -> list[Presence]:
    """The others who reported on the framework within `PRESENCE_SECONDS`, by name."""
    roster = cache.get(_roster_key(framework_id)) or {"ids": []}
    ids = [i for i in roster["ids"] if i != exclude_user_id]
    if not ids:
        return []
    now, window = clock(), presence_seconds()
    found = cache.get_many([_entry_key(framework_id, i) for i in ids])
    entries = {
        i: entry
        for i in ids
        if (entry := found.get(_entry_key(framework_id, i))) is not None and now - entry["at"] <= window
    }
    labels = element_labels(framework_id, {entry["editing"] for entry in entries.values()})
    people = [
        Presence(
            user_id=i,
            name=entry["name"],
            entity=entry["entity"],
            editing=entry["editing"],
            label=labels.get(entry["editing"], ""),
            seen_seconds=max(0, int(now - entry["at"])),
        )
        for i, entry in entries.items()
    ]
    return sorted(people, key=lambda p: (p.name.casefold(), p.entity, p.user_id))


def element_labels(framework_id: int, keys: set[str]) -> dict[str, str]:
    """Labels of element keys as the editor names them ("Priority 2", "Result 1.3"); keys of
    elements that are not in the framework (any more) are left out. One query when a priority or
    a result is asked for, none otherwise."""
    from frameworks.models import Priority

    labels = {}
    if "framework" in keys:
        labels["framework"] = _("label, period and vision")
    if not any(key[:1] in ("p", "r") for key in keys):
        return labels
    rows = (
        Priority.objects.filter(framework_id=framework_id)
        .order_by("order", "id", "results__order", "results__id")
        .values_list("pk", "results__pk")
    )
    numbers: dict[int, int] = {}
    results_in: dict[int, int] = {}
    for priority_id, result_id in rows:
        n = numbers.setdefault(priority_id, len(numbers) + 1)
        if f"p{priority_id}" in keys:
            labels[f"p{priority_id}"] = _("Priority %(n)s") % {"n": n}
        if result_id is not None:
            m = results_in[priority_id] = results_in.get(priority_id, 0) + 1
            if f"r{result_id}" in keys:
                labels[f"r{result_id}"] = _("Result %(n)s.%(m)s") % {"n": n, "m": m}
    return labels


def presence_fingerprint(people: list[Presence]) -> str:
    """A short digest of what the list shows ("" when nobody else is here): the editor sends back
    the one it has, and an unchanged list is not sent again (nor announced again)."""
    if not people:
        return ""
    shown = [get_language(), *[(p.user_id, p.display, p.label) for p in people]]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]
