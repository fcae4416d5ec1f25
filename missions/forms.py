"""Forms of the missions app: API tokens, and sign-in with throttling of failed attempts."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("workbench.access")

LOGIN_FAILURE_LIMIT = getattr(settings, "LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCK_SECONDS = getattr(settings, "LOGIN_LOCK_SECONDS", 15 * 60)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. Monthly export. Each of your tokens has its own name."),
    )


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request else ""


def _failure_key(username: str, address: str) -> str:
    return f"login-failures:{username.strip().lower()}:{address}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that locks a user name from an address after LOGIN_FAILURE_LIMIT failures within
    LOGIN_LOCK_SECONDS. The count lives in the shared cache (Redis in deployment), so every web
    process sees it."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed sign-ins for this user name from your address. "
            "Sign-in is locked for %(minutes)s minutes; try again later or ask an administrator."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        key = _failure_key(username, client_address(self.request))
        if username and (cache.get(key) or 0) >= LOGIN_FAILURE_LIMIT:
            logger.warning("login locked username=%s address=%s", username, client_address(self.request))
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": LOGIN_LOCK_SECONDS // 60}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if username and error.code == "invalid_login":
                # add() then incr(): atomic in Redis; the lock window starts at the first failure.
                cache.add(key, 0, LOGIN_LOCK_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, LOGIN_LOCK_SECONDS)
            raise
        cache.delete(key)
        return cleaned
