"""Services for strategic assessments, integrated mechanisms and meetings: who may write, what is
refused (on which field, with nothing saved), and what the IAP status reads from the data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from frameworks.analysis.selectors import (
    assessment_participation,
    assessments_for,
    mechanism_status,
    mechanisms_for,
    sides_for_mission,
)
from frameworks.analysis.services import (
    assessment_create,
    assessment_update,
    mechanism_create,
    mechanism_members_set,
    mechanism_update,
    meeting_record,
)
from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.access import sync_user_permissions
from missions.choices import EntityKind, Role
from missions.notices import reason_label, reason_text
from tests.factories import (
    CountryTeamMemberFactory,
    DepartmentFactory,
    EntityFactory,
    MechanismFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
    StrategicAssessmentFactory,
)

pytestmark = pytest.mark.django_db


def user_with(role: str, mission, entity=None):
    """A user holding `role` on `mission`, with permissions derived right away."""
    if entity is None:
        if role in (Role.MISSION_PLANNER, Role.SRSG_OFFICE):
            entity = mission.entity
        elif role == Role.HQ_PLANNER:
            entity = DepartmentFactory()
        else:
            entity = EntityFactory(kind=EntityKind.AFP)
    membership = MembershipFactory(role=role, entity=entity, missions=[mission])
    sync_user_permissions(membership.user)
    return membership.user


@pytest.fixture
def mission():
    mission = MissionFactory()
    CountryTeamMemberFactory(mission=mission, entity=EntityFactory(code="UNDP", kind=EntityKind.AFP))
    return mission


@pytest.fixture
def planner(mission):
    return user_with(Role.MISSION_PLANNER, mission)


def assessment_input(mission, **overrides):
    data = {
        "title": "Strategic assessment 2025",
        "started_on": dt.date(2025, 1, 6),
        "completed_on": dt.date(2025, 2, 28),
        "lead_entity": mission.lead_department,
        "participants": [mission.entity, EntityFactory(code="UNDP")],
        "conflict_drivers": "Land disputes; youth unemployment.",
        "risks": "Election violence.",
        "options": "Drawdown in two phases.",
        "recommendations": "Keep police advisers in the counties.",
    }
    data.update(overrides)
    return data


def test_mission_planner_records_an_assessment_with_history(mission, planner):
    assessment = assessment_create(actor=planner, mission=mission, **assessment_input(mission))
    assert assessment.is_internal
    assert {e.code for e in assessment.participants.all()} == {mission.entity.code, "UNDP"}
    created = assessment.history.earliest()
    assert created.history_user == planner
    assert reason_label(created.history_change_reason) == "Assessment recorded"
    participation = assessment_participation(assessment, sides_for_mission(mission))
    assert participation.mission_side and participation.country_team and participation.joint


def test_hq_planner_may_record_an_assessment(mission):
    hq = user_with(Role.HQ_PLANNER, mission)
    assert assessment_create(actor=hq, mission=mission, **assessment_input(mission)).pk


@pytest.mark.parametrize("role", [Role.AGENCY_PLANNER, Role.OBSERVER, Role.SRSG_OFFICE])
def test_roles_without_planning_rights_cannot_record_an_assessment(mission, role):
    user = user_with(role, mission)
    with pytest.raises(PermissionDenied, match="does not allow you to add to this mission"):
        assessment_create(actor=user, mission=mission, **assessment_input(mission))
    assert not StrategicAssessment.objects.exists()


def test_planner_of_another_mission_cannot_record_here(mission):
    outsider = user_with(Role.MISSION_PLANNER, MissionFactory())
    with pytest.raises(PermissionDenied):
        assessment_create(actor=outsider, mission=mission, **assessment_input(mission))


def test_completed_before_started_is_refused_on_that_field_and_nothing_saved(mission, planner):
    with pytest.raises(ValidationError) as refused:
        assessment_create(
            actor=planner, mission=mission, **assessment_input(mission, completed_on=dt.date(2024, 12, 1))
        )
    assert "completed_on" in refused.value.message_dict
    assert not StrategicAssessment.objects.exists()


def test_update_changes_fields_and_participants_with_a_reason(mission, planner):
    assessment = assessment_create(actor=planner, mission=mission, **assessment_input(mission))
    updated = assessment_update(
        actor=planner,
        assessment=assessment,
        title="Strategic assessment 2025 (final)",
        is_internal=False,
        participants=[mission.entity],
    )
    updated.refresh_from_db()
    assert updated.title == "Strategic assessment 2025 (final)"
    assert not updated.is_internal
    assert [e.pk for e in updated.participants.all()] == [mission.entity.pk]
    reasons = {reason_label(r) for r in updated.history.values_list("history_change_reason", flat=True)}
    assert "Assessment edited" in reasons
    assert not assessment_participation(updated, sides_for_mission(mission)).country_team


def test_update_refuses_bad_input_and_keeps_the_row(mission, planner):
    assessment = StrategicAssessmentFactory(mission=mission, title="Before")
    with pytest.raises(ValidationError) as refused:
        assessment_update(actor=planner, assessment=assessment, title="", completed_on=dt.date(2000, 1, 1))
    assert {"title", "completed_on"} <= set(refused.value.message_dict)
    assessment.refresh_from_db()
    assert assessment.title == "Before"


def test_update_refuses_unknown_fields(mission, planner):
    assessment = StrategicAssessmentFactory(mission=mission)
    with pytest.raises(TypeError):
        assessment_update(actor=planner, assessment=assessment, mission=MissionFactory())


def test_agency_planner_cannot_edit_an_assessment(mission):
    agency = user_with(Role.AGENCY_PLANNER, mission)
    assessment = StrategicAssessmentFactory(mission=mission, is_internal=False)
    with pytest.raises(PermissionDenied):
        assessment_update(actor=agency, assessment=assessment, title="Changed")


def test_internal_assessments_are_hidden_from_agency_planners_and_observers(mission, planner):
    internal = StrategicAssessmentFactory(mission=mission, is_internal=True)
    shared = StrategicAssessmentFactory(mission=mission, is_internal=False)
    assert set(assessments_for(planner, mission=mission)) == {internal, shared}
    for role in (Role.AGENCY_PLANNER, Role.OBSERVER):
        assert list(assessments_for(user_with(role, mission), mission=mission)) == [shared]


def mechanism_input(mission, **overrides):
    data = {
        "name": "Integrated Management Team",
        "level": "field",
        "kind": "leadership",
        "chair": mission.entity,
        "members": [EntityFactory(code="UNDP"), EntityFactory(code="UNICEF")],
        "cadence_days": 14,
        "terms_of_reference": "Senior leadership forum of mission and UNCT.",
    }
    data.update(overrides)
    return data


def test_mission_planner_sets_up_and_edits_a_mechanism(mission, planner):
    mechanism = mechanism_create(actor=planner, mission=mission, **mechanism_input(mission))
    assert mechanism.members.count() == 2
    mechanism = mechanism_update(actor=planner, mechanism=mechanism, cadence_days=30, is_active=False)
    mechanism.refresh_from_db()
    assert (mechanism.cadence_days, mechanism.is_active) == (30, False)
    edited = reason_text("mechanism.edited")
    assert mechanism.history.filter(history_change_reason=edited, history_user=planner).exists()


def test_mechanism_bad_input_is_refused_on_the_field(mission, planner):
    with pytest.raises(ValidationError) as refused:
        mechanism_create(actor=planner, mission=mission, **mechanism_input(mission, cadence_days=0, level="moon"))
    assert {"cadence_days", "level"} <= set(refused.value.message_dict)
    assert not IntegratedMechanism.objects.exists()


def test_members_set_replaces_members_and_is_refused_to_agency_planners(mission, planner):
    mechanism = MechanismFactory(mission=mission)
    undp = EntityFactory(code="UNDP")
    mechanism_members_set(actor=planner, mechanism=mechanism, members=[undp, mission.entity])
    assert set(mechanism.members.all()) == {undp, mission.entity}
    with pytest.raises(PermissionDenied):
        mechanism_members_set(actor=user_with(Role.AGENCY_PLANNER, mission), mechanism=mechanism, members=[])
    assert mechanism.members.count() == 2


def test_meeting_is_recorded_once_per_day(mission, planner):
    mechanism = MechanismFactory(mission=mission)
    day = timezone.localdate() - dt.timedelta(days=3)
    meeting_record(actor=planner, mechanism=mechanism, held_on=day, decisions="Adopted the transition plan.")
    with pytest.raises(ValidationError) as refused:
        meeting_record(actor=planner, mechanism=mechanism, held_on=day)
    assert refused.value.message_dict == {"held_on": ["A meeting on that date is already recorded."]}
    assert MechanismMeeting.objects.count() == 1


def test_meeting_in_the_future_is_refused(mission, planner):
    mechanism = MechanismFactory(mission=mission)
    with pytest.raises(ValidationError) as refused:
        meeting_record(actor=planner, mechanism=mechanism, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    assert not MechanismMeeting.objects.exists()


def test_agency_planner_cannot_record_a_meeting(mission):
    mechanism = MechanismFactory(mission=mission)
    with pytest.raises(PermissionDenied):
        meeting_record(actor=user_with(Role.AGENCY_PLANNER, mission), mechanism=mechanism, held_on=dt.date(2025, 1, 1))


def test_mechanism_status_reads_members_and_cadence(mission, planner):
    today = timezone.localdate()
    mechanism = MechanismFactory(mission=mission, cadence_days=30)  # chaired by DPKO, the mission side
    status = mechanism_status(mechanisms_for(planner).get(pk=mechanism.pk), sides_for_mission(mission))
    assert status.mission_members and not status.country_team_members
    assert status.last_met_on is None and not status.within_cadence

    mechanism.members.add(EntityFactory(code="UNDP"))
    MeetingFactory(mechanism=mechanism, held_on=today - dt.timedelta(days=45))
    status = mechanism_status(mechanisms_for(planner).get(pk=mechanism.pk), sides_for_mission(mission))
    assert status.country_team_members
    assert status.last_met_on == today - dt.timedelta(days=45)
    assert not status.within_cadence and not status.meets_requirement

    MeetingFactory(mechanism=mechanism, held_on=today - dt.timedelta(days=10))
    status = mechanism_status(mechanisms_for(planner).get(pk=mechanism.pk), sides_for_mission(mission))
    assert status.within_cadence and status.meets_requirement
    assert status.due_by == today + dt.timedelta(days=20)
