"""Setting up and keeping a mission without the admin: the mission, its country team, leadership
posts, lifecycle, mandates (pasted and split into tasks) and capacity gaps. Bad input is refused
at its field and stores nothing; observers and agencies read only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from benchmarks.models import CapacityGap
from missions.access import sync_user_permissions
from missions.choices import EntityKind, Phase, Role
from missions.models import CountryTeamMember, Entity, LeadershipPost, Mandate, MandateTask, Mission, PhaseChange
from tests.factories import DepartmentFactory, EntityFactory, MembershipFactory, MissionFactory

pytestmark = pytest.mark.django_db

RESOLUTION_TEXT = """The Security Council,
Recalling its previous resolutions and statements on South Sudan,
1. Decides to extend the mandate of UNMISS until 15 March 2019;
2. Decides that the mandate of UNMISS shall be as follows:
(a) Protection of civilians:
(i) To protect civilians under threat of physical violence,
irrespective of the source of such violence;
(ii) To deter violence against civilians;
(b) Creating the conditions conducive to the delivery of humanitarian assistance;
3. Requests the Secretary-General to report to the Council every 90 days;
"""


class SetupWorld:
    pass


def make_setup_world() -> SetupWorld:
    w = SetupWorld()
    w.dpko = DepartmentFactory()
    w.dpa = EntityFactory(code="DPA", name="Department of Political Affairs", kind=EntityKind.SECRETARIAT)
    w.undp = EntityFactory(code="UNDP", name="United Nations Development Programme", kind=EntityKind.AFP)
    w.ohchr = EntityFactory(code="OHCHR", name="Human rights office", kind=EntityKind.SECRETARIAT)
    w.government = EntityFactory(code="MOJ", name="Ministry of Justice", kind=EntityKind.HOST_GOVERNMENT)
    w.mission = MissionFactory(acronym="UNMIL", lead_department=w.dpko, established_on=dt.date(2003, 9, 19))
    PhaseChange.objects.create(mission=w.mission, phase=Phase.CONSOLIDATION, started_on=dt.date(2010, 1, 1))
    w.away = MissionFactory(acronym="UNSMIL", lead_department=w.dpa, country="LY", mission_type="spm")
    w.hq = MembershipFactory(role=Role.HQ_PLANNER, entity=w.dpko, missions=[w.mission]).user
    w.planner = MembershipFactory(role=Role.MISSION_PLANNER, entity=w.mission.entity, missions=[w.mission]).user
    w.agency = MembershipFactory(role=Role.AGENCY_PLANNER, entity=w.undp, missions=[w.mission]).user
    w.observer = MembershipFactory(
        role=Role.OBSERVER, entity=EntityFactory(code="PBSO", kind=EntityKind.SECRETARIAT), missions=[w.mission]
    ).user
    for user in (w.hq, w.planner, w.agency, w.observer):
        sync_user_permissions(user)
    return w


@pytest.fixture
def w():
    return make_setup_world()


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def mission_data(**overrides):
    data = {
        "acronym": "UNMISS",
        "name": "United Nations Mission in the Republic of South Sudan",
        "mission_type": "pko",
        "country": "ss",
        "reporting_cycle_months": "4",
        "structurally_integrated": "on",
        "established_on": "2011-07-09",
        "phase": "start_up",
    }
    data.update(overrides)
    return data


# The mission -------------------------------------------------------------------------------------


def test_hq_planner_creates_a_mission_and_works_on_it(w, as_user, django_capture_on_commit_callbacks):
    client = as_user(w.hq)
    page = client.get(reverse("missions:mission-create"))
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].fields["lead_department"].queryset] == ["DPKO"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("missions:mission-create"), mission_data(lead_department=w.dpko.pk))
    assert answer.status_code == 302, answer.context["form"].errors
    mission = Mission.objects.get(acronym="UNMISS")
    assert (mission.country, mission.phase, mission.structurally_integrated) == ("SS", Phase.START_UP, True)
    assert mission.entity.code == "UNMISS" and mission.entity.kind == EntityKind.MISSION
    assert list(mission.phase_changes.values_list("phase", "started_on")) == [(Phase.START_UP, dt.date(2011, 7, 9))]
    assert w.hq.memberships.get().missions.filter(pk=mission.pk).exists()
    assert client.get(answer.url).status_code == 200  # its country team page, at once
    assert client.get(reverse("mission-list")).content.decode().count(reverse("missions:mission-create")) == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"acronym": "UNMIL"}, "acronym"),
        ({"acronym": "un miss"}, "acronym"),
        ({"country": "South Sudan"}, "country"),
        ({"reporting_cycle_months": "30"}, "reporting_cycle_months"),
        ({"name": "x" * 201}, "name"),
        ({"phase": "closed"}, "phase"),
    ],
)
def test_bad_mission_is_refused_at_its_field_and_stores_nothing(w, as_user, overrides, field):
    before = (Mission.objects.count(), Entity.objects.count(), PhaseChange.objects.count())
    answer = as_user(w.hq).post(
        reverse("missions:mission-create"), mission_data(lead_department=w.dpko.pk, **overrides)
    )
    assert answer.status_code == 422
    assert field in answer.context["form"].errors
    assert (Mission.objects.count(), Entity.objects.count(), PhaseChange.objects.count()) == before


def test_hq_planner_cannot_create_for_another_department(w, as_user):
    answer = as_user(w.hq).post(reverse("missions:mission-create"), mission_data(lead_department=w.dpa.pk))
    assert answer.status_code == 422
    assert "lead_department" in answer.context["form"].errors
    assert not Mission.objects.filter(acronym="UNMISS").exists()


@pytest.mark.parametrize("role", ["planner", "agency", "observer"])
def test_only_hq_planners_create_missions(w, as_user, role):
    client = as_user(getattr(w, role))
    assert client.get(reverse("missions:mission-create")).status_code == 403
    assert client.post(reverse("missions:mission-create"), mission_data(lead_department=w.dpko.pk)).status_code == 403
    assert reverse("missions:mission-create") not in client.get(reverse("mission-list")).content.decode()
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_mission_planner_edits_the_mission(w, as_user):
    url = reverse("missions:mission-edit", args=["UNMIL"])
    data = {
        "name": "UN Mission in Liberia",
        "country": "LR",
        "mission_type": "pko",
        "reporting_cycle_months": "6",
        "established_on": "2003-09-19",
    }
    assert as_user(w.planner).post(url, data).status_code == 302
    w.mission.refresh_from_db()
    assert (w.mission.name, w.mission.reporting_cycle_months) == ("UN Mission in Liberia", 6)
    refused = as_user(w.planner).post(url, {**data, "name": "Renamed", "established_on": "2012-01-01"})
    assert refused.status_code == 422 and "established_on" in refused.context["form"].errors
    w.mission.refresh_from_db()
    assert w.mission.name == "UN Mission in Liberia"
    assert as_user(w.agency).get(url).status_code == 403


# Country team ------------------------------------------------------------------------------------


def test_country_team_add_duplicate_and_remove(w, as_user):
    client = as_user(w.planner)
    url = reverse("missions:country-team", args=["UNMIL"])
    page = client.get(url)
    codes = {e.code for e in page.context["form"].fields["entity"].queryset}
    assert codes == {"UNDP", "OHCHR", "PBSO"}  # no mission, host-government body or lead department
    assert client.post(url, {"entity": w.undp.pk, "head": "Resident Representative"}).status_code == 302
    again = client.post(url, {"entity": w.undp.pk, "head": "Someone else"})
    assert again.status_code == 422
    assert "already in the country team" in again.context["form"].errors["entity"][0]
    assert list(CountryTeamMember.objects.values_list("entity__code", "head")) == [("UNDP", "Resident Representative")]
    assert client.post(url, {"entity": w.government.pk}).status_code == 422
    assert client.post(url, {"entity": w.ohchr.pk, "head": "x" * 201}).context["form"].errors["head"]
    assert CountryTeamMember.objects.count() == 1
    member = CountryTeamMember.objects.get()
    assert as_user(w.agency).post(reverse("missions:country-team-remove", args=[member.pk])).status_code == 403
    assert as_user(w.planner).post(reverse("missions:country-team-remove", args=[member.pk])).status_code == 302
    assert not CountryTeamMember.objects.exists()


@pytest.mark.parametrize("role", ["agency", "observer"])
def test_readers_see_setup_lists_without_forms(w, as_user, role):
    client = as_user(getattr(w, role))
    for name in ("country-team", "leadership", "lifecycle", "mandate-list"):
        page = client.get(reverse(f"missions:{name}", args=["UNMIL"]))
        assert page.status_code == 200, name
        assert '<form method="post" class="form"' not in page.content.decode(), name
    assert client.get(reverse("benchmarks:capacity-gap-list", args=["UNMIL"])).status_code == 200
    assert client.post(reverse("missions:country-team", args=["UNMIL"]), {"entity": w.ohchr.pk}).status_code == 403
    assert client.get(reverse("missions:mandate-create", args=["UNMIL"])).status_code == 403
    assert not CountryTeamMember.objects.exists()
    workspace = client.get(reverse("mission-workspace", args=["UNMIL"])).content.decode()
    assert 'id="setup"' not in workspace


def test_workspace_links_the_setup_pages_for_planners(w, as_user):
    workspace = as_user(w.planner).get(reverse("mission-workspace", args=["UNMIL"])).content.decode()
    assert 'id="setup"' in workspace
    for url in (
        reverse("missions:mission-edit", args=["UNMIL"]),
        reverse("missions:country-team", args=["UNMIL"]),
        reverse("missions:leadership", args=["UNMIL"]),
        reverse("missions:lifecycle", args=["UNMIL"]),
        reverse("missions:mandate-list", args=["UNMIL"]),
        reverse("benchmarks:capacity-gap-list", args=["UNMIL"]),
    ):
        assert f'href="{url}"' in workspace


# Leadership --------------------------------------------------------------------------------------


def post_data(**overrides):
    data = {"kind": "deputy", "title": "DSRSG", "holder": "A. Deputy", "start_on": "2016-01-01"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_leadership_post_with_hats(w, as_user):
    client = as_user(w.hq)
    url = reverse("missions:leadership", args=["UNMIL"])
    data = post_data(is_resident_coordinator="on", is_humanitarian_coordinator="on")
    assert client.post(url, data).status_code == 302
    post = LeadershipPost.objects.get()
    assert post.triple_hatted
    assert "Triple-hatted" in client.get(url).content.decode()
    edit = reverse("missions:leadership-edit", args=[post.pk])
    assert client.post(edit, post_data(title="DSRSG/RC/HC", is_resident_representative="on")).status_code == 302
    post.refresh_from_db()
    assert (post.title, post.is_resident_representative, post.is_resident_coordinator) == ("DSRSG/RC/HC", True, False)
    assert client.post(reverse("missions:leadership-remove", args=[post.pk])).status_code == 302
    assert not LeadershipPost.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [({"end_on": "2015-12-31"}, "end_on"), ({"title": "x" * 101}, "title"), ({"kind": "chief"}, "kind")],
)
def test_bad_leadership_post_stores_nothing(w, as_user, overrides, field):
    answer = as_user(w.planner).post(reverse("missions:leadership", args=["UNMIL"]), post_data(**overrides))
    assert answer.status_code == 422
    assert field in answer.context["form"].errors
    assert not LeadershipPost.objects.exists()


# Lifecycle ---------------------------------------------------------------------------------------


def test_phase_change_in_order(w, as_user):
    client = as_user(w.planner)
    url = reverse("missions:lifecycle", args=["UNMIL"])
    data = {"phase": "drawdown", "started_on": "2015-06-30", "note": "Resolution 2190 (2014): drawdown."}
    assert client.post(url, data).status_code == 302
    w.mission.refresh_from_db()
    assert w.mission.phase == Phase.DRAWDOWN
    before = client.post(url, {**data, "phase": "liquidation", "started_on": "2015-01-01"})
    assert before.status_code == 422
    assert "2015-06-30" in before.context["form"].errors["started_on"][0] or before.context["form"].errors["started_on"]
    future = client.post(url, {**data, "phase": "liquidation", "started_on": "2999-01-01"})
    assert "started_on" in future.context["form"].errors
    long_note = client.post(url, {**data, "phase": "liquidation", "started_on": "2018-03-30", "note": "x" * 2001})
    assert "note" in long_note.context["form"].errors
    assert PhaseChange.objects.filter(mission=w.mission).count() == 2
    w.mission.refresh_from_db()
    assert w.mission.phase == Phase.DRAWDOWN
    closing = client.post(url, {"phase": "closed", "started_on": "2018-03-30", "note": "Mandate ended."})
    assert closing.status_code == 302
    w.mission.refresh_from_db()
    assert (w.mission.phase, w.mission.closed_on) == (Phase.CLOSED, dt.date(2018, 3, 30))
    # Closed, the mission records no phase any more, and still records what it learned from each.
    page = client.get(url).content.decode().replace("&amp;", "&")
    closed_change = PhaseChange.objects.get(mission=w.mission, phase=Phase.CLOSED)
    assert f"{reverse('lessons:lesson-record', args=['UNMIL'])}?source=phase_change:{closed_change.pk}" in page
    assert 'name="started_on"' not in page


# Mandates ----------------------------------------------------------------------------------------


def mandate_paste(**overrides):
    data = {
        "resolution": "S/RES/2406 (2018)",
        "adopted_on": "2018-03-15",
        "expires_on": "2019-03-15",
        "chapter": "VII",
        "summary": "",
        "operative_text": RESOLUTION_TEXT,
    }
    data.update(overrides)
    return data


def confirm_data(preview) -> dict:
    """What the preview's form sends back as it is, with the confirmation step."""
    form = preview.context["form"]
    data = {"step": "confirm"}
    for field in form:
        value = field.value()
        if value not in (None, ""):
            data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else value
    tasks = form.tasks
    data.update({f"{tasks.prefix}-TOTAL_FORMS": str(len(tasks.forms)), f"{tasks.prefix}-INITIAL_FORMS": "0"})
    for task in tasks.forms:
        for name in ("paragraph", "text"):
            data[task.add_prefix(name)] = task[name].value()
    return data


def test_mandate_pasted_previewed_and_confirmed(w, as_user):
    client = as_user(w.planner)
    url = reverse("missions:mandate-create", args=["UNMIL"])
    preview = client.post(url, mandate_paste())
    assert preview.status_code == 200
    assert not Mandate.objects.filter(resolution="2406 (2018)").exists()  # nothing stored yet
    form = preview.context["form"]
    paragraphs = [task["paragraph"].value() for task in form.tasks]
    assert paragraphs == ["1", "2", "2(a)", "2(a)(i)", "2(a)(ii)", "2(b)", "3"]
    data = confirm_data(preview)
    data["task-0-leave_out"] = "on"  # the extension is no task of the mission
    data["task-6-text"] = "Report to the Council every 90 days."
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["form"].errors
    mandate = Mandate.objects.get(resolution="2406 (2018)")
    assert (mandate.chapter, mandate.expires_on) == ("VII", dt.date(2019, 3, 15))
    assert list(mandate.tasks.order_by("pk").values_list("paragraph", flat=True)) == paragraphs[1:]
    assert mandate.tasks.get(paragraph="2(a)(i)").text.endswith("irrespective of the source of such violence;")
    assert mandate.tasks.get(paragraph="3").text == "Report to the Council every 90 days."
    assert "S/RES/2406 (2018)" in client.get(reverse("missions:mandate-list", args=["UNMIL"])).content.decode()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"resolution": "Resolution 2406"}, "resolution"),
        ({"resolution": "S/RES/2406 (2017)"}, "resolution"),
        ({"expires_on": "2018-01-01"}, "expires_on"),
        ({"operative_text": "The Council decides to extend the mandate."}, "operative_text"),
    ],
)
def test_bad_mandate_paste_is_refused_at_its_field(w, as_user, overrides, field):
    answer = as_user(w.planner).post(reverse("missions:mandate-create", args=["UNMIL"]), mandate_paste(**overrides))
    assert answer.status_code == 422
    assert field in answer.context["form"].errors
    assert not Mandate.objects.exists()


def test_bad_confirmation_stores_nothing(w, as_user):
    client = as_user(w.planner)
    url = reverse("missions:mandate-create", args=["UNMIL"])
    data = confirm_data(client.post(url, mandate_paste()))
    duplicate = {**data, "task-1-paragraph": "1"}
    answer = client.post(url, duplicate)
    assert answer.status_code == 422
    assert "appears twice" in str(answer.context["form"].non_field_errors())
    too_long = {**data, "task-2-text": "x" * 20001}
    answer = client.post(url, too_long)
    assert answer.status_code == 422 and answer.context["form"].tasks.forms[2].errors["text"]
    Mandate.objects.create(mission=w.mission, resolution="2406 (2018)", adopted_on=dt.date(2018, 3, 15))
    answer = client.post(url, data)
    assert answer.status_code == 422 and "already recorded" in answer.context["form"].errors["resolution"][0]
    assert Mandate.objects.count() == 1 and not MandateTask.objects.exists()


def test_mandate_edit(w, as_user):
    mandate = Mandate.objects.create(mission=w.mission, resolution="2066 (2012)", adopted_on=dt.date(2012, 9, 17))
    url = reverse("missions:mandate-edit", args=[mandate.pk])
    client = as_user(w.hq)
    assert client.get(url).context["form"]["resolution"].value() == "S/RES/2066 (2012)"
    data = {"resolution": "S/RES/2066 (2012)", "adopted_on": "2012-09-17", "expires_on": "2013-09-30", "chapter": "VII"}
    assert client.post(url, data).status_code == 302
    mandate.refresh_from_db()
    assert (mandate.chapter, mandate.expires_on) == ("VII", dt.date(2013, 9, 30))
    refused = client.post(url, {**data, "summary": "x" * 20001, "chapter": "VI"})
    assert refused.status_code == 422 and "summary" in refused.context["form"].errors
    mandate.refresh_from_db()
    assert mandate.chapter == "VII"


# Capacity gaps -----------------------------------------------------------------------------------


def gap_data(**overrides):
    data = {
        "category": "staff",
        "requirement": "Police advisers in all 15 counties.",
        "description": "Police advisers cover 9 counties.",
        "effect": "Six counties without mentoring of the national police.",
        "status": "open",
        "identified_on": "2016-03-01",
    }
    data.update(overrides)
    return data


def test_capacity_gap_recorded_and_edited(w, as_user):
    client = as_user(w.planner)
    assert client.post(reverse("benchmarks:capacity-gap-create", args=["UNMIL"]), gap_data()).status_code == 302
    gap = CapacityGap.objects.get()
    assert gap.requirement.startswith("Police advisers in all")
    listing = client.get(reverse("benchmarks:capacity-gap-list", args=["UNMIL"])).content.decode()
    assert "Police advisers cover 9 counties." in listing
    edit = reverse("benchmarks:capacity-gap-edit", args=[gap.pk])
    assert client.post(edit, gap_data(status="partly")).status_code == 302
    gap.refresh_from_db()
    assert gap.status == "partly"
    assert as_user(w.observer).post(edit, gap_data(status="closed")).status_code == 403


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"identified_on": "2999-01-01"}, "identified_on"),
        ({"effect": "x" * 20001}, "effect"),
        ({"description": ""}, "description"),
    ],
)
def test_bad_capacity_gap_stores_nothing(w, as_user, overrides, field):
    answer = as_user(w.planner).post(reverse("benchmarks:capacity-gap-create", args=["UNMIL"]), gap_data(**overrides))
    assert answer.status_code == 422
    assert field in answer.context["form"].errors
    assert not CapacityGap.objects.exists()


def test_mandate_task_lead_and_handover(w, as_user):
    mandate = Mandate.objects.create(mission=w.mission, resolution="2066 (2012)", adopted_on=dt.date(2012, 9, 17))
    task = MandateTask.objects.create(mandate=mandate, paragraph="3(a)", text="Support the national police.")
    url = reverse("missions:mandate-task-edit", args=[task.pk])
    client = as_user(w.planner)
    assert f'href="{url}"' in client.get(reverse("missions:mandate-list", args=["UNMIL"])).content.decode()
    data = {"paragraph": "3(a)", "text": "Support the Liberia National Police.", "lead_entity": w.mission.entity.pk}
    refused = client.post(url, {**data, "handover_to": w.undp.pk})
    assert refused.status_code == 422 and "handover_to" in refused.context["form"].errors
    too_long = client.post(url, {**data, "text": "x" * 20001})
    assert too_long.status_code == 422 and "text" in too_long.context["form"].errors
    task.refresh_from_db()
    assert (task.text, task.lead_entity) == ("Support the national police.", None)
    assert client.post(url, {**data, "to_hand_over": "on", "handover_to": w.undp.pk}).status_code == 302
    task.refresh_from_db()
    assert (task.lead_entity, task.to_hand_over, task.handover_to) == (w.mission.entity, True, w.undp)
    taken = MandateTask.objects.create(mandate=mandate, paragraph="4", text="Report.")
    clash = client.post(reverse("missions:mandate-task-edit", args=[taken.pk]), {"paragraph": "3(a)", "text": "x"})
    assert clash.status_code == 422 and "paragraph" in clash.context["form"].errors
    reader = as_user(w.agency)
    assert reader.get(url).status_code == 403
    assert f'href="{url}"' not in reader.get(reverse("missions:mandate-list", args=["UNMIL"])).content.decode()
    assert reader.post(reverse("missions:mandate-task-remove", args=[task.pk])).status_code == 403
    assert as_user(w.planner).post(reverse("missions:mandate-task-remove", args=[task.pk])).status_code == 302
    assert not MandateTask.objects.filter(pk=task.pk).exists()
