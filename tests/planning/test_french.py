"""The French catalogue is compiled and used: a French-speaking browser, or a user who picks
French in the header, gets the pages in French."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from frameworks.choices import FrameworkStatus
from missions.choices import Role
from tests.factories import FrameworkFactory, MembershipFactory, MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A French request leaves French active in this thread; later tests expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def planner(django_capture_on_commit_callbacks):
    """A mission planner of one mission, with a draft framework (rights synced as on commit)."""
    mission = MissionFactory(acronym="UNMISS", name="United Nations Mission in South Sudan", country="SS")
    with django_capture_on_commit_callbacks(execute=True):
        membership = MembershipFactory(role=Role.MISSION_PLANNER, entity=mission.entity, missions=[mission])
    framework = FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT)
    return membership.user, mission, framework


def test_catalogue_translates_the_un_terms():
    with translation.override("fr"):
        assert translation.gettext("Integrated Strategic Framework") == "Cadre stratégique intégré"
        assert translation.gettext("SRSG office") == "Bureau du RSSG"
        assert translation.gettext("Benchmarks") == "Repères"
        assert translation.gettext("Progress reports") == "Rapports d'activité"


def test_login_page_follows_the_browser_language(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr"' in body
    assert "Se connecter" in body
    assert "Mot de passe" in body
    assert "Sign in" not in body


def test_login_page_stays_english_by_default(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in" in body
    assert "Se connecter" not in body


def test_language_chosen_in_the_header_applies_to_mission_list_and_framework(client, planner):
    user, mission, framework = planner
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("mission-list")})
    assert response.status_code == 302

    body = client.get(reverse("mission-list")).content.decode()
    assert '<html lang="fr" dir="ltr"' in body
    assert "Sigle" in body
    assert "Filtrer les missions" in body
    assert "UNMISS" in body

    body = client.get(reverse("frameworks:framework-detail", args=[framework.pk])).content.decode()
    assert "Prochaine étape" in body
    assert "Soumettre à consultation" in body
    assert "Next step" not in body
