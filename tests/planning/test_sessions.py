"""Sessions as deployed with Redis (`cached_db`): read from the cache, written through to the
database, and gone from both at sign-out."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def sign_in(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": "pw-2026-long-enough"})
    assert response.status_code == 302, response.content.decode()[:500]


def test_signed_in_requests_read_the_session_from_the_cache(cached_sessions, client):
    user = UserFactory(username="cached.session")
    user.set_password("pw-2026-long-enough")
    user.save()
    sign_in(client, user)
    assert Session.objects.count() == 1  # written through to the database
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notifications")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_sign_out_ends_the_session_in_cache_and_database(cached_sessions, client):
    user = UserFactory(username="cached.signout")
    user.set_password("pw-2026-long-enough")
    user.save()
    sign_in(client, user)
    stolen = Client()
    stolen.cookies = client.cookies.__class__(client.cookies)  # the same session cookie, elsewhere
    assert stolen.get(reverse("notifications")).status_code == 200
    client.post(reverse("logout"))
    assert Session.objects.count() == 0
    response = stolen.get(reverse("notifications"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
