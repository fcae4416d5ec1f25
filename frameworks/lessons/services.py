"""Writes of lessons learned."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from frameworks.choices import LessonLanguage
from frameworks.models import Lesson
from missions.access import after_closing, can, check_allowed
from missions.models import Mission
from missions.notices import reason_text

SOURCE_KEYWORDS = ("assessment", "mechanism", "meeting", "phase_change", "mandate")


@transaction.atomic
def lesson_record(
    *,
    actor,
    mission: Mission,
    title: str,
    text: str,
    phase: str,
    area: str = "",
    language: str = LessonLanguage.ENGLISH,
    **source,
) -> Lesson:
    """Record a lesson of `mission` (the mission's planners and its headquarters planners; a
    closed mission still records what it learned), drawn from at most one source the actor sees:
    `assessment`, `mechanism`, `meeting` (with its mechanism), `phase_change` or `mandate`."""
    unknown = set(source) - set(SOURCE_KEYWORDS)
    if unknown:
        raise TypeError(f"unknown sources: {', '.join(sorted(unknown))}")
    with after_closing():
        check_allowed(actor, "add", mission)
    given = {name: obj for name, obj in source.items() if obj is not None}
    for name, obj in given.items():
        if not can(actor, "view", obj):
            raise ValidationError({name: _("This source does not exist.")})
    if given.get("meeting") is not None and given.get("mechanism") is None:
        given["mechanism"] = given["meeting"].mechanism
    lesson = Lesson(
        mission=mission,
        title=title,
        text=text,
        phase=phase,
        area=area,
        language=language,
        recorded_by=actor,
        **given,
    )
    lesson.full_clean()
    lesson._history_user = actor
    lesson._change_reason = reason_text("lesson.recorded")
    lesson.save()
    return lesson
