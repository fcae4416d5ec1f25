from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from frameworks.choices import (
    EDITABLE_STATUSES,
    FRAMEWORK_VISIBILITY,
    FrameworkStatus,
    FundingSource,
    IntegrationAreaKind,
    IntegrationDepth,
    NationalFrameworkKind,
    ResponsibilityRole,
)
from missions.access import RestrictedQuerySet
from missions.models import Entity, MandateTask, Mission
from missions.models.base import ChoiceLabels, TimeStampedModel, date_order_errors
from missions.texts import bounded_text

# An outcome statement is a sentence or two, not a chapter: longer text belongs in the description.
RESULT_STATEMENT_MAX = 1000


class IntegratedStrategicFramework(TimeStampedModel):
    """The Integrated Strategic Framework (IAP minimum requirement 2): mission and country team's
    shared vision, peace-consolidation priorities, results, timelines and responsibilities. Each
    version is a row; an endorsed version never changes, a change starts a new version."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="frameworks")
    label = models.CharField(
        _("label"),
        max_length=200,
        default="Integrated Strategic Framework",
        help_text=_("The name used in the country, e.g. Joint Vision."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    vision = bounded_text(_("shared vision"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    consultation_deadline = models.DateField(
        _("comments due by"),
        null=True,
        blank=True,
        help_text=_("Set when the version is sent to the country team for consultation."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    illustrative = models.BooleanField(
        _("illustrative content"),
        default=False,
        help_text=_("Content that is illustrative, not a public document."),
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"
    access_status_path = "status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["mission", "-version"]
        verbose_name = _("Integrated Strategic Framework")
        verbose_name_plural = _("Integrated Strategic Frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="framework_period_end_after_start",
                violation_error_message=_("Period end must be after period start."),
            ),
            models.UniqueConstraint(
                fields=["mission", "version"],
                name="framework_version_once",
                violation_error_message=_("The mission already has a framework with this version number."),
            ),
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(status=FrameworkStatus.ENDORSED),
                name="framework_one_endorsed_per_mission",
                violation_error_message=_("The mission already has an endorsed framework: supersede it first."),
            ),
            models.CheckConstraint(
                condition=~Q(status=FrameworkStatus.ENDORSED) | Q(endorsed_on__isnull=False),
                name="framework_endorsed_has_date",
                violation_error_message=_("An endorsed framework needs its endorsement date."),
            ),
        ]
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.mission} {self.label} v{self.version}"

    def clean(self):
        errors = date_order_errors(self, "period_start", "period_end")
        if self.status == FrameworkStatus.ENDORSED and not self.endorsed_on:
            errors["endorsed_on"] = _("An endorsed framework needs its endorsement date.")
        # The conditional unique constraint would report this without a field; say it on the status.
        if self.status == FrameworkStatus.ENDORSED and self.mission_id:
            others = type(self)._default_manager.filter(mission_id=self.mission_id, status=FrameworkStatus.ENDORSED)
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                errors["status"] = _(
                    "Status cannot be endorsed: the mission already has an endorsed framework. Supersede it first."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class NationalAlignment(ChoiceLabels, models.Model):
    """A national or UN framework the ISF aligns with: a national development plan or PRSP, a New
    Deal compact, the UNDAF or Cooperation Framework, a humanitarian response plan; and the
    priorities of the ISF that align with it."""

    framework = models.ForeignKey(
        IntegratedStrategicFramework,
        on_delete=models.CASCADE,
        related_name="alignments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NationalFrameworkKind.choices)
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=40, blank=True)
    priorities = models.ManyToManyField(
        "Priority",
        verbose_name=_("priorities aligned with it"),
        blank=True,
        related_name="alignments",
    )

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "framework__mission"
    access_status_path = "framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["framework", "kind", "title"]
        verbose_name = _("national framework alignment")
        verbose_name_plural = _("national framework alignments")

    def __str__(self) -> str:
        return self.title


class ReasonedHistory(models.Model):
    """What the history of a priority or a result keeps besides django-simple-history's own
    fields: whether the change reason is the planner's own words ("Reason for this change"),
    not the service's name for the change, so comparisons of versions can show it."""

    history_reason_given = models.BooleanField(_("reason given by the planner"), default=False)

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _keep_whether_reason_given(sender, instance, history_instance, **kwargs):
    if isinstance(history_instance, ReasonedHistory):
        history_instance.history_reason_given = bool(getattr(instance, "_reason_given", False))


class Priority(TimeStampedModel):
    """A peace-consolidation priority of the framework (usually three to five)."""

    framework = models.ForeignKey(
        IntegratedStrategicFramework,
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = bounded_text(_("description"), blank=True)
    # The priority of the earlier version this one was copied from: what a comparison matches it
    # with, wherever either has moved.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    history = HistoricalRecords(bases=[ReasonedHistory])

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "framework__mission"
    access_status_path = "framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["framework", "order", "id"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        indexes = [models.Index(fields=["framework", "order"])]

    def __str__(self) -> str:
        return self.title


class Result(TimeStampedModel):
    """An agreed result under a priority: the outcome statement, its timeline and the mandate
    tasks it serves."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    statement = bounded_text(_("outcome statement"), limit=RESULT_STATEMENT_MAX)
    timeline_start = models.DateField(_("timeline start"), null=True, blank=True)
    timeline_end = models.DateField(_("timeline end"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    mandate_tasks = models.ManyToManyField(
        MandateTask, verbose_name=_("mandate tasks"), blank=True, related_name="results"
    )
    history = HistoricalRecords(m2m_fields=[mandate_tasks], bases=[ReasonedHistory])

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "priority__framework__mission"
    access_status_path = "priority__framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["priority", "order", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(timeline_end__isnull=True)
                | Q(timeline_start__isnull=True)
                | Q(timeline_end__gt=F("timeline_start")),
                name="result_timeline_end_after_start",
                violation_error_message=_("Timeline end must be after timeline start."),
            )
        ]
        indexes = [models.Index(fields=["priority", "order"])]

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self):
        errors = date_order_errors(self, "timeline_start", "timeline_end")
        if self.priority_id:
            framework = self.priority.framework
            for name in ("timeline_start", "timeline_end"):
                value = getattr(self, name)
                if name not in errors and value and not framework.period_start <= value <= framework.period_end:
                    errors[name] = _("%(field)s must fall inside the framework period (%(start)s to %(end)s).") % {
                        "field": str(self._meta.get_field(name).verbose_name).capitalize(),
                        "start": framework.period_start,
                        "end": framework.period_end,
                    }
        if errors:
            raise ValidationError(errors)


class Responsibility(ChoiceLabels, models.Model):
    """Which entity leads or contributes to a result."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="responsibilities")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="responsibilities")
    role = models.CharField(_("role"), max_length=20, choices=ResponsibilityRole.choices)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "result__priority__framework__mission"
    access_status_path = "result__priority__framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["result", "role", "entity__code"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "entity"],
                name="responsibility_entity_once",
                violation_error_message=_("This entity already has a responsibility for the result."),
            )
        ]
        indexes = [models.Index(fields=["entity", "role"])]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_role_display().lower()} {self.result_id}"


class IntegrationArea(TimeStampedModel):
    """An area of work and how deeply mission and country team integrate in it ("form follows
    function"), with the reason for that choice."""

    framework = models.ForeignKey(
        IntegratedStrategicFramework,
        on_delete=models.CASCADE,
        related_name="integration_areas",
    )
    area = models.CharField(_("area"), max_length=30, choices=IntegrationAreaKind.choices)
    depth = models.CharField(_("depth of integration"), max_length=20, choices=IntegrationDepth.choices)
    rationale = bounded_text(_("rationale"), blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "framework__mission"
    access_status_path = "framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["framework", "area"]
        verbose_name = _("integration area")
        verbose_name_plural = _("integration areas")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "area"],
                condition=~Q(area=IntegrationAreaKind.OTHER),
                name="integration_area_once",
                violation_error_message=_("This area is already recorded for the framework."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_depth_display()}"


class FundingLine(TimeStampedModel):
    """Funding for a priority from one source: what is committed and what is still missing (US$)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (US$)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    gap = models.DecimalField(
        _("gap (US$)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "priority__framework__mission"
    access_status_path = "priority__framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["priority", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("Amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(gap__gte=0),
                name="funding_gap_not_negative",
                violation_error_message=_("Gap cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["priority", "source"],
                name="funding_source_once",
                violation_error_message=_("This source is already recorded for the priority."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"
