from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benchmarks.choices import GapCategory, GapStatus
from missions.access import RestrictedQuerySet
from missions.models import Mandate, Mission
from missions.models.base import ChoiceLabels, TimeStampedModel
from missions.texts import bounded_text


class CapacityGap(TimeStampedModel):
    """A gap between what the mandate asks and what the mission has (staff, skills, funds,
    assets), and its effect on delivery."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="capacity_gaps")
    category = models.CharField(_("category"), max_length=10, choices=GapCategory.choices)
    requirement = bounded_text(
        _("what the mandate asks"),
        blank=True,
        help_text=_("The task or capacity the mandate calls for, e.g. police advisers in every county."),
    )
    description = bounded_text(_("what is missing"))
    effect = bounded_text(_("effect"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GapStatus.choices, default=GapStatus.OPEN)
    identified_on = models.DateField(_("identified on"))
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "status", "-identified_on"]
        verbose_name = _("capacity gap")
        verbose_name_plural = _("capacity gaps")

    def __str__(self) -> str:
        return self.description[:80]


class CapacityGapReview(ChoiceLabels, models.Model):
    """The status of a capacity gap at a mandate renewal."""

    gap = models.ForeignKey(CapacityGap, on_delete=models.CASCADE, related_name="reviews")
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="gap_reviews")
    status = models.CharField(_("status"), max_length=10, choices=GapStatus.choices)
    note = bounded_text(_("note"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "gap__mission"

    class Meta:
        ordering = ["gap", "mandate__adopted_on"]
        verbose_name = _("capacity gap review")
        verbose_name_plural = _("capacity gap reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["gap", "mandate"],
                name="gap_review_once_per_mandate",
                violation_error_message=_("This gap is already reviewed for that mandate."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gap} at {self.mandate}: {self.get_status_display()}"
