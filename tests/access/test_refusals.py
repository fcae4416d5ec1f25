"""Every refusal is logged with user, action and object: 403s from pages and the API, and 404s for
objects that exist but are invisible (answered exactly as missing ones)."""

import logging

import pytest
from rest_framework.test import APIClient

from frameworks.choices import FrameworkStatus
from missions.access import check_allowed, sync_user_permissions
from missions.audit import history_url
from missions.choices import EntityKind, Role
from tests.factories import (
    EntityFactory,
    FrameworkFactory,
    MandateFactory,
    MembershipFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    home, away = MissionFactory(acronym="UNMIL"), MissionFactory(acronym="UNSMIL", country="LY")
    agency = MembershipFactory(role=Role.AGENCY_PLANNER, entity=EntityFactory(kind=EntityKind.AFP), missions=[home])
    sync_user_permissions(agency.user)
    return {"home": home, "away": away, "user": agency.user}


def _refusals(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "workbench.access" and r.levelno == logging.WARNING]


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.urls("tests.access.urls_refusals")
def test_api_refusal_is_403_with_a_sentence_and_logged(setting, caplog):
    mandate = MandateFactory(mission=setting["home"])
    response = _api(setting["user"]).patch(f"/mandates/{mandate.pk}/", {"summary": "x"}, format="json")
    assert response.status_code == 403
    assert response.data["detail"] == "Your role does not allow you to change this mandate."
    assert _refusals(caplog) == [f"refused user={setting['user'].pk} action=change object=Mandate:{mandate.pk}"]


@pytest.mark.urls("tests.access.urls_refusals")
def test_api_invisible_object_is_404_as_a_missing_one_and_logged(setting, caplog):
    mandate = MandateFactory(mission=setting["away"])
    client = _api(setting["user"])
    invisible = client.delete(f"/mandates/{mandate.pk}/")
    missing = client.delete(f"/mandates/{mandate.pk + 1000}/")
    assert invisible.status_code == missing.status_code == 404
    assert invisible.data == missing.data
    assert _refusals(caplog) == [
        f"refused user={setting['user'].pk} action=delete object=Mandate:pk={mandate.pk} (not visible)"
    ]


@pytest.mark.urls("tests.access.urls_refusals")
def test_api_create_under_a_parent_without_add_is_403_and_logged(setting, caplog):
    payload = {"mission": setting["home"].pk, "resolution": "2333", "adopted_on": "2016-12-23"}
    response = _api(setting["user"]).post("/mandates/", payload, format="json")
    assert response.status_code == 403
    assert "add to this mission" in response.data["detail"]
    assert _refusals(caplog) == [f"refused user={setting['user'].pk} action=add object=Mission:{setting['home'].pk}"]


def test_page_refusals_are_logged(setting, caplog, client):
    client.force_login(setting["user"])
    draft = FrameworkFactory(mission=setting["home"], status=FrameworkStatus.DRAFT)
    assert client.get(history_url(draft)).status_code == 404
    with pytest.raises(Exception, match="not allow you to endorse"):
        check_allowed(setting["user"], "endorse", FrameworkFactory(mission=setting["home"], status="submitted"))
    messages = _refusals(caplog)
    assert messages[0] == (
        f"refused user={setting['user'].pk} action=view object=IntegratedStrategicFramework:pk={draft.pk} (not visible)"
    )
    assert messages[1].startswith(
        f"refused user={setting['user'].pk} action=endorse object=IntegratedStrategicFramework:"
    )


def test_missing_objects_are_not_logged_as_refusals(setting, caplog, client):
    client.force_login(setting["user"])
    response = client.get(f"/missions/history/frameworks.integratedstrategicframework/{10**6}/")
    assert response.status_code == 404
    assert _refusals(caplog) == []
