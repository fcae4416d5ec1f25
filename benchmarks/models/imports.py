import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import ImportState
from missions.access import RestrictedQuerySet
from missions.models import Entity, Mission
from missions.models.base import TimeStampedModel


def import_path(instance, filename: str) -> str:
    # A random name: the uploaded name is kept in `file_name`, never used as a path.
    return f"imports/{instance.mission.acronym}/{uuid.uuid4().hex}.xlsx"


class ExcelImport(TimeStampedModel):
    """An Excel workbook of progress updates uploaded for a mission, and the background run that
    checks and submits its rows: all of them or none. Its row errors hold values not yet approved,
    so it is seen like such updates: by the uploader's entity and by the mission's planners."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="excel_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The entity the uploader reports for on this mission."),
    )
    file = models.FileField(_("workbook"), upload_to=import_path)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    today = models.DateField(_("checked as of"), help_text=_("The date the reporting periods are checked against."))
    state = models.CharField(_("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows to submit"), default=0)
    rows_done = models.PositiveIntegerField(_("rows submitted"), default=0)
    stored = models.PositiveIntegerField(_("updates stored"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    message = models.TextField(_("why it failed"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"
    access_entity_path = "entity"
    # Seen like the updates it holds: by the uploader's entity and by who sees drafts (the matrix).
    access_status_path = "state"

    class Meta:
        ordering = ["mission", "-created_at"]
        verbose_name = _("Excel upload")
        verbose_name_plural = _("Excel uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")),
                name="excel_import_done_within_total",
                violation_error_message=_("Rows submitted cannot be more than the rows to submit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.file_name or self.pk} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
