"""Password reset by e-mail for local accounts: the link in the e-mail starts from
WORKBENCH_SITE_URL, sets a new password once, and the form answers the same for an address no
account has (no one learns who has an account)."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user(**extra):
    name = f"planner-{uuid.uuid4().hex[:8]}"
    return UserFactory(username=name, email=f"{name}@undp.org", **extra)


def _link(message) -> str:
    [link] = re.findall(r"https?://\S+", message.body)
    return link


def test_a_local_account_gets_a_link_from_the_site_address_and_sets_a_new_password(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "SITE_URL": "https://workbench.example.org/"}
    user = _user()
    client = Client()
    answer = client.post(reverse("password_reset"), {"email": user.email.upper()})
    assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Reset your workbench password"
    link = _link(message)
    assert link.startswith("https://workbench.example.org/accounts/password-reset/")

    path = link.removeprefix("https://workbench.example.org")
    form_page = client.get(path, follow=True)  # Django moves the token into the session first
    assert form_page.status_code == 200 and "Choose a new password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    short = client.post(form_url, {"new_password1": "abc", "new_password2": "abc"})
    assert "This password is too short" in short.content.decode()
    assert 'aria-invalid="true"' in short.content.decode()
    user.refresh_from_db()
    assert user.check_password("pass-word-123")  # nothing changed by the refused form

    done = client.post(form_url, {"new_password1": "a brand new phrase 7", "new_password2": "a brand new phrase 7"})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a brand new phrase 7")
    assert (
        Client().post(reverse("login"), {"username": user.username, "password": "a brand new phrase 7"}).status_code
        == 302
    )
    # The link works once.
    again = Client().get(path, follow=True)
    assert "no longer valid" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    known = _user()
    client = Client()
    for_known = client.post(reverse("password_reset"), {"email": known.email})
    for_unknown = client.post(reverse("password_reset"), {"email": "nobody-here@undp.org"})
    assert (for_known.status_code, for_known["Location"]) == (for_unknown.status_code, for_unknown["Location"])
    assert len(mail.outbox) == 1
    page = client.get(for_unknown["Location"]).content.decode()
    assert "If a workbench account has this address" in page


def test_an_account_of_the_identity_provider_gets_no_link():
    user = _user()
    user.set_unusable_password()
    user.save()
    Client().post(reverse("password_reset"), {"email": user.email})
    assert mail.outbox == []
    assert get_user_model().objects.get(pk=user.pk).has_usable_password() is False


def test_a_malformed_address_is_refused_on_the_field():
    response = Client().post(reverse("password_reset"), {"email": "not-an-address"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a valid email address" in text and 'aria-invalid="true"' in text
    assert mail.outbox == []


def test_the_sign_in_page_offers_the_reset():
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
