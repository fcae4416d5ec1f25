"""API token authentication with the workbench's own named, hashed tokens (missions.ApiToken).

Header: `Authorization: Token <key>`. A token authenticates its user; rights are the user's,
read from the database on every request, so a revoked membership or token takes effect at once.
"""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from missions.models import ApiToken
from missions.models.tokens import hash_key

# Writing last_used_at on every request would turn reads into writes; once in a while is enough.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.has_expired(now):
            raise exceptions.AuthenticationFailed(
                _("Token expired on %(date)s; create a new one on your API tokens page.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")}
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
