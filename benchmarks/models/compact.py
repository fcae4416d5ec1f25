from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from benchmarks.choices import UPDATE_VISIBILITY, CommitmentSide, CommitmentStatus, UpdateState
from frameworks.models import Priority
from missions.access import RestrictedQuerySet
from missions.models import Entity, Mission
from missions.models.base import TimeStampedModel, date_order_errors
from missions.texts import REASON_MAX, bounded_text


class Compact(TimeStampedModel):
    """A compact of mutual commitments between the UN presence and the host government (national
    ownership: "international commitment matched by commitment from the national authorities"),
    followed by the Peacebuilding Commission's country configuration."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="compacts")
    title = models.CharField(_("title"), max_length=300)
    starts = models.DateField(_("starts on"))
    ends = models.DateField(_("ends on"))
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "-starts", "id"]
        verbose_name = _("compact")
        verbose_name_plural = _("compacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="compact_ends_after_start",
                violation_error_message=_("Ends on must be after starts on."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if errors := date_order_errors(self, "starts", "ends"):
            raise ValidationError(errors)


class Commitment(TimeStampedModel):
    """One commitment of the compact: which side made it, the entity that owns it, when it is due,
    the priority of the framework it serves and what is promised."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="commitments")
    side = models.CharField(_("side"), max_length=12, choices=CommitmentSide.choices)
    owner = models.ForeignKey(Entity, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="commitments")
    due_on = models.DateField(_("due date"))
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    text = bounded_text(_("commitment"), limit=1000)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "compact__mission"
    access_entity_path = "owner"

    class Meta:
        ordering = ["compact", "side", "due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["compact", "side"])]

    def __str__(self) -> str:
        return self.text[:80]


class CommitmentUpdate(TimeStampedModel):
    """Where a commitment stands on a date (on track, delayed, met, not met), with a narrative and
    evidence: submitted by the owner's entity, approved or returned with a reason by the mission
    planning unit, like a progress update."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=10, choices=CommitmentStatus.choices)
    narrative = bounded_text(_("narrative"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=UpdateState.choices, default=UpdateState.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = bounded_text(_("reason for return"), REASON_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "commitment__compact__mission"
    access_entity_path = "commitment__owner"
    access_status_path = "state"
    access_status_visibility = UPDATE_VISIBILITY

    class Meta:
        ordering = ["commitment", "as_of", "id"]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=UpdateState.RETURNED) | ~Q(return_reason=""),
                name="commitment_update_return_has_reason",
                violation_error_message=_("A returned update needs the reason for return."),
            ),
            models.CheckConstraint(
                condition=~Q(state=UpdateState.APPROVED) | Q(approved_at__isnull=False),
                name="commitment_update_approved_has_time",
                violation_error_message=_("An approved update needs its approval time."),
            ),
        ]
        indexes = [models.Index(fields=["commitment", "state", "-as_of"], name="commitment_update_latest")]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()} ({self.as_of})"
