"""Keep guardian permissions equal to memberships: any membership change re-derives the user's rights."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from missions.access import sync_user_permissions
from missions.models import Membership


def _resync(membership: Membership) -> None:
    user = membership.user
    transaction.on_commit(lambda: sync_user_permissions(user), robust=False)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    _resync(instance)


@receiver(m2m_changed, sender=Membership.missions.through)
def membership_missions_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Membership):
        _resync(instance)
