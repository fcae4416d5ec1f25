from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benchmarks.choices import (
    UPDATE_VISIBILITY,
    Aggregation,
    Direction,
    Frequency,
    ProgressStatus,
    UpdateState,
)
from frameworks.models import Result
from missions.access import RestrictedQuerySet
from missions.models import Entity, MandateTask, Mission
from missions.models.base import TimeStampedModel, date_order_errors
from missions.texts import REASON_MAX, bounded_text


class Benchmark(TimeStampedModel):
    """A condition the Security Council or the mission watches, linked to framework results and
    mandate tasks; flagged when it governs drawdown or transition."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="benchmarks")
    title = models.CharField(_("title"), max_length=300)
    description = bounded_text(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    is_transition = models.BooleanField(_("governs drawdown or transition"), default=False)
    results = models.ManyToManyField(
        Result,
        verbose_name=_("framework results"),
        blank=True,
        related_name="benchmarks",
    )
    mandate_tasks = models.ManyToManyField(
        MandateTask,
        verbose_name=_("mandate tasks"),
        blank=True,
        related_name="benchmarks",
    )
    history = HistoricalRecords(m2m_fields=[results, mandate_tasks])

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "order", "id"]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        indexes = [models.Index(fields=["mission", "is_transition"])]

    def __str__(self) -> str:
        return self.title


class Indicator(TimeStampedModel):
    """A measure of a benchmark: unit, baseline, target, which way is good, how often it is
    reported, how periods add up, where the data comes from and which entity reports it."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    aggregation = models.CharField(
        _("aggregation rule"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.LATEST,
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    responsible_entity = models.ForeignKey(
        Entity,
        verbose_name=_("responsible entity"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "benchmark__mission"
    access_entity_path = "responsible_entity"

    class Meta:
        ordering = ["benchmark", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="indicator_target_after_baseline",
                violation_error_message=_("Target date must be after baseline date."),
            ),
        ]
        indexes = [models.Index(fields=["responsible_entity", "benchmark"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = date_order_errors(self, "baseline_date", "target_date")
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(TimeStampedModel):
    """One report on an indicator for one period: value, narrative, status and evidence; submitted
    by the responsible entity, approved or returned with a reason by the mission planning unit."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="updates")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    narrative = bounded_text(_("narrative"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_ASSESSED,
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=UpdateState.choices,
        default=UpdateState.DRAFT,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = bounded_text(_("reason for return"), REASON_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "indicator__benchmark__mission"
    access_entity_path = "indicator__responsible_entity"
    access_status_path = "state"
    access_status_visibility = UPDATE_VISIBILITY

    class Meta:
        ordering = ["indicator", "period_start"]
        get_latest_by = "period_start"
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                name="update_once_per_indicator_period",
                violation_error_message=_("This indicator already has an update for the period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="update_period_end_after_start",
                violation_error_message=_("Period end must be after period start."),
            ),
            models.CheckConstraint(
                condition=~Q(state=UpdateState.RETURNED) | ~Q(return_reason=""),
                name="update_return_has_reason",
                violation_error_message=_("A returned update needs the reason for return."),
            ),
            models.CheckConstraint(
                condition=~Q(state=UpdateState.APPROVED) | Q(approved_at__isnull=False),
                name="update_approved_has_time",
                violation_error_message=_("An approved update needs its approval time."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "state", "-period_start"],
                name="update_latest_by_state",
            ),
            models.Index(fields=["state", "period_end"], name="update_state_period_end"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start:%Y-%m}"

    def clean(self):
        errors = date_order_errors(self, "period_start", "period_end")
        # The unique constraint would report this without a field; say it on the period.
        if self.indicator_id and self.period_start:
            others = type(self)._default_manager.filter(indicator_id=self.indicator_id, period_start=self.period_start)
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                errors["period_start"] = _("This indicator already has an update for the period starting %(date)s.") % {
                    "date": self.period_start
                }
        errors.update(self.state_errors())
        if errors:
            raise ValidationError(errors)

    def state_errors(self) -> dict:
        """The rules of the state (value, reason for return, approval time), checked without the
        database: a review changes only these, so batch reviews check them alone."""
        errors = {}
        if self.state == UpdateState.RETURNED and not self.return_reason.strip():
            errors["return_reason"] = _("Say why the update is returned.")
        if (
            self.state in (UpdateState.SUBMITTED, UpdateState.APPROVED)
            and self.value is None
            and self.status != ProgressStatus.NOT_ASSESSED
        ):
            errors["value"] = _("Give a value, or mark the status as not assessed.")
        if self.state == UpdateState.APPROVED and not self.approved_at:
            errors["approved_at"] = _("An approved update needs its approval time.")
        return errors
