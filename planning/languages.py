"""A person's language: chosen in the header, kept on their preferences, used for their pages and
their e-mails.

The header's switch (`set_language`, Django's view plus the preference) sets the language cookie
of the browser and, for a signed-in person, keeps the choice on their `UserPreferences`. Signing
in puts the kept choice into the session (one query, at sign-in only), and
`PreferredLanguageMiddleware` applies it to every page of a browser that made no choice of its own
(no language cookie), so a person who chose Arabic on one computer reads Arabic on the next one.
Mail for a person is written inside `in_language_of(user)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.i18n import set_language as django_set_language

# The session keeps the signed-in person's own language (their preference), read by the middleware.
SESSION_KEY = "workbench_language"


def _offered(language: str) -> bool:
    return language in dict(settings.LANGUAGES) and check_for_language(language)


def language_of(user) -> str:
    """The language `user` chose (their preferences), else the site's default."""
    from planning.models import UserPreferences

    try:
        language = user.profile.language
    except (UserPreferences.DoesNotExist, AttributeError):
        language = ""
    return language if language and _offered(language) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user) -> Iterator[str]:
    """Translate what is written inside the block (a subject, a message) into `user`'s language."""
    language = language_of(user)
    with translation.override(language):
        yield language


@transaction.atomic
def preferences_set_language(*, user, language: str):
    """Keep `language` as `user`'s choice; refuses a language the workbench does not offer."""
    from planning.models import UserPreferences

    if not _offered(language):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    preferences, _created = UserPreferences.objects.select_for_update().get_or_create(user=user)
    if preferences.language != language:
        preferences.language = language
        preferences.full_clean()
        preferences.save(update_fields=["language"])
    return preferences


def set_language(request):
    """Django's language switch (cookie, redirect to `next`); for a signed-in person the choice is
    also kept on their preferences and in the session."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and _offered(language):
        preferences_set_language(user=request.user, language=language)
        request.session[SESSION_KEY] = language
    return response


@receiver(user_logged_in, dispatch_uid="planning.languages.kept_language_on_sign_in")
def kept_language_on_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in brings the person's kept language to this browser. A choice this browser made
    before signing in (the cookie) is kept for a person who had none."""
    if request is None or not hasattr(request, "session"):
        return
    from planning.models import UserPreferences

    kept = UserPreferences.objects.filter(user=user).values_list("language", flat=True).first() or ""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if not kept and chosen and _offered(chosen):
        preferences_set_language(user=user, language=chosen)
        kept = chosen
    if kept and _offered(kept):
        request.session[SESSION_KEY] = kept


class PreferredLanguageMiddleware:
    """A signed-in person's kept language for a browser that chose none (no language cookie):
    it wins over the browser's Accept-Language. Reads only the session, already loaded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.user.is_authenticated:
            language = request.session.get(SESSION_KEY)
            if language and language != getattr(request, "LANGUAGE_CODE", None) and _offered(language):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
