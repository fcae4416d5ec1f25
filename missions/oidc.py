"""Corporate sign-in through OpenID Connect (mozilla-django-oidc), docs/ARCHITECTURE.md "Sign-in".

Configured by the OIDC_* settings, present only when OIDC_RP_CLIENT_ID is set. The provider's
endpoints come from its settings or, when only OIDC_OP_DISCOVERY is given, from its discovery
document (read once per process). A person is the provider's issuer and subject
(`SignInIdentity`): the user is created on the first sign-in and its names and e-mail follow the
claims after. The entity the claims name (`OIDC_ENTITY_CLAIM`, else the e-mail domain through
`OIDC_ENTITY_DOMAINS`) is recorded for the administrators who grant memberships; a claim grants
no mission right.
"""

from __future__ import annotations

import logging
import threading

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from missions.models import Entity
from missions.services import SignInRefused, identity_sign_in

logger = logging.getLogger(__name__)

BACKEND = "missions.oidc.WorkbenchOIDCBackend"

# Setting name -> the discovery document's key.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}
_discovered: dict[str, dict] = {}
_discovery_lock = threading.Lock()


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return getattr(settings, "OIDC_PROVIDER_NAME", "") or _("your organisation")


def discovery() -> dict:
    """The provider's discovery document (OIDC_OP_DISCOVERY), read once per process."""
    url = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if not url:
        return {}
    with _discovery_lock:
        if url not in _discovered:
            response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
            response.raise_for_status()
            _discovered[url] = response.json()
        return _discovered[url]


def oidc_setting(name: str, *default):
    """A setting of mozilla-django-oidc; a provider endpoint not set is taken from discovery."""
    if name in DISCOVERED and not getattr(settings, name, ""):
        value = discovery().get(DISCOVERED[name])
        if value:
            return value
        if default:
            return default[0]
        raise ImproperlyConfigured(f"Set {name} or OIDC_OP_DISCOVERY.")
    return import_from_settings(name, *default)


def username_from(claims: dict) -> str:
    """`preferred_username`, else the e-mail address (the workbench's user names allow @ and .)."""
    return (claims.get("preferred_username") or claims.get("email") or "").strip()


def entity_from(claims: dict) -> Entity | None:
    """The entity the claims name: the OIDC_ENTITY_CLAIM claim holds an entity code; else the
    e-mail's domain through OIDC_ENTITY_DOMAINS. None when neither names a known entity."""
    code = ""
    claim = getattr(settings, "OIDC_ENTITY_CLAIM", "")
    if claim and isinstance(claims.get(claim), str):
        code = claims[claim].strip()
    if not code:
        domain = (claims.get("email") or "").rpartition("@")[2].lower()
        domains = {key.lower(): value for key, value in getattr(settings, "OIDC_ENTITY_DOMAINS", {}).items()}
        code = domains.get(domain, "") if domain else ""
    if not code:
        return None
    entity = Entity.objects.filter(code__iexact=code).first()
    if entity is None:
        logger.warning("corporate sign-in names the entity %r, which the workbench does not know", code)
    return entity


class WorkbenchOIDCBackend(OIDCAuthenticationBackend):
    """Code flow with the provider; the user is found by the identity (issuer, subject), never by
    a user name or e-mail address that a local account may already carry."""

    def __init__(self, *args, **kwargs):
        # The endpoints are read when a sign-in needs them (properties below), not here: Django
        # makes this backend for every password sign-in and every request of a signed-in user.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = oidc_setting("OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = oidc_setting("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = oidc_setting("OIDC_RP_IDP_SIGN_KEY", None)

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 - the library's attribute names
        return oidc_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return oidc_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return oidc_setting("OIDC_OP_JWKS_ENDPOINT", None)

    def authenticate(self, request, **kwargs):
        # Only the callback view signs in through the provider (OIDCCallbackView); a password
        # sign-in passes through here too and is not this backend's.
        if kwargs.get("nonce") is None and kwargs.get("code_verifier") is None:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the expiry and the nonce; the audience and the issuer
        are checked here (OpenID Connect Core 3.1.3.7): a token the provider made for another
        client, or a token of another provider, is refused."""
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:  # expired, not yet valid… (the library lets these through)
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was made for another client.")
        issuer = oidc_setting("OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(username_from(claims))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.4: the user information must be about the token's subject.
            raise SuspiciousOperation("The user information names another subject than the ID token.")
        if not self.verify_claims(claims):
            raise SignInRefused(_("The identity provider did not say who you are (no user name or e-mail address)."))
        return identity_sign_in(
            issuer=payload.get("iss") or oidc_setting("OIDC_OP_ISSUER", ""),
            subject=claims["sub"],
            username=username_from(claims),
            email=claims.get("email") or "",
            first_name=claims.get("given_name") or "",
            last_name=claims.get("family_name") or "",
            entity=entity_from(claims),
        )


def _refuse(request, message: str):
    messages.error(request, message)
    return HttpResponseRedirect(reverse("login"))


class OIDCSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (state, nonce and PKCE kept in the session)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoint is read in dispatch, where its failure is answered

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
            return super().dispatch(request, *args, **kwargs)
        except (requests.RequestException, ImproperlyConfigured):
            logger.exception("the identity provider's discovery document could not be read")
            return _refuse(request, _("The identity provider cannot be reached. Try again later."))


class OIDCCallbackView(View):
    """The provider's answer. Success: signed in, to the page asked for. Anything else (an error
    from the provider, a state this browser did not start, a token for another nonce, a provider
    that does not answer): the sign-in page with a sentence, and no user created or changed.

    The backend is called directly, not through django.contrib.auth.authenticate: axes counts the
    refusals of password sign-ins only, and the provider throttles its own."""

    http_method_names = ["get"]

    def get(self, request):
        if not enabled():
            raise Http404
        if request.GET.get("error"):
            self._forget_state(request)
            logger.info("the identity provider refused the sign-in: %s", request.GET.get("error"))
            if request.GET["error"] == "access_denied":
                return _refuse(request, _("The sign-in was cancelled at the identity provider. Nothing was changed."))
            return _refuse(
                request, _("The identity provider refused the sign-in. Try again, or sign in with a password.")
            )
        state, code = request.GET.get("state"), request.GET.get("code")
        started = request.session.get("oidc_states", {})
        if not code or not state or state not in started:
            return _refuse(
                request,
                _(
                    "The sign-in answer does not match a sign-in started in this browser (or it was already "
                    "used). Start again."
                ),
            )
        nonce, verifier = started[state]["nonce"], started[state].get("code_verifier")
        del started[state]  # an answer is used once
        request.session.modified = True
        backend = WorkbenchOIDCBackend()
        try:
            user = backend.authenticate(request, nonce=nonce, code_verifier=verifier)
        except SignInRefused as refusal:
            return _refuse(request, refusal.message)
        except SuspiciousOperation as error:
            logger.warning("corporate sign-in refused: %s", error)
            return _refuse(request, _("The identity provider's answer could not be verified. Start again."))
        except requests.HTTPError as error:
            # The provider refused the code (used, expired, for another PKCE verifier…).
            logger.warning("the identity provider refused the code: %s", error)
            return _refuse(request, _("The identity provider's answer could not be verified. Start again."))
        except requests.RequestException:
            logger.exception("the identity provider could not be reached")
            return _refuse(request, _("The identity provider cannot be reached. Try again later."))
        if user is None or not user.is_active:
            return _refuse(request, _("This account may not sign in to the workbench. Ask an administrator."))
        next_url = request.session.get("oidc_login_next")
        auth.login(request, user, backend=BACKEND)
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))

    @staticmethod
    def _forget_state(request):
        state = request.GET.get("state")
        if state and state in request.session.get("oidc_states", {}):
            del request.session["oidc_states"][state]
            request.session.modified = True
