"""State changes of the missions app: API tokens, memberships, corporate sign-in identities and
second factors."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from missions.models import ApiToken, Entity, Membership, Mission, SignInIdentity

BACKUP_CODE_COUNT = 10


class SignInRefused(Exception):
    """A corporate sign-in the workbench refuses, with the sentence the person is shown."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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


@transaction.atomic
def identity_sign_in(
    *,
    issuer: str,
    subject: str,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    entity: Entity | None,
):
    """The user of a corporate sign-in: the one linked to (issuer, subject), its names, e-mail and
    entity brought up to date from the claims; or, on the first sign-in, a new user (no password,
    no membership) linked to it. A user name already held by another account is refused: a local
    account is never taken over by a claim. All or nothing."""
    User = get_user_model()
    identity = (
        SignInIdentity.objects.select_for_update().select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is None:
        if User.objects.filter(username__iexact=username).exists():
            raise SignInRefused(
                _(
                    "An account named %(username)s already exists in the workbench and is not linked to your "
                    "organisation's sign-in. Ask an administrator to link it."
                )
                % {"username": username}
            )
        user = User(username=username)
        user.set_unusable_password()
        identity = SignInIdentity(user=user, issuer=issuer, subject=subject)
    user = identity.user
    if user.username != username and not User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        user.username = username
    user.email, user.first_name, user.last_name = email, first_name[:150], last_name[:150]
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise SignInRefused(
            _("The identity provider's details for you cannot be used here (%(problem)s). Ask an administrator.")
            % {"problem": " ".join(error.messages)}
        ) from None
    user.save()
    identity.user = user
    identity.entity = entity
    identity.last_signed_in_at = timezone.now()
    identity.full_clean()
    identity.save()
    return user


@transaction.atomic
def second_factor_enrol(*, user, key: str, name: str) -> list[str]:
    """Confirm `user`'s authenticator app (TOTP, hex `key`) and issue new backup codes, replacing
    any earlier ones; returns the codes, shown once."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key, name=name, confirmed=True)
    device.full_clean()
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes
