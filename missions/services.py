"""State changes of the missions app: API tokens and memberships."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from missions.models import ApiToken, Entity, Membership, Mission

MAX_TOKEN_DAYS = 365


@transaction.atomic
def token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new named token for `user`, valid for `days` (WORKBENCH_API_TOKEN_DAYS by default);
    returns it with its key, which is never shown again."""
    days = settings.WORKBENCH_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}})
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=(name or "").strip(), expires_at=timezone.now() + timedelta(days=days))
    token.set_key(key)
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, user, token_id: int) -> None:
    """Delete one of `user`'s own tokens; requests with it fail from now on."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ValidationError(_("No such token."))


@transaction.atomic
def membership_grant(*, user, entity: Entity, role: str, missions: list[Mission]) -> Membership:
    """Give `user` `role` for `entity` on `missions` (added to any the membership already covers).
    Rights follow on commit (missions.signals)."""
    membership = Membership.objects.select_for_update().filter(user=user, entity=entity, role=role).first()
    if membership is None:
        membership = Membership(user=user, entity=entity, role=role)
    membership.is_active = True
    membership.full_clean()
    membership.save()
    membership.missions.add(*missions)
    return membership


@transaction.atomic
def membership_revoke(*, user, entity: Entity, role: str, missions: list[Mission] | None = None) -> Membership | None:
    """Take `missions` out of the membership, or (no missions) deactivate it: rights go on commit."""
    membership = Membership.objects.select_for_update().filter(user=user, entity=entity, role=role).first()
    if membership is None:
        return None
    if missions:
        membership.missions.remove(*missions)
    else:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
    return membership
