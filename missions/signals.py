"""Keep guardian permissions equal to memberships: any membership change re-derives the user's rights."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from missions import versions
from missions.access import sync_user_permissions
from missions.choices import Role
from missions.models import Membership, Mission, Notification


def _resync(membership: Membership) -> None:
    user = membership.user
    transaction.on_commit(lambda: sync_user_permissions(user), robust=False)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    _resync(instance)


@receiver(m2m_changed, sender=Membership.missions.through)
def membership_missions_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Membership):
        if action != "pre_clear":
            _resync(instance)
        return
    # Changed from the mission's side (mission.memberships.add/remove/clear): every membership touched.
    if action == "pre_clear":
        instance._cleared_membership_ids = list(instance.memberships.values_list("pk", flat=True))
        return
    ids = pk_set if action != "post_clear" else getattr(instance, "_cleared_membership_ids", [])
    for membership in Membership.objects.filter(pk__in=ids or []).select_related("user"):
        _resync(membership)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def user_saved_or_deleted(sender, instance, created: bool = True, **kwargs) -> None:
    """Pages remembered for the user end with any change of their row; a new user also starts
    with a fresh rights version: nothing remembered under a reused id holds."""
    keys = [versions.user_row_key(instance.pk)]
    if created:
        keys.append(versions.user_rights_key(instance.pk))
    versions.bump(keys)


@receiver(post_delete, sender=Mission)
def mission_deleted(sender, instance: Mission, **kwargs) -> None:
    versions.bump([versions.missions_set_key()])


@receiver(post_save, sender=Mission)
def mission_saved(sender, instance: Mission, created: bool, **kwargs) -> None:
    """A headquarters planner's rights follow the mission's lead department."""
    if created:
        versions.bump([versions.missions_set_key()])
        return
    for membership in Membership.objects.filter(missions=instance, role=Role.HQ_PLANNER).select_related("user"):
        _resync(membership)


@receiver(post_save, sender=Notification)
@receiver(post_delete, sender=Notification)
def notification_written(sender, instance: Notification, **kwargs) -> None:
    versions.bump([versions.notices_key(instance.user_id)])
