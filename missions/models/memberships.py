from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from missions.choices import EntityKind, Role

from .base import TimeStampedModel
from .entities import Entity
from .missions import Mission


class Membership(TimeStampedModel):
    """Who works for which entity, in which role, on which missions. A user's rights are derived
    from their active memberships and nothing else (see `missions.access`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    missions = models.ManyToManyField(
        Mission,
        verbose_name=_("missions covered"),
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[missions])

    class Meta:
        ordering = ["user__username", "entity__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entity", "role"],
                name="membership_once_per_role",
                violation_error_message=_("The user already has this role for this entity."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.entity}"

    def clean(self):
        if not self.entity_id:
            return
        kind = self.entity.kind
        if self.role == Role.HQ_PLANNER and kind != EntityKind.SECRETARIAT:
            raise ValidationError({"entity": _("A headquarters planner works for a Secretariat department.")})
        # A host-government body's planner works alongside the country team: sees what it sees and
        # reports on the commitments of the compact its body owns.
        if self.role == Role.AGENCY_PLANNER and kind not in (
            EntityKind.AFP,
            EntityKind.SECRETARIAT,
            EntityKind.HOST_GOVERNMENT,
        ):
            raise ValidationError({"entity": _("An agency planner works for an agency, fund or programme.")})
        if self.role in (Role.MISSION_PLANNER, Role.SRSG_OFFICE) and kind != EntityKind.MISSION:
            raise ValidationError(
                {"entity": _("This role belongs to a mission's own staff: choose the mission entity.")}
            )


class MissionUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key table for per-mission user permissions (fast joins, unlike the generic table)."""

    content_object = models.ForeignKey(Mission, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("mission user permission")


class MissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Mission, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("mission group permission")


class Notification(models.Model):
    """An in-app notice for one user: a comment reply, a returned update, a report ready. Kept as a
    message key and its parameters (`missions.notices`), put into words in the reader's language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("message"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The notice in the active language."""
        from missions.notices import render

        return render(self.kind, self.params)
