from django.db import models
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import ProgressStatus
from missions.models import Mission
from missions.models.base import ChoiceLabels


class IndicatorStanding(ChoiceLabels, models.Model):
    """Where an indicator stands today by the monitoring rules (`benchmarks.rules`): the figure by
    its aggregation rule, progress from baseline to target, the status last reported, the last
    approved period, the overdue period and whether the data is stale. Kept by the services that
    change updates or indicators, in their transaction, and refreshed daily for the passing of time
    (`manage.py rebuild_standings` recomputes every row from scratch). Read through the indicator
    (`select_related("standing")`), so it is seen by whoever may see the indicator."""

    indicator = models.OneToOneField(
        "benchmarks.Indicator", on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    value = models.DecimalField(_("figure by its rule"), max_digits=20, decimal_places=2, null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    reported_status = models.CharField(
        _("reported status"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_ASSESSED
    )
    period_end = models.DateField(_("last approved period ends"), null=True, blank=True)
    latest_value = models.DecimalField(
        _("latest approved value"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    disagreement = models.CharField(_("status and progress disagree"), max_length=30, blank=True)
    stale = models.BooleanField(_("data is stale"), default=False)
    due_start = models.DateField(_("due period starts"), null=True, blank=True)
    due_end = models.DateField(_("due period ends"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    due_state = models.CharField(_("state of the due update"), max_length=20, blank=True)
    as_of = models.DateField(_("computed as of"))

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("indicator standing")
        verbose_name_plural = _("indicator standings")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="standing_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.progress}%)"


class MissionStanding(models.Model):
    """A mission's monitoring roll-up today: indicators by reported status, overdue and stale
    counts, disagreements, and transition readiness; kept with the indicator standings."""

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, primary_key=True, related_name="standing")
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    achieved = models.PositiveIntegerField(_("achieved"), default=0)
    on_track = models.PositiveIntegerField(_("on track"), default=0)
    at_risk = models.PositiveIntegerField(_("at risk"), default=0)
    off_track = models.PositiveIntegerField(_("off track"), default=0)
    not_assessed = models.PositiveIntegerField(_("not assessed"), default=0)
    overdue = models.PositiveIntegerField(_("overdue updates"), default=0)
    stale = models.PositiveIntegerField(_("stale indicators"), default=0)
    disagreements = models.PositiveIntegerField(_("status and progress disagree"), default=0)
    benchmarks = models.PositiveIntegerField(_("benchmarks"), default=0)
    transition_benchmarks = models.PositiveIntegerField(_("transition benchmarks"), default=0)
    transition_ready = models.PositiveIntegerField(_("transition benchmarks achieved or on track"), default=0)
    benchmark_counts = models.JSONField(_("benchmarks by status"), default=dict, blank=True)
    # Transition readiness at the end of each of the last quarters and on `as_of`, oldest first:
    # [[ISO date, ready, total], ...] (benchmarks.selectors.transition_readiness).
    readiness_points = models.JSONField(_("transition readiness by quarter"), default=list, blank=True)
    as_of = models.DateField(_("computed as of"))

    class Meta:
        ordering = ["mission"]
        verbose_name = _("mission standing")
        verbose_name_plural = _("mission standings")

    def __str__(self) -> str:
        return f"{self.mission_id} as of {self.as_of}"

    def status_counts(self) -> dict[str, int]:
        """Indicators by the status last reported."""
        return {status: getattr(self, status) for status in ProgressStatus.values}

    @property
    def readiness(self) -> int | None:
        """Transition readiness in percent, None without transition benchmarks."""
        if not self.transition_benchmarks:
            return None
        return round(100 * self.transition_ready / self.transition_benchmarks)
