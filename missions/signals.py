"""Keep guardian permissions equal to memberships: any membership change re-derives the user's rights."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from missions.access import sync_user_permissions
from missions.choices import Role
from missions.models import Membership, Mission


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


@receiver(post_save, sender=Mission)
def mission_saved(sender, instance: Mission, created: bool, **kwargs) -> None:
    """A headquarters planner's rights follow the mission's lead department."""
    if created:
        return
    for membership in Membership.objects.filter(missions=instance, role=Role.HQ_PLANNER).select_related("user"):
        _resync(membership)
