from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import REPORT_FORMATS, REPORT_VISIBILITY, ReportEdition, ReportState
from missions.access import RestrictedQuerySet
from missions.models import Mission
from missions.models.base import TimeStampedModel, date_order_errors


def default_formats() -> list[str]:
    return list(REPORT_FORMATS)


def default_language() -> str:
    return settings.LANGUAGE_CODE


def report_path(instance, filename: str) -> str:
    return f"reports/{instance.mission.acronym}/{instance.period_start:%Y-%m}/{instance.pk}/{filename}"


class ProgressReport(TimeStampedModel):
    """A progress report compiled for a mission and period, and the run that compiles it. The
    same mission, period and data version give one report: `data_version` is a digest of the
    approved data it is built from."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ReportState.choices,
        default=ReportState.QUEUED,
    )
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=[MaxValueValidator(100)])
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled = models.BooleanField(_("scheduled"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent to the queue at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    html_file = models.FileField(_("HTML"), upload_to=report_path, blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to=report_path, blank=True)
    xlsx_file = models.FileField(_("Excel"), upload_to=report_path, blank=True)
    docx_file = models.FileField(_("Word annex"), upload_to=report_path, blank=True)
    edition = models.CharField(_("edition"), max_length=10, choices=ReportEdition.choices, default=ReportEdition.FULL)
    formats = models.JSONField(_("formats"), default=default_formats)
    language = models.CharField(_("language"), max_length=10, default=default_language)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"
    access_status_path = "state"
    access_status_visibility = REPORT_VISIBILITY

    class Meta:
        ordering = ["mission", "-period_start", "-created_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="report_period_end_after_start",
                violation_error_message=_("Period end must be after period start."),
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="report_percent_range",
                violation_error_message=_("Percent done cannot be more than 100."),
            ),
            models.UniqueConstraint(
                fields=["mission", "period_start", "period_end", "data_version"],
                name="report_once_per_data_version",
                violation_error_message=_("A report for this mission, period and data already exists."),
            ),
        ]
        indexes = [models.Index(fields=["state", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.mission} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def clean(self):
        errors = date_order_errors(self, "period_start", "period_end") or {}
        if not isinstance(self.formats, list) or not self.formats or set(self.formats) - set(REPORT_FORMATS):
            errors["formats"] = _("Choose at least one of the formats PDF, Excel, Word and HTML.")
        if self.language not in dict(settings.LANGUAGES):
            errors["language"] = _("Choose one of the languages the workbench is offered in.")
        if errors:
            raise ValidationError(errors)
