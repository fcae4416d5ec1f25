"""The audit trail: readable entries (who, when, before -> after, reason) and the history page."""

import pytest
from django.urls import reverse

from frameworks.choices import FrameworkStatus
from missions.audit import history_entries, history_url, save_with_reason
from missions.choices import EntityKind, Role
from tests.factories import (
    EntityFactory,
    FrameworkFactory,
    MembershipFactory,
    MissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_entries_say_who_changed_what_from_what_to_what_and_why():
    editor = UserFactory(username="planner", first_name="Ama", last_name="Mensah")
    framework = FrameworkFactory(status=FrameworkStatus.DRAFT, label="Joint Vision")
    framework._history_user = editor
    framework.status = FrameworkStatus.CONSULTATION
    save_with_reason(framework, "Shared with the country team")

    latest, created = history_entries(framework)
    assert latest.kind_label == "Changed"
    assert latest.who_label == "Ama Mensah"
    assert latest.reason == "Shared with the country team"
    [change] = latest.changes
    assert (change.label, change.before, change.after) == ("Status", "Draft", "In consultation")
    assert created.kind_label == "Created"
    assert created.who_label == "System"
    labels = {c.label: c.after for c in created.changes}
    assert labels["Label"] == "Joint Vision"
    assert labels["Mission"] == str(framework.mission)


def test_many_to_many_changes_are_listed_by_name():
    first, second = MissionFactory(acronym="UNMIL"), MissionFactory(acronym="UNMISS")
    membership = MembershipFactory(role=Role.OBSERVER, missions=[first])
    membership.missions.add(second)
    latest = history_entries(membership)[0]
    change = next(c for c in latest.changes if c.name == "missions")
    assert (change.before, change.after) == ("UNMIL", "UNMIL, UNMISS")


def test_entries_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    first, second = MissionFactory(), MissionFactory()
    membership = MembershipFactory(role=Role.OBSERVER, missions=[first])
    for _ in range(5):
        membership.missions.remove(first)
        membership.missions.add(second)
        membership.missions.add(first)
    # records, one m2m table, users and entities and missions named: never one per entry
    with django_assert_max_num_queries(5):
        entries = history_entries(membership)
    assert len(entries) > 10


def test_history_page_shows_entries_to_who_may_see_the_object(client):
    mission = MissionFactory()
    planner = MembershipFactory(role=Role.MISSION_PLANNER, entity=mission.entity, missions=[mission]).user
    framework = FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT)
    framework.vision = "Peace consolidated in every county."
    save_with_reason(framework, "Retreat outcome")
    client.force_login(planner)
    response = client.get(history_url(framework))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Retreat outcome" in body
    assert "Peace consolidated in every county." in body
    assert "<caption>" in body


def test_history_of_an_invisible_object_is_404_like_a_missing_one(client):
    mission = MissionFactory()
    agency = EntityFactory(kind=EntityKind.AFP)
    agency_user = MembershipFactory(role=Role.AGENCY_PLANNER, entity=agency, missions=[mission]).user
    draft = FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT)
    client.force_login(agency_user)
    assert client.get(history_url(draft)).status_code == 404
    missing = reverse("missions:history", args=["frameworks.integratedstrategicframework", draft.pk + 1000])
    assert client.get(missing).status_code == 404
    assert client.get(reverse("missions:history", args=["auth.user", agency_user.pk])).status_code == 404
    assert client.get(reverse("missions:history", args=["nonsense", 1])).status_code == 404


def test_history_page_needs_sign_in(client):
    framework = FrameworkFactory()
    response = client.get(history_url(framework))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
