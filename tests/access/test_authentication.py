"""Authentication: named API tokens (created and revoked by their owner), rights read on every
request (a revoked membership takes effect at once for sessions and tokens), CSRF on forms,
Argon2 and the deployment checks. Sign-in throttling: test_signin.py."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from missions.choices import EntityKind, Role
from missions.models import ApiToken
from missions.services import membership_revoke, token_create
from tests.factories import EntityFactory, MembershipFactory, MissionFactory, UserFactory


def _token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.django_db
def test_owner_creates_a_token_sees_its_key_once_and_revokes_it(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("missions:tokens"), {"name": "Monthly export"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Monthly export" and key not in (token.key_hash, token.prefix)

    assert _token_client(key).get(reverse("api-mission-list")).status_code == 200
    page = client.get(reverse("missions:tokens")).content.decode()
    assert "Monthly export" in page and key not in page

    response = client.post(reverse("missions:tokens"), {"revoke": token.pk}, follow=True)
    assert "revoked" in response.content.decode()
    assert _token_client(key).get(reverse("api-mission-list")).status_code in (401, 403)


@pytest.mark.django_db
def test_a_token_expires_after_its_lifetime_and_the_page_says_when(client):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("missions:tokens"), {"name": "Quarterly export", "days": "30"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=user)
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert _token_client(key).get(reverse("api-mission-list")).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    refused = _token_client(key).get(reverse("api-mission-list"))
    assert refused.status_code in (401, 403)
    assert "Token expired on" in refused.json()["detail"]
    page = client.get(reverse("missions:tokens")).content.decode()
    assert "Expired" in page and "Quarterly export" in page


@pytest.mark.django_db
def test_a_new_token_lasts_the_configured_days_and_a_lifetime_beyond_a_year_is_refused(client, settings):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    settings.WORKBENCH_API_TOKEN_DAYS = 45
    user = UserFactory()
    token, _key = token_create(user=user, name="Default lifetime")
    assert timedelta(days=44, hours=23) < token.expires_at - timezone.now() <= timedelta(days=45)
    with pytest.raises(ValidationError) as refused:
        token_create(user=user, name="Too long", days=400)
    assert "days" in refused.value.message_dict
    assert not ApiToken.objects.filter(name="Too long").exists()
    client.force_login(user)
    response = client.post(reverse("missions:tokens"), {"name": "Odd", "days": "400"})
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not ApiToken.objects.filter(name="Odd").exists()
    assert '<option value="45" selected>' in client.get(reverse("missions:tokens")).content.decode()


@pytest.mark.django_db
def test_a_user_cannot_revoke_someone_elses_token(client):
    token, key = token_create(user=UserFactory(), name="Theirs")
    client.force_login(UserFactory())
    assert client.post(reverse("missions:tokens"), {"revoke": token.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_token_names_are_unique_per_user_with_a_message(client):
    user = UserFactory()
    token_create(user=user, name="Export")
    client.force_login(user)
    response = client.post(reverse("missions:tokens"), {"name": "Export"})
    assert response.status_code == 422  # a refused form (was 400)
    assert "already have a token with this name" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_revoking_a_membership_takes_rights_away_on_the_next_request_for_tokens_and_sessions():
    mission = MissionFactory(acronym="UNMISS")
    agency = EntityFactory(kind=EntityKind.AFP, code="WFP")
    membership = MembershipFactory(role=Role.AGENCY_PLANNER, entity=agency, missions=[mission])
    _token, key = token_create(user=membership.user, name="script")
    by_token = _token_client(key)
    by_session = Client()
    by_session.force_login(membership.user)
    url = reverse("api-mission-detail", kwargs={"acronym": "UNMISS"})
    assert by_token.get(url).status_code == 200
    assert by_session.get(url).status_code == 200

    with transaction.atomic():
        membership_revoke(user=membership.user, entity=agency, role=Role.AGENCY_PLANNER)

    assert by_token.get(url).status_code == 404
    assert by_session.get(url).status_code == 404
    assert by_token.get(reverse("api-mission-list")).data["count"] == 0


@pytest.mark.django_db
def test_forms_refuse_a_post_without_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(reverse("missions:tokens"), {"name": "x"}).status_code == 403
    page = client.get(reverse("missions:tokens")).content.decode()
    assert page.count("csrfmiddlewaretoken") >= 1


def test_passwords_are_hashed_with_argon2_and_validated():
    import planning.settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert len(real.AUTH_PASSWORD_VALIDATORS) >= 4
    assert (
        "missions.api.authentication.ApiTokenAuthentication"
        in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    )


def test_deployment_settings_pass_the_security_checks_of_check_deploy():
    """Secure cookies, HSTS, SSL redirect and the rest outside DEBUG."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "check-deploy-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "workbench.example.org",
        "DJANGO_SETTINGS_MODULE": "planning.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
