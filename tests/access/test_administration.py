"""Administration: the admin and `manage.py grant_membership` assign users to entities, roles and
missions, and the permissions follow (including a change of the missions alone)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from missions.choices import EntityKind, Role
from missions.models import Membership, Mission
from tests.factories import DepartmentFactory, EntityFactory, MissionFactory, UserFactory
from tests.second_factor import force_login_verified

pytestmark = pytest.mark.django_db(transaction=True)


def visible(user):
    return set(Mission.objects.restrict(user, "view").values_list("acronym", flat=True))


def test_admin_assigns_and_changes_missions_and_rights_follow(client):
    unmil, unmiss = MissionFactory(acronym="UNMIL"), MissionFactory(acronym="UNMISS")
    undp = EntityFactory(code="UNDP", kind=EntityKind.AFP)
    planner = UserFactory(username="undp-planner")
    force_login_verified(client, UserFactory(username="admin", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:missions_membership_add"),
        {"user": planner.pk, "entity": undp.pk, "role": Role.AGENCY_PLANNER, "missions": [unmil.pk], "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert visible(planner) == {"UNMIL"}

    membership = Membership.objects.get(user=planner)
    change = reverse("admin:missions_membership_change", args=[membership.pk])
    form = {"user": planner.pk, "entity": undp.pk, "role": Role.AGENCY_PLANNER, "is_active": "on"}
    assert client.post(change, {**form, "missions": [unmiss.pk]}).status_code == 302
    assert visible(planner) == {"UNMISS"}

    assert client.post(change, {**form, "missions": [unmiss.pk], "is_active": ""}).status_code == 302
    assert visible(planner) == set()


def test_grant_membership_command_grants_narrows_and_deactivates(capsys):
    unmil, unmiss = MissionFactory(acronym="UNMIL"), MissionFactory(acronym="UNMISS")
    EntityFactory(code="WFP", kind=EntityKind.AFP)
    user = UserFactory(username="wfp-planner")
    call_command(
        "grant_membership",
        "wfp-planner",
        "--entity",
        "WFP",
        "--role",
        "agency_planner",
        "--missions",
        "UNMIL",
        "UNMISS",
    )
    assert "Rights on: UNMIL, UNMISS" in capsys.readouterr().out
    assert visible(user) == {unmil.acronym, unmiss.acronym}

    call_command(
        "grant_membership",
        "wfp-planner",
        "--entity",
        "WFP",
        "--role",
        "agency_planner",
        "--missions",
        "UNMISS",
        "--revoke",
    )
    assert visible(user) == {"UNMIL"}

    call_command("grant_membership", "wfp-planner", "--entity", "WFP", "--role", "agency_planner", "--revoke")
    assert visible(user) == set()
    assert "deactivated" in capsys.readouterr().out


def test_grant_membership_refuses_with_clear_messages(capsys):
    MissionFactory(acronym="UNMIL")
    EntityFactory(code="WFP", kind=EntityKind.AFP)
    UserFactory(username="someone")
    with pytest.raises(CommandError, match="No entity with code 'XYZ'"):
        call_command("grant_membership", "someone", "--entity", "XYZ", "--role", "observer", "--missions", "UNMIL")
    with pytest.raises(CommandError, match="No mission UNKNOWN"):
        call_command("grant_membership", "someone", "--entity", "WFP", "--role", "observer", "--missions", "UNKNOWN")
    with pytest.raises(CommandError, match="headquarters planner works for a Secretariat department"):
        call_command("grant_membership", "someone", "--entity", "WFP", "--role", "hq_planner", "--missions", "UNMIL")


def test_hq_planner_covers_only_missions_their_department_leads(capsys):
    dpa = EntityFactory(code="DPA", kind=EntityKind.SECRETARIAT)
    dpko_mission = MissionFactory(acronym="UNMIL", lead_department=DepartmentFactory())
    dpa_mission = MissionFactory(acronym="UNSMIL", lead_department=dpa)
    user = UserFactory(username="dpa-planner")
    call_command(
        "grant_membership", "dpa-planner", "--entity", "DPA", "--role", "hq_planner", "--missions", "UNMIL", "UNSMIL"
    )
    assert "UNMIL is not led by DPA" in capsys.readouterr().err
    assert visible(user) == {"UNSMIL"}
    # When the lead department changes, the rights follow.
    dpko_mission.lead_department = dpa
    dpko_mission.save()
    assert visible(user) == {"UNMIL", "UNSMIL"}
    assert dpa_mission.acronym in visible(user)
