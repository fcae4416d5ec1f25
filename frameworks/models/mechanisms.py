from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.choices import MechanismKind, MechanismLevel
from missions.access import RestrictedQuerySet
from missions.models import Entity, Mission
from missions.models.base import TimeStampedModel
from missions.texts import bounded_text


class IntegratedMechanism(TimeStampedModel):
    """A body in which mission and country team plan together (IAP minimum requirement 3): the
    headquarters Integrated Task Force, a field senior leadership forum, a joint planning unit."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="mechanisms")
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=MechanismLevel.choices)
    kind = models.CharField(_("type"), max_length=20, choices=MechanismKind.choices)
    chair = models.ForeignKey(Entity, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(Entity, verbose_name=_("members"), blank=True, related_name="mechanisms")
    cadence_days = models.PositiveSmallIntegerField(
        _("meets every (days)"), default=30, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    terms_of_reference = bounded_text(_("terms of reference"), blank=True)
    history = HistoricalRecords(m2m_fields=[members])

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "level", "name"]
        verbose_name = _("integrated mechanism")
        verbose_name_plural = _("integrated mechanisms")
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1),
                name="mechanism_cadence_positive",
                violation_error_message=_("Meets every (days) must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MechanismMeeting(models.Model):
    """A meeting a mechanism held, with the decisions it took."""

    mechanism = models.ForeignKey(IntegratedMechanism, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    decisions = bounded_text(_("decisions"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mechanism__mission"

    class Meta:
        ordering = ["mechanism", "-held_on"]
        get_latest_by = "held_on"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "held_on"],
                name="meeting_once_per_day",
                violation_error_message=_("A meeting on that date is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.held_on}"
