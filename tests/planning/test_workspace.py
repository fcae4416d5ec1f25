"""The mission list, the mission workspace, the IAP overview, notifications and the IAP API:
who sees what, and what each page costs in queries."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from frameworks.choices import CommentStatus, FrameworkStatus, MechanismKind, MechanismLevel
from missions.choices import EntityKind, MissionType, Phase, PostKind, Role
from missions.models import LeadershipPost, Notification, PhaseChange
from tests.factories import (
    CommentFactory,
    CountryTeamMemberFactory,
    EntityFactory,
    FrameworkFactory,
    MandateFactory,
    MandateTaskFactory,
    MechanismFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
    PriorityFactory,
    ResponsibilityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
    UserFactory,
)
from tests.second_factor import SECOND_FACTOR_QUERIES, force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_capture_on_commit_callbacks):
    """A signed-in-able user with `role` for `entity` on `missions` (rights synced as on commit)."""

    def make(role, missions, entity=None):
        if entity is None:
            kind = EntityKind.MISSION if role in (Role.MISSION_PLANNER, Role.SRSG_OFFICE) else EntityKind.AFP
            entity = missions[0].entity if kind == EntityKind.MISSION else EntityFactory(kind=kind)
        with django_capture_on_commit_callbacks(execute=True):
            membership = MembershipFactory(role=role, entity=entity, missions=missions)
        return membership.user

    return make


@pytest.fixture
def mission():
    return MissionFactory(acronym="UNMISS", name="United Nations Mission in South Sudan", country="SS")


@pytest.fixture
def other_mission():
    return MissionFactory(acronym="UNSMIL", name="United Nations Support Mission in Libya", country="LY")


def populate(mission, size: int):
    """A mission with `size` of each kind of row the workspace lists."""
    agency = EntityFactory(kind=EntityKind.AFP)
    CountryTeamMemberFactory(mission=mission, entity=agency, head="Head of agency")
    mandate = MandateFactory(mission=mission)
    for _ in range(size):
        MandateTaskFactory(mandate=mandate, lead_entity=agency, to_hand_over=True, handover_to=agency)
    LeadershipPost.objects.create(mission=mission, kind=PostKind.HEAD, title="SRSG", holder="A. Head")
    LeadershipPost.objects.create(
        mission=mission,
        kind=PostKind.DEPUTY,
        title="DSRSG",
        holder="B. Deputy",
        is_resident_coordinator=True,
        is_humanitarian_coordinator=True,
        is_resident_representative=True,
    )
    PhaseChange.objects.create(mission=mission, phase=Phase.START_UP, started_on=dt.date(2011, 7, 9))
    PhaseChange.objects.create(mission=mission, phase=Phase.CONSOLIDATION, started_on=dt.date(2014, 1, 1))
    assessment = StrategicAssessmentFactory(mission=mission, title="Internal assessment", is_internal=True)
    assessment.participants.add(agency, mission.entity)
    StrategicAssessmentFactory(mission=mission, title="Shared assessment", is_internal=False)
    body = MechanismFactory(mission=mission, kind=MechanismKind.TASK_FORCE, level=MechanismLevel.HEADQUARTERS)
    body.members.add(agency)
    MeetingFactory(mechanism=body, held_on=dt.date(2025, 1, 15))
    endorsed = FrameworkFactory(
        mission=mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1), label="Endorsed framework"
    )
    draft = FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT, label="Draft framework")
    for framework in (endorsed, draft):
        for _ in range(size):
            priority = PriorityFactory(framework=framework)
            for _ in range(size):
                result = ResultFactory(priority=priority)
                ResponsibilityFactory(result=result, entity=agency)
            for _ in range(size):
                CommentFactory(priority=priority, status=CommentStatus.OPEN)
    return agency


# ---------- mission list ----------


def test_mission_list_shows_only_visible_missions(client, member, mission, other_mission):
    client.force_login(member(Role.AGENCY_PLANNER, [mission]))
    response = client.get(reverse("mission-list"))
    assert response.status_code == 200
    assert b"UNMISS" in response.content
    assert b"UNSMIL" not in response.content


def test_mission_list_needs_sign_in(client):
    response = client.get(reverse("mission-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_mission_list_filters_by_type_and_phase(client, member, mission, other_mission):
    other_mission.mission_type = MissionType.POLITICAL
    other_mission.phase = Phase.DRAWDOWN
    other_mission.save()
    client.force_login(member(Role.HQ_PLANNER, [mission, other_mission], EntityFactory(code="DPKO")))
    by_type = client.get(reverse("mission-list"), {"type": MissionType.POLITICAL}).content.decode()
    assert "UNSMIL" in by_type and "UNMISS" not in by_type
    by_phase = client.get(reverse("mission-list"), {"phase": Phase.CONSOLIDATION}).content.decode()
    assert "UNMISS" in by_phase and "UNSMIL" not in by_phase


def test_mission_list_ignores_a_filter_value_it_does_not_know_and_keeps_the_others(
    client, member, mission, other_mission
):
    other_mission.phase = Phase.DRAWDOWN
    other_mission.save()
    client.force_login(member(Role.HQ_PLANNER, [mission, other_mission], EntityFactory(code="DPKO")))
    response = client.get(reverse("mission-list"), {"type": "no-such-type", "phase": Phase.DRAWDOWN})
    assert response.status_code == 200
    html = response.content.decode()
    assert "UNSMIL" in html and "UNMISS" not in html
    assert "Show all" in html  # the accepted filter narrows the list
    html = client.get(reverse("mission-list"), {"type": "no-such-type"}).content.decode()
    assert "UNSMIL" in html and "UNMISS" in html and "Show all" not in html


def test_mission_list_sorts_by_column(client, member, mission, other_mission):
    client.force_login(member(Role.HQ_PLANNER, [mission, other_mission], EntityFactory(code="DPKO")))
    ascending = client.get(reverse("mission-list"), {"sort": "name"}).content.decode()
    descending = client.get(reverse("mission-list"), {"sort": "-name"}).content.decode()
    assert ascending.index("UNMISS") < ascending.index("UNSMIL")
    assert descending.index("UNSMIL") < descending.index("UNMISS")
    assert 'aria-sort="descending"' in descending


def test_mission_list_shows_framework_status_the_user_may_see(client, member, mission):
    FrameworkFactory(mission=mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 1, 1), version=1)
    FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT, version=2)
    agency_page = client
    agency_page.force_login(member(Role.AGENCY_PLANNER, [mission]))
    content = agency_page.get(reverse("mission-list")).content.decode()
    assert "Endorsed v1" in content
    assert "v2" not in content


def test_mission_list_query_count_does_not_grow_with_missions(
    client, member, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        missions = [MissionFactory() for _ in range(2)]
        for each in missions:
            populate(each, 1)
    user = member(Role.HQ_PLANNER, missions, EntityFactory(code="DPKO"))
    client.force_login(user)
    # The writes' commit evaluated the missions: the list reads their kept IAP standings.
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("mission-list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        more = [MissionFactory() for _ in range(4)]
        for each in more:
            populate(each, 2)
        user.memberships.first().missions.add(*more)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("mission-list"))
    assert len(response.context["rows"]) == 6
    # A write whose commit did not evaluate (here: not committed; in use, an evaluation that
    # failed): the reader evaluates that mission alone, in a fixed number of queries.
    StrategicAssessmentFactory(mission=more[0])
    with django_assert_num_queries(LIST_AFTER_WRITE_QUERIES):
        client.get(reverse("mission-list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("mission-list"))


# Session, user, the user's mission permissions (read once per request), missions, kept IAP
# standings, navigation, whether the user may create missions (the "New mission" link).
LIST_QUERIES = 7
# The same, and the marked mission evaluated (ten queries whatever their number) and kept (one).
LIST_AFTER_WRITE_QUERIES = 18


# ---------- workspace ----------


def test_workspace_shows_the_mission_to_its_planner(client, member, mission):
    populate(mission, 2)
    client.force_login(member(Role.MISSION_PLANNER, [mission]))
    response = client.get(reverse("mission-workspace", args=["UNMISS"]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Triple-hatted",
        "To hand over",
        "Head of agency",
        "Internal assessment",
        "Shared assessment",
        "Integrated Task Force",
        "Endorsed framework",
        "Draft framework",
        "IAP minimum requirements",
        "Consolidation",
    ):
        assert text in content, text


def test_workspace_hides_drafts_and_internal_assessments_from_an_agency_planner(client, member, mission):
    populate(mission, 1)
    client.force_login(member(Role.AGENCY_PLANNER, [mission]))
    content = client.get(reverse("mission-workspace", args=["UNMISS"])).content.decode()
    assert "Endorsed framework" in content
    assert "Shared assessment" in content
    assert "Draft framework" not in content
    assert "Internal assessment" not in content


def test_workspace_offers_the_iap_links_only_to_who_may_follow_them(client, member, mission):
    """No framework, no assessment and no mechanism: the missing pieces link to the pages that
    record them, for planners; an observer reads the same reasons without the links."""
    planner = member(Role.MISSION_PLANNER, [mission])
    observer = member(Role.OBSERVER, [mission])
    client.force_login(planner)
    html = client.get(reverse("mission-workspace", args=["UNMISS"])).content.decode()
    for page in ("framework-create", "assessment-create", "mechanism-create"):
        assert reverse(f"frameworks:{page}", args=["UNMISS"]) in html, page
    client.force_login(observer)
    html = client.get(reverse("mission-workspace", args=["UNMISS"])).content.decode()
    assert "No endorsed Integrated Strategic Framework." in html
    for page in ("framework-create", "assessment-create", "mechanism-create"):
        assert reverse(f"frameworks:{page}", args=["UNMISS"]) not in html, page
    for url in re.findall(r'href="([^"#?]+)', html):
        if url.startswith("/") and not url.startswith("/static/"):
            assert client.get(url).status_code == 200, url


def test_workspace_of_a_mission_not_theirs_is_404(client, member, mission, other_mission):
    client.force_login(member(Role.AGENCY_PLANNER, [other_mission]))
    assert client.get(reverse("mission-workspace", args=["UNMISS"])).status_code == 404
    assert client.get(reverse("mission-workspace", args=["NOSUCH"])).status_code == 404


def test_workspace_needs_sign_in(client, mission):
    assert client.get(reverse("mission-workspace", args=["UNMISS"])).status_code == 302


@pytest.mark.parametrize("role", [Role.MISSION_PLANNER, Role.AGENCY_PLANNER])
def test_workspace_query_count_does_not_grow_with_the_data(
    client, member, mission, role, django_assert_num_queries, django_capture_on_commit_callbacks
):
    populate(mission, 1)
    client.force_login(member(role, [mission]))
    url = reverse("mission-workspace", args=["UNMISS"])
    client.get(url)
    with django_assert_num_queries(WORKSPACE_QUERIES) as small:
        client.get(url)
    # As a service's transaction does: the writes' commit evaluates the mission's IAP standing.
    with django_capture_on_commit_callbacks(execute=True):
        populate_more(mission)
    with django_assert_num_queries(WORKSPACE_QUERIES):
        response = client.get(url)
    assert len(small) == WORKSPACE_QUERIES
    assert response.status_code == 200


# Session, user, the user's mission permissions, navigation, the mission with the rights its
# links ask for (was a query of its own), 11 lists, the kept IAP standing (was 10 queries of a
# live evaluation).
WORKSPACE_QUERIES = 17


def populate_more(mission):
    """Four times the tasks, priorities, results and comments of `populate(mission, 1)`."""
    agency = EntityFactory(kind=EntityKind.AFP)
    mandate = mission.mandates.first()
    for _ in range(4):
        MandateTaskFactory(mandate=mandate, lead_entity=agency)
    for framework in mission.frameworks.all():
        for _ in range(4):
            priority = PriorityFactory(framework=framework)
            for _ in range(4):
                ResultFactory(priority=priority)
                CommentFactory(priority=priority)


# ---------- IAP overview and API ----------


def test_iap_overview_lists_visible_missions_with_badges(client, member, mission, other_mission):
    client.force_login(member(Role.HQ_PLANNER, [mission], EntityFactory(code="DPKO")))
    response = client.get(reverse("iap-overview"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "UNMISS" in content and "UNSMIL" not in content
    assert 'class="badge status-not_met">Not met' in content
    assert f"{reverse('mission-workspace', args=['UNMISS'])}#iap-joint_analysis" in content


def test_iap_overview_sorts_by_requirement(client, member, mission, other_mission):
    FrameworkFactory(mission=other_mission, status=FrameworkStatus.CONSULTATION)
    client.force_login(member(Role.HQ_PLANNER, [mission, other_mission], EntityFactory(code="DPKO")))
    content = client.get(reverse("iap-overview"), {"sort": "-common_priorities"}).content.decode()
    assert content.index("UNSMIL") < content.index("UNMISS")


def test_iap_overview_query_count_does_not_grow_with_missions(client, member, django_assert_num_queries):
    missions = [MissionFactory() for _ in range(2)]
    for each in missions:
        populate(each, 1)
    client.force_login(member(Role.HQ_PLANNER, missions, EntityFactory(code="DPKO")))
    with django_assert_num_queries(OVERVIEW_UNEVALUATED_QUERIES):
        client.get(reverse("iap-overview"))
    for _ in range(3):
        extra = MissionFactory()
        populate(extra, 2)
    from django.contrib.auth import get_user_model

    superuser = UserFactory(username="root")
    get_user_model().objects.filter(pk=superuser.pk).update(is_superuser=True, is_staff=True)
    # An administrator has entered a second factor; the session reads it once a request.
    force_login_verified(client, get_user_model().objects.get(pk=superuser.pk))
    with django_assert_num_queries(OVERVIEW_UNEVALUATED_QUERIES + SECOND_FACTOR_QUERIES):
        response = client.get(reverse("iap-overview"))
    assert len(response.context["rows"]) == 5
    with django_assert_num_queries(OVERVIEW_QUERIES + SECOND_FACTOR_QUERIES):
        client.get(reverse("iap-overview"))


# As the mission list, without its "New mission" link.
OVERVIEW_QUERIES = 6
# Missions written to without a commit (so never evaluated): their kept rows are made (a
# savepoint, the insert, read again), evaluated (ten queries whatever their number) and saved.
OVERVIEW_UNEVALUATED_QUERIES = 21


def test_iap_api_for_a_visible_mission(client, member, mission):
    client.force_login(member(Role.OBSERVER, [mission], EntityFactory(kind=EntityKind.PARTNER)))
    response = client.get("/api/missions/UNMISS/iap/")
    assert response.status_code == 200
    data = response.json()
    assert data["acronym"] == "UNMISS"
    assert [r["key"] for r in data["requirements"]] == [
        "joint_analysis",
        "common_priorities",
        "integrated_mechanisms",
        "monitoring_reporting",
    ]
    assert data["requirements"][0]["outcome"] == "not_met"
    assert data["requirements"][0]["findings"][0]["ok"] is False


def test_iap_api_hides_invisible_missions(client, member, mission, other_mission):
    client.force_login(member(Role.AGENCY_PLANNER, [other_mission]))
    assert client.get("/api/missions/UNMISS/iap/").status_code == 404
    listed = client.get("/api/iap/").json()
    assert [row["acronym"] for row in listed["results"]] == ["UNSMIL"]
    assert client.get("/api/iap/", {"mission": "UNMISS"}).json()["results"] == []


def test_iap_api_needs_authentication(client, mission):
    assert client.get("/api/missions/UNMISS/iap/").status_code in (401, 403)


# ---------- navigation and notifications ----------


def test_nav_marks_the_current_page_and_counts_unread_in_one_query(client, member, mission):
    user = member(Role.AGENCY_PLANNER, [mission])
    Notification.objects.create(user=user, kind="legacy", params={"legacy": "A reply to your comment"})
    Notification.objects.create(user=user, kind="legacy", params={"legacy": "Seen"}, read_at=timezone.now())
    client.force_login(user)
    content = client.get(reverse("notifications")).content.decode()
    assert f'<a href="{reverse("notifications")}" aria-current="page">' in content
    assert '1<span class="visually-hidden"> unread</span>' in content
    assert reverse("iap-overview") not in content  # one mission, not at headquarters
    assert "/api/docs/" in content


def test_nav_offers_iap_overview_to_headquarters(client, member, mission):
    client.force_login(member(Role.HQ_PLANNER, [mission], EntityFactory(code="DPKO")))
    assert reverse("iap-overview") in client.get(reverse("mission-list")).content.decode()


def test_nav_facts_follow_notices_and_rights_at_once(
    member, mission, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from planning.context_processors import nav_facts

    user = member(Role.AGENCY_PLANNER, [mission])
    with django_assert_num_queries(1):
        assert nav_facts(user) == {"unread": 0, "to_review": 0, "missions": 1, "show_iap_overview": False}
    notice = Notification.objects.create(user=user, kind="legacy", params={"legacy": "New"})
    assert nav_facts(user)["unread"] == 1
    Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    assert nav_facts(user)["unread"] == 0
    membership = user.memberships.get()
    second = MissionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership.missions.add(second)
    assert nav_facts(user) == {"unread": 0, "to_review": 0, "missions": 2, "show_iap_overview": True}
    with django_capture_on_commit_callbacks(execute=True):
        membership.missions.clear()
    assert nav_facts(user)["missions"] == 0


def test_notifications_mark_read_only_the_users_own(client, member, mission):
    user = member(Role.AGENCY_PLANNER, [mission])
    mine = Notification.objects.create(user=user, kind="legacy", params={"legacy": "Mine"})
    theirs = Notification.objects.create(user=UserFactory(), kind="legacy", params={"legacy": "Theirs"})
    client.force_login(user)
    listing = client.get(reverse("notifications")).content.decode()
    assert "Mine" in listing and "Theirs" not in listing
    client.post(reverse("notifications"), {"notification": theirs.pk})
    client.post(reverse("notifications"), {"notification": mine.pk})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_notifications_mark_all_read(client, member, mission):
    user = member(Role.AGENCY_PLANNER, [mission])
    for text in ("One", "Two"):
        Notification.objects.create(user=user, kind="legacy", params={"legacy": text})
    client.force_login(user)
    response = client.post(reverse("notifications"), {"all": "1"})
    assert response.status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_notifications_post_needs_csrf(member, mission):
    from django.test import Client

    user = member(Role.AGENCY_PLANNER, [mission])
    Notification.objects.create(user=user, kind="legacy", params={"legacy": "One"})
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(reverse("notifications"), {"all": "1"}).status_code == 403


def test_language_switcher_sets_french(client, member, mission):
    client.force_login(member(Role.AGENCY_PLANNER, [mission]))
    client.post("/i18n/setlang/", {"language": "fr", "next": reverse("mission-list")})
    content = client.get(reverse("mission-list")).content.decode()
    assert '<html lang="fr" dir="ltr"' in content
    assert "Se déconnecter" in content
    assert "Exigences de l'EPI" in content


def test_workspace_in_french(client, member, mission):
    client.force_login(member(Role.AGENCY_PLANNER, [mission]))
    client.post("/i18n/setlang/", {"language": "fr", "next": reverse("mission-list")})
    content = client.get(reverse("mission-workspace", args=["UNMISS"])).content.decode()
    assert "Exigences minimales de l'EPI" in content
    assert "Aucune évaluation stratégique n&#x27;est enregistrée." in content
    assert "Non satisfaite" in content


def test_iap_api_query_counts_do_not_grow_with_missions(
    client, member, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        missions = [MissionFactory() for _ in range(2)]
        for each in missions:
            populate(each, 1)
    user = member(Role.HQ_PLANNER, missions, EntityFactory(code="DPKO"))
    client.force_login(user)
    acronym = missions[0].acronym
    with django_assert_num_queries(API_DETAIL_QUERIES):
        assert client.get(f"/api/missions/{acronym}/iap/").status_code == 200
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get("/api/iap/").json()["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        more = [MissionFactory() for _ in range(3)]
        for each in more:
            populate(each, 2)
        user.memberships.first().missions.add(*more)
    with django_assert_num_queries(API_LIST_QUERIES):
        assert client.get("/api/iap/").json()["count"] == 5


# The IAP standings as kept (each write's commit evaluated them again): one query.
API_DETAIL_QUERIES = 5  # session, user, mission permissions, mission, kept IAP standing
API_LIST_QUERIES = 6  # session, user, mission permissions, count, page of missions, kept IAP standings
