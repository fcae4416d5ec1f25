"""A second factor at sign-in (django-otp), docs/ARCHITECTURE.md "Sign-in".

Administrators (staff or superusers) always, everyone when WORKBENCH_REQUIRE_2FA is on: after a
password sign-in they reach no page, the admin and the API included, before they have entered a
code of their authenticator app (TOTP) or a backup code; one who has none is sent to set it up
first. A corporate sign-in (OpenID Connect) is not asked, the identity provider asks its own,
unless WORKBENCH_OIDC_REQUIRE_2FA is on. Wrong codes slow the next try down (django-otp's
throttling: 1, 2, 4… seconds, OTP_TOTP_THROTTLE_FACTOR), then lift after a right one.
"""

from __future__ import annotations

import base64
import binascii
import math
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from missions.generic.views import SignedInFormView
from missions.services import second_factor_enrol

# Pages a signed-in person who still owes a second factor may open.
OPEN_URL_NAMES = {
    "two-factor-verify",
    "two-factor-setup",
    "login",
    "logout",
    "set_language",
    "oidc-start",
    "oidc-callback",
}
ENROLMENT_KEY = "workbench_totp_enrolment_key"


def second_factor_required(request) -> bool:
    """Whether this session's user must have entered a second factor (verified or not)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) == "missions.oidc.WorkbenchOIDCBackend":
        return settings.WORKBENCH_OIDC_REQUIRE_2FA
    return user.is_staff or user.is_superuser or settings.WORKBENCH_REQUIRE_2FA


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# The health probes (/health/, /health/ready/) answer orchestrators, who hold no session.
PROBES = ("/health/",)


class SecondFactorMiddleware:
    """Holds back every page of a session that owes a second factor (after django-otp's
    OTPMiddleware, which says whether the session has entered one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PROBES):
            return self.get_response(request)  # no one signs in to a probe: the session is not read
        if second_factor_required(request) and not request.user.is_verified() and not self._open(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Enter your second factor in the browser first.")}, status=403)
            name = "two-factor-verify" if has_second_factor(request.user) else "two-factor-setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in OPEN_URL_NAMES


def _code(value: str) -> str:
    return "".join((value or "").split()).lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The 6 digits your authenticator app shows now, or one of your backup codes."),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=6,
        help_text=gettext_lazy("The 6 digits the app shows once it has the key."),
    )


def verify_code(user, code: str):
    """The device the code is right for (authenticator app or backup codes); otherwise a
    ValidationError saying why, the throttle's wait included."""
    code = _code(code)
    if code.isdigit() and len(code) == 6:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(_("This code is not right. Enter the 6 digits your app shows now, or a backup code."))
    allowed, info = device.verify_is_allowed()
    if not allowed:
        seconds = max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(
            ngettext(
                "Too many wrong codes: wait %(seconds)d second, then try again.",
                "Too many wrong codes: wait %(seconds)d seconds, then try again.",
                seconds,
            )
            % {"seconds": seconds}
        )
    if not device.verify_token(code):
        raise ValidationError(_("This code is not right. Enter the 6 digits your app shows now, or a backup code."))
    return device


def qr_code_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG data URI (no script, no style: the page's policy allows data: images)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class TwoFactorVerifyView(SignedInFormView):
    """After a password sign-in: a code of the authenticator app or a backup code."""

    template_name = "registration/two_factor_verify.html"
    form_class = CodeForm

    def get(self, request, *args, **kwargs):
        if not has_second_factor(request.user):
            return HttpResponseRedirect(f"{reverse('two-factor-setup')}?{urlencode({'next': self._next()})}")
        return super().get(request, *args, **kwargs)

    def _next(self) -> str:
        return safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self._next()}

    def perform(self, form):
        try:
            device = verify_code(self.request.user, form.cleaned_data["code"])
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        otp_login(self.request, device)
        return device

    def get_success_url(self, saved) -> str:
        return self._next()


class TwoFactorSetupView(SignedInFormView):
    """Set up the authenticator app: its key as text and as a QR code, then one of its codes to
    confirm; the backup codes are shown once on the answer. Someone with a second factor already
    enters it first (the middleware) and sets up a new app here."""

    template_name = "registration/two_factor_setup.html"
    form_class = EnrolmentForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_second_factor(request.user) and not request.user.is_verified():
            return HttpResponseRedirect(f"{reverse('two-factor-verify')}?{urlencode({'next': self._next()})}")
        return super().dispatch(request, *args, **kwargs)

    def _next(self) -> str:
        return safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))

    def _key(self) -> str:
        """The key being set up, kept in the session until it is confirmed (nothing stored before)."""
        key = self.request.session.get(ENROLMENT_KEY)
        try:
            binascii.unhexlify(key or "")
        except (binascii.Error, TypeError):
            key = None
        if not key:
            key = self.request.session[ENROLMENT_KEY] = default_key()
        return key

    def get_context_data(self, **kwargs):
        key = self._key()
        device = TOTPDevice(user=self.request.user, key=key, name=self.device_name())
        secret = base64.b32encode(binascii.unhexlify(key)).decode()
        return {
            **super().get_context_data(**kwargs),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_code": qr_code_data_uri(device.config_url),
            "next": self._next(),
        }

    @staticmethod
    def device_name() -> str:
        return _("Authenticator app")

    def perform(self, form):
        key = self._key()
        code = _code(form.cleaned_data["code"])
        totp = TOTP(binascii.unhexlify(key), step=30, digits=6)
        totp.time = timezone.now().timestamp()
        if not (code.isdigit() and totp.verify(int(code), tolerance=1)):
            raise ValidationError({"code": _("This code is not right. Enter the 6 digits the app shows now.")})
        codes = second_factor_enrol(user=self.request.user, key=key, name=self.device_name())
        del self.request.session[ENROLMENT_KEY]
        otp_login(self.request, TOTPDevice.objects.get(user=self.request.user))
        return codes

    def form_saved(self, saved):
        """The backup codes are shown on this answer and never again, so it is not a redirect."""
        return self.render_to_response({"backup_codes": saved, "next": self._next(), "view": self})
