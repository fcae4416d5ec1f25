from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.access import RestrictedQuerySet
from missions.models import Entity, Mission
from missions.models.base import TimeStampedModel, date_order_errors
from missions.texts import bounded_text


class StrategicAssessment(TimeStampedModel):
    """Joint analysis (IAP minimum requirement 1): a strategic assessment of the conflict and the
    UN's options, led by one entity with mission and country-team entities taking part."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    lead_entity = models.ForeignKey(Entity, verbose_name=_("led by"), on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField(
        Entity,
        verbose_name=_("participating entities"),
        blank=True,
        related_name="assessments",
    )
    conflict_drivers = bounded_text(_("drivers of conflict"), blank=True)
    actors = bounded_text(_("actors"), blank=True)
    risks = bounded_text(_("risks"), blank=True)
    options = bounded_text(_("options considered"), blank=True)
    recommendations = bounded_text(_("recommendations"), blank=True)
    is_internal = models.BooleanField(
        _("internal"),
        default=True,
        help_text=_("Internal assessments are seen only by people working on the mission."),
    )
    illustrative = models.BooleanField(_("illustrative content"), default=False)
    history = HistoricalRecords(m2m_fields=[participants])

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"
    access_internal_field = "is_internal"

    class Meta:
        ordering = ["mission", "-started_on"]
        verbose_name = _("strategic assessment")
        verbose_name_plural = _("strategic assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="assessment_completed_after_started",
                violation_error_message=_("Completed on must be on or after started on."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = date_order_errors(self, "started_on", "completed_on", strict=False)
        if errors:
            raise ValidationError(errors)
