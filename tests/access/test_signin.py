"""Sign-in throttling: failures are counted in the database per user name and address, per user
name across addresses and per address across user names; a locked sign-in is refused even with
the right password, on a page that says for how long and whom to ask; X-Forwarded-For counts only
when the request comes from a configured proxy; an administrator lifts a lock with a command."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from missions.services import token_create
from tests.factories import UserFactory

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password
PROXY = "10.20.0.2"

pytestmark = pytest.mark.django_db


def _user():
    return UserFactory(username=f"planner-{uuid.uuid4().hex[:8]}")


def _sign_in(client: Client, username: str, password: str = "wrong", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def _locked(response) -> bool:
    return response.status_code == 429


def _failures_until_locked(attempts) -> int | None:
    """Run (client, username) failures in order; the number of the first one answered as locked."""
    for number, (client, username) in enumerate(attempts, start=1):
        if _locked(_sign_in(client, username)):
            return number
    return None


def test_a_user_name_and_address_is_locked_after_five_failures_even_for_the_right_password(client):
    user = _user()
    for _ in range(4):
        response = _sign_in(client, user.username)
        assert response.status_code == 200 and not _locked(response)
    assert _locked(_sign_in(client, user.username))
    response = _sign_in(client, user.username, PASSWORD)
    assert _locked(response)
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "15 minutes" in page and "administrator" in page
    assert 'class="site-header"' in page  # the site's own page, not a bare message


def test_one_user_name_tried_from_twenty_addresses_is_locked_at_the_user_name_limit():
    user = _user()
    attempts = [(Client(REMOTE_ADDR=f"192.0.2.{address}"), user.username) for address in range(1, 21) for _ in range(4)]
    assert _failures_until_locked(attempts) == 10
    assert _locked(_sign_in(Client(REMOTE_ADDR="192.0.2.99"), user.username, PASSWORD))


def test_seven_user_names_tried_from_one_address_lock_the_address_at_its_limit():
    users = [_user() for _ in range(7)]
    office = Client(REMOTE_ADDR="198.51.100.7")
    attempts = [(office, user.username) for user in users for _ in range(4)]
    assert _failures_until_locked(attempts) == 20
    # The address is locked for every user name, also a right password of an untried one...
    assert _locked(_sign_in(office, _user().username, PASSWORD))
    # ...while the user names themselves are not locked elsewhere (4 failures each).
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.8"), users[0].username, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures_of_its_user_name_and_address(client):
    user = _user()
    for _ in range(4):
        _sign_in(client, user.username)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, user.username)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off():
    from axes.models import AccessAttempt

    user = _user()
    client = Client()
    for _ in range(5):
        _sign_in(client, user.username)
    assert _locked(_sign_in(client, user.username, PASSWORD))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_failure_while_locked_starts_the_cool_off_again():
    from axes.models import AccessAttempt

    user = _user()
    client = Client()
    for _ in range(5):
        _sign_in(client, user.username)
    ten_minutes_pass = {"attempt_time": F("attempt_time") - timedelta(minutes=10)}
    AccessAttempt.objects.update(**ten_minutes_pass)
    assert _locked(_sign_in(client, user.username))
    AccessAttempt.objects.update(**ten_minutes_pass)
    # 20 minutes after the lock, 10 after the last failure: still locked.
    assert _locked(_sign_in(client, user.username, PASSWORD))


def test_x_forwarded_for_is_ignored_from_an_address_that_is_not_a_configured_proxy(settings):
    settings.WORKBENCH_TRUSTED_PROXIES = [PROXY]
    user = _user()
    direct = Client(REMOTE_ADDR="203.0.113.5")
    # A client that claims a new address on every try is still counted on its own address.
    attempts = [(direct, user.username)] * 5
    for number, (client, username) in enumerate(attempts, start=1):
        response = _sign_in(client, username, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert _locked(response)
    assert _locked(_sign_in(direct, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200"))


def test_x_forwarded_for_names_the_client_when_the_request_comes_from_a_configured_proxy(settings):
    settings.WORKBENCH_TRUSTED_PROXIES = [PROXY]
    user = _user()
    proxy = Client(REMOTE_ADDR=PROXY)
    for _ in range(4):
        assert not _locked(_sign_in(proxy, user.username, HTTP_X_FORWARDED_FOR="192.0.2.1"))
    # The client's own address, as the proxy saw it, is the right-most one: a forged left part
    # does not give a fresh count.
    assert _locked(_sign_in(proxy, user.username, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1"))
    # Another client behind the same proxy is not locked out by the first one's failures.
    assert _sign_in(proxy, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302


def test_the_reset_command_unlocks_a_user_name(client):
    user = _user()
    for _ in range(5):
        _sign_in(client, user.username)
    assert _locked(_sign_in(client, user.username, PASSWORD))
    call_command("axes_reset_username", user.username)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_locked_user_name_keeps_its_api_token_and_its_open_sessions():
    user = _user()
    _token, key = token_create(user=user, name="script")
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    by_session = Client()
    by_session.force_login(user)
    for address in range(1, 11):
        _sign_in(Client(REMOTE_ADDR=f"192.0.2.{address}"), user.username)
    assert _locked(_sign_in(Client(), user.username, PASSWORD))
    assert by_token.get(reverse("api-mission-list")).status_code == 200
    assert by_session.get(reverse("api-mission-list")).status_code == 200
