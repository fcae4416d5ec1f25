from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import ProgressStatus, ReviewKind
from missions.access import RestrictedQuerySet
from missions.models import Mandate, Mission
from missions.models.base import ChoiceLabels
from missions.texts import REASON_MAX, bounded_text


class MandateReview(ChoiceLabels, models.Model):
    """A review or renewal of the mission's mandate, and the snapshot taken at it: each
    benchmark's standing, transition readiness, the status of every capacity gap decided at the
    review and the handover plan. The snapshot is written once, with the review, and never
    changed (benchmarks.transition.services.mandate_review_record)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="mandate_reviews")
    mandate = models.ForeignKey(Mandate, verbose_name=_("mandate"), on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices, default=ReviewKind.REVIEW)
    held_on = models.DateField(_("held on"))
    summary = bounded_text(_("summary"), limit=REASON_MAX, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "held_on", "pk"]
        verbose_name = _("mandate review")
        verbose_name_plural = _("mandate reviews")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on} ({self.mandate})"

    @property
    def report_benchmarks(self) -> list[dict]:
        """The snapshot's benchmarks with their status labels (the progress report shows them)."""
        labels = dict(ProgressStatus.choices)
        return [
            {"title": row["title"], "status": row["status"], "label": labels.get(row["status"], row["status"])}
            for row in self.snapshot.get("benchmarks", [])
        ]

    def save(self, *args, **kwargs):
        # Written once: a snapshot that could be saved again would no longer say what stood then.
        if not self._state.adding:
            raise ValueError("A mandate review and its snapshot are not changed once recorded.")
        super().save(*args, **kwargs)
