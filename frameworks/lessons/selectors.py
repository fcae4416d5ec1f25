"""Reads of lessons learned: the browse list and the suggestions shown while drafting."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet

from frameworks.filtersets import LessonFilterSet
from frameworks.models import Lesson

SUGGESTIONS = 3
# Words of a draft too common to say two texts are alike.
_STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "au",
        "aux",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "par",
        "pour",
        "sur",
        "un",
        "une",
    )
)


def lesson_rows() -> QuerySet[Lesson]:
    """Lessons with what their rows show: the mission, its type, who recorded them, the source."""
    return Lesson.objects.select_related(
        "mission", "recorded_by", "assessment", "mechanism", "meeting", "phase_change", "mandate"
    )


def lessons_for(user, *, filters=None) -> tuple[LessonFilterSet, QuerySet[Lesson]]:
    """The lessons `user` sees (every lesson, for planners and observers), filtered by the page's
    query string (frameworks.filtersets.LessonFilterSet)."""
    filterset = LessonFilterSet(filters, queryset=lesson_rows().restrict(user, "view"))
    return filterset, filterset.qs


def words_of(text: str, limit: int = 30) -> list[str]:
    """The distinct words of a text worth matching (3 letters or more, no stop words), in order."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w{3,}", (text or "").lower()):
        if word not in _STOP_WORDS and not word.isdigit():
            seen.setdefault(word, None)
        if len(seen) >= limit:
            break
    return list(seen)


def similar_lessons(user, *, text: str, mission=None, area: str = "", limit: int = SUGGESTIONS) -> list[Lesson]:
    """Up to `limit` lessons of other missions than `mission` whose words meet the words of `text`,
    best first (the same area first among equals). PostgreSQL: full text on the lesson's search
    vector, the words OR-ed; elsewhere: how many of the words a lesson's title and text hold.
    One query."""
    words = words_of(text)
    if not words:
        return []
    lessons = lesson_rows().restrict(user, "view")
    if mission is not None:
        lessons = lessons.exclude(mission=mission)
    if connection.vendor == "postgresql":
        from frameworks.lessons.vectors import matching_any

        return list(matching_any(lessons, words, area=area)[:limit])
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word) | Q(text__icontains=word)
    candidates = list(lessons.filter(condition)[:200])

    def score(lesson: Lesson) -> tuple:
        haystack = f"{lesson.title} {lesson.text}".lower()
        return (-sum(1 for word in words if word in haystack), lesson.area != area, -lesson.pk)

    return sorted(candidates, key=score)[:limit]
