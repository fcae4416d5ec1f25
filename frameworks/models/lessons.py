from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.choices import IntegrationAreaKind, LessonLanguage
from missions.access import RestrictedQuerySet
from missions.choices import Phase
from missions.models import Mandate, Mission, PhaseChange
from missions.models.base import ChoiceLabels
from missions.texts import bounded_text

from .assessments import StrategicAssessment
from .mechanisms import IntegratedMechanism, MechanismMeeting

LESSON_TEXT_MAX = 4000
# The kinds of object a lesson can be drawn from, as the field holding each; at most one is set
# (a meeting comes with its mechanism).
SOURCE_FIELDS = ("assessment", "mechanism", "phase_change", "mandate")


class Lesson(ChoiceLabels, models.Model):
    """What a mission learned, in its context (mission, lifecycle phase, integration area), drawn
    from a strategic assessment, a mechanism's meeting, a transition or a mandate review. Lessons are
    read across missions: every planner and observer sees every lesson."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    text = bounded_text(_("what was learned"), limit=LESSON_TEXT_MAX)
    language = models.CharField(
        _("language"), max_length=2, choices=LessonLanguage.choices, default=LessonLanguage.ENGLISH
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    area = models.CharField(_("integration area"), max_length=30, choices=IntegrationAreaKind.choices, blank=True)
    assessment = models.ForeignKey(
        StrategicAssessment,
        verbose_name=_("strategic assessment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    mechanism = models.ForeignKey(
        IntegratedMechanism,
        verbose_name=_("integrated mechanism"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    meeting = models.ForeignKey(
        MechanismMeeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    phase_change = models.ForeignKey(
        PhaseChange,
        verbose_name=_("transition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate review"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(assessment__isnull=True, mechanism__isnull=True, phase_change__isnull=True)
                    | Q(assessment__isnull=True, mechanism__isnull=True, mandate__isnull=True)
                    | Q(assessment__isnull=True, phase_change__isnull=True, mandate__isnull=True)
                    | Q(mechanism__isnull=True, phase_change__isnull=True, mandate__isnull=True)
                ),
                name="lesson_one_source",
                violation_error_message=_("A lesson is drawn from one source at most."),
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) | Q(mechanism__isnull=False),
                name="lesson_meeting_with_mechanism",
                violation_error_message=_("A meeting is recorded with its mechanism."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self):
        """The object the lesson was drawn from (the meeting before its mechanism), or None."""
        if self.meeting_id:
            return self.meeting
        for name in SOURCE_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def clean(self):
        errors = {}
        for name in (*SOURCE_FIELDS, "meeting"):
            source = getattr(self, name)
            if source is None:
                continue
            mission_id = source.mechanism.mission_id if name == "meeting" else source.mission_id
            if mission_id != self.mission_id:
                errors[name] = _("The source must belong to the lesson's mission.")
        if self.meeting_id and self.mechanism_id and self.meeting.mechanism_id != self.mechanism_id:
            errors["meeting"] = _("The meeting must be one of the mechanism's.")
        if sum(1 for name in SOURCE_FIELDS if getattr(self, f"{name}_id")) > 1:
            errors["__all__"] = _("A lesson is drawn from one source at most.")
        if errors:
            raise ValidationError(errors)
