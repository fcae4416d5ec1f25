from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frameworks.choices import FRAMEWORK_VISIBILITY, CommentStatus, SignatureDecision
from missions.access import RestrictedQuerySet
from missions.models import Entity
from missions.models.base import ChoiceLabels, TimeStampedModel
from missions.texts import COMMENT_MAX, REASON_MAX, bounded_text

from .frameworks import IntegratedStrategicFramework, Priority, Result


class Comment(TimeStampedModel):
    """A comment by a planner of an entity on a priority or a result of a framework version, or
    a reply in its thread. `quoted_text` keeps the text commented on, so the page can say when
    it has changed since."""

    framework = models.ForeignKey(IntegratedStrategicFramework, on_delete=models.CASCADE, related_name="comments")
    priority = models.ForeignKey(
        Priority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    result = models.ForeignKey(Result, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_entity = models.ForeignKey(
        Entity,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = bounded_text(_("comment"), COMMENT_MAX)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.OPEN,
    )
    framework_version = models.PositiveIntegerField(_("made on version"))
    quoted_text = models.TextField(_("text commented on"), blank=True)
    mentioned_entities = models.ManyToManyField(Entity, blank=True, related_name="mentions")
    mentioned_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentions")

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "framework__mission"
    access_status_path = "framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["framework", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(priority__isnull=False) & Q(result__isnull=True))
                | (Q(priority__isnull=True) & Q(result__isnull=False)),
                name="comment_on_priority_or_result",
                violation_error_message=_("A comment is on either a priority or a result."),
            ),
        ]
        indexes = [models.Index(fields=["framework", "status"])]

    def __str__(self) -> str:
        return self.body[:60]

    def clean(self):
        if not self.body or not self.body.strip():
            raise ValidationError({"body": _("Write a comment before sending it.")})
        if bool(self.priority_id) == bool(self.result_id):
            raise ValidationError({"priority": _("A comment is on either a priority or a result.")})
        # Access to a comment follows its framework, so what it is on must belong to that framework.
        commented = self.priority if self.priority_id else self.result.priority
        if self.framework_id and commented.framework_id != self.framework_id:
            field = "priority" if self.priority_id else "result"
            kind = self._meta.get_field(field).related_model._meta.verbose_name
            raise ValidationError({field: _("This %(kind)s belongs to another framework.") % {"kind": kind}})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Reply to the first comment of the thread.")})


class Signature(ChoiceLabels, models.Model):
    """An entity's decision on the endorsement of a framework version: signed, or objected with a
    reason. The SRSG office signs for the mission; each entity that leads a result signs for itself."""

    framework = models.ForeignKey(
        IntegratedStrategicFramework,
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=SignatureDecision.choices)
    reason = bounded_text(_("reason"), REASON_MAX, blank=True)
    open_threads = models.PositiveIntegerField(
        _("open comment threads confirmed"),
        null=True,
        blank=True,
        help_text=_("A signature that endorsed the version while comment threads were still open: how many."),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "framework__mission"
    access_status_path = "framework__status"
    access_status_visibility = FRAMEWORK_VISIBILITY

    class Meta:
        ordering = ["framework", "entity__code"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "entity"],
                name="signature_once_per_entity",
                violation_error_message=_("This entity has already decided on this version."),
            ),
            models.CheckConstraint(
                condition=~Q(decision=SignatureDecision.OBJECTED) | ~Q(reason=""),
                name="signature_objection_has_reason",
                violation_error_message=_("An objection needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_decision_display().lower()} {self.framework}"

    def clean(self):
        if self.decision == SignatureDecision.OBJECTED and not self.reason.strip():
            raise ValidationError({"reason": _("An objection needs a reason.")})
