"""The six languages: each page says its language and direction, a person's choice is kept and
follows them to another browser and into their e-mails, and numbers and dates follow the
language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from planning import l10n
from planning.languages import in_language_of, language_of
from planning.models import UserPreferences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


def sign_in(browser: Client, user, **headers) -> None:
    """Through the sign-in page, as a person does (the sign-in signal runs with the request)."""
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD}, **headers)
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.parametrize(
    "language, html",
    [
        ("ar", '<html lang="ar" dir="rtl"'),
        ("zh-hans", '<html lang="zh-hans" dir="ltr"'),
        ("ru", '<html lang="ru" dir="ltr"'),
        ("es", '<html lang="es" dir="ltr"'),
        ("fr", '<html lang="fr" dir="ltr"'),
        ("en", '<html lang="en" dir="ltr"'),
    ],
)
def test_sign_in_and_missing_pages_say_their_language_and_direction(client, language, html):
    client.cookies["django_language"] = language
    for path, status in ((reverse("login"), 200), ("/no-such-page/", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert html in response.content.decode()
        assert response["Content-Language"] == language


def test_header_offers_each_language_in_its_own_name(client):
    body = client.get(reverse("login")).content.decode()
    for code, name in (
        ("ar", "العربيّة"),
        ("zh-hans", "简体中文"),
        ("en", "English"),
        ("fr", "Français"),
        ("ru", "Русский"),
        ("es", "Español"),
    ):
        assert f'<option value="{code}" lang="{code}"' in body
        assert name in body


def test_arabic_sign_in_page_is_translated(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in body
    assert "Password" not in body


def test_choice_is_kept_and_follows_the_person_to_another_browser():
    user = UserFactory()
    first = Client()
    sign_in(first, user)
    first.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert UserPreferences.objects.get(user=user).language == "ar"

    # Another browser: no language cookie, an English Accept-Language; the kept choice wins.
    second = Client()
    sign_in(second, user, HTTP_ACCEPT_LANGUAGE="en")
    body = second.get(reverse("mission-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl"' in body

    # A choice this browser makes wins over the kept one, and becomes the kept one.
    second.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans"' in second.get(reverse("mission-list")).content.decode()
    assert UserPreferences.objects.get(user=user).language == "zh-hans"


def test_a_choice_made_before_signing_in_is_kept_for_a_person_without_one():
    user = UserFactory()
    browser = Client()
    browser.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert not UserPreferences.objects.filter(user=user).exists()
    sign_in(browser, user)
    assert UserPreferences.objects.get(user=user).language == "es"


def test_a_language_not_offered_is_not_kept(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert not UserPreferences.objects.filter(user=user).exists()
    assert language_of(user) == "en"


def test_password_reset_mail_is_in_the_persons_language(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(email="amal@example.org")
    UserPreferences.objects.create(user=user, language="fr")
    client.post(reverse("password_reset"), {"email": "amal@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(mail.outbox) == 1
    assert "mot de passe" in mail.outbox[0].subject + mail.outbox[0].body
    assert "Someone asked" not in mail.outbox[0].body


def test_in_language_of_translates_for_the_reader():
    user = UserFactory()
    UserPreferences.objects.create(user=user, language="ru")
    with in_language_of(user) as language:
        assert language == "ru"
        assert translation.gettext("Server error") == "Ошибка сервера"
    assert translation.get_language() == "en"


@pytest.mark.parametrize(
    "language, number, amount, decimal, month, day",
    [
        ("en", "2,500,000", "US$2,500,000", "3,500.5", "Sep 2026", "2 Sep 2026"),
        ("fr", "2\xa0500\xa0000", "2\xa0500\xa0000\xa0$\xa0É.-U.", "3\xa0500,5", "septembre 2026", "2 septembre 2026"),
        ("ar", "2,500,000", "2,500,000 دولار أمريكي", "3,500.5", "سبتمبر 2026", "2 سبتمبر، 2026"),
        ("zh-hans", "2,500,000", "2,500,000美元", "3,500.5", "2026年9月", "2026年9月2日"),
        ("ru", "2\xa0500\xa0000", "2\xa0500\xa0000\xa0долл. США", "3\xa0500,5", None, "2 сентября 2026 г."),
        (
            "es",
            "2\xa0500\xa0000",
            "2\xa0500\xa0000\xa0US$",
            "3\xa0500,5",
            "septiembre de 2026",
            "2 de septiembre de 2026",
        ),  # noqa: E501
    ],
)
def test_numbers_money_and_dates_follow_the_language(language, number, amount, decimal, month, day):
    with translation.override(language):
        assert l10n.format_number(2500000) == number
        assert l10n.format_money(Decimal("2500000.00")) == amount
        # A stored 3500.50 reads like the other figures, not "3500.50".
        assert l10n.format_number(Decimal("3500.50")) == decimal
        if month:
            assert l10n.format_month(dt.date(2026, 9, 15)) == month
        assert l10n.format_date(dt.date(2026, 9, 2)) == day
        assert l10n.format_percent(45) in {"45%", "45\xa0%", "45٪"}
