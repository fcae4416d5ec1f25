"""The IAP minimum requirements: each rule, each outcome, the bulk form's fixed query count."""

import datetime as dt

import pytest
from django.utils import timezone

from benchmarks.choices import Frequency, ReportState, UpdateState
from frameworks.choices import FrameworkStatus, MechanismKind, MechanismLevel, ResponsibilityRole
from missions.models import Mission
from planning import iap
from planning.iap import MET, NOT_MET, PARTLY_MET, iap_status_for_mission, iap_status_for_missions
from tests.factories import (
    BenchmarkFactory,
    CountryTeamMemberFactory,
    FrameworkFactory,
    IndicatorFactory,
    MandateFactory,
    MechanismFactory,
    MeetingFactory,
    MissionFactory,
    PriorityFactory,
    ProgressReportFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 15)


def outcome(mission, key, today=TODAY):
    return iap_status_for_mission(mission, today).by_key[key]


def missing_text(status) -> str:
    return " ".join(finding.text for finding in status.missing)


def joint_assessment(mission, agency, **kwargs):
    assessment = StrategicAssessmentFactory(mission=mission, **kwargs)
    assessment.participants.add(mission.entity, agency)
    return assessment


def endorsed_framework(mission, agency, **kwargs):
    values = {"status": FrameworkStatus.ENDORSED, "endorsed_on": dt.date(2025, 1, 10)} | kwargs
    framework = FrameworkFactory(mission=mission, **values)
    result = ResultFactory(priority=PriorityFactory(framework=framework))
    ResponsibilityFactory(result=result, entity=agency, role=ResponsibilityRole.LEAD)
    return framework, result


def mechanism(mission, agency, kind, level, met_on=dt.date(2025, 6, 1), **kwargs):
    body = MechanismFactory(mission=mission, kind=kind, level=level, name=str(kind), **kwargs)
    body.members.add(agency)
    if met_on:
        MeetingFactory(mechanism=body, held_on=met_on)
    return body


def all_mechanisms(mission, agency, **kwargs):
    return [
        mechanism(mission, agency, MechanismKind.TASK_FORCE, MechanismLevel.HEADQUARTERS, **kwargs),
        mechanism(mission, agency, MechanismKind.LEADERSHIP_FORUM, MechanismLevel.FIELD, **kwargs),
        mechanism(mission, agency, MechanismKind.PLANNING_CAPACITY, MechanismLevel.FIELD, **kwargs),
    ]


def measured(result, agency, *, approved_until=dt.date(2025, 3, 31)):
    benchmark = BenchmarkFactory(mission=result.priority.framework.mission)
    benchmark.results.add(result)
    indicator = IndicatorFactory(
        benchmark=benchmark, responsible_entity=agency, frequency=Frequency.QUARTERLY, baseline_date=dt.date(2024, 1, 1)
    )
    if approved_until:
        ProgressUpdateFactory(
            indicator=indicator,
            period_start=dt.date(approved_until.year, approved_until.month - 2, 1),
            period_end=approved_until,
            state=UpdateState.APPROVED,
            approved_at=timezone.now(),
        )
    return indicator


def complete_mission(mission, agency):
    """A mission meeting all four requirements on TODAY."""
    joint_assessment(mission, agency)
    framework, result = endorsed_framework(mission, agency)
    all_mechanisms(mission, agency)
    measured(result, agency)
    ProgressReportFactory(
        mission=mission, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 4, 30), state=ReportState.DONE
    )
    return framework, result


# ---------- periods ----------


def test_add_months_clamps_to_month_end():
    assert iap.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert iap.add_months(dt.date(2025, 6, 15), -24) == dt.date(2023, 6, 15)


def test_due_period_follows_calendar_periods_and_grace():
    assert iap.due_period(months=3, today=dt.date(2025, 6, 15), grace_days=30) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 3, 31),
    )
    # On 1 May the first quarter is still inside its 30-day grace period.
    assert iap.due_period(months=3, today=dt.date(2025, 4, 30), grace_days=30)[1] == dt.date(2024, 12, 31)


def test_last_reporting_period_allows_time_to_compile():
    assert iap.last_reporting_period(cycle_months=4, today=TODAY, delay_days=15) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 4, 30),
    )
    assert iap.last_reporting_period(cycle_months=6, today=dt.date(2025, 7, 10), delay_days=15)[1] == dt.date(
        2024, 12, 31
    )


def test_complete_mission_meets_all_four(mission, agency):
    complete_mission(mission, agency)
    status = iap_status_for_mission(mission, TODAY)
    assert [r.outcome for r in status.requirements] == [MET, MET, MET, MET], [
        missing_text(r) for r in status.requirements
    ]
    assert status.met_count == 4


# ---------- 1. joint analysis ----------


def test_joint_analysis_not_met_without_assessment(mission):
    status = outcome(mission, iap.JOINT_ANALYSIS)
    assert status.outcome == NOT_MET
    assert "No strategic assessment" in missing_text(status)
    assert status.missing[0].url


def test_joint_analysis_met_with_recent_assessment_of_both_sides(mission, agency):
    joint_assessment(mission, agency, completed_on=dt.date(2024, 3, 1))
    assert outcome(mission, iap.JOINT_ANALYSIS).outcome == MET


def test_joint_analysis_partly_met_without_country_team(mission):
    StrategicAssessmentFactory(mission=mission)  # led by DPKO alone
    status = outcome(mission, iap.JOINT_ANALYSIS)
    assert status.outcome == PARTLY_MET
    assert "country team" in missing_text(status)


def test_joint_analysis_partly_met_when_outdated_after_a_new_mandate(mission, agency):
    joint_assessment(mission, agency, started_on=dt.date(2021, 1, 1), completed_on=dt.date(2021, 3, 1))
    MandateFactory(mission=mission, adopted_on=dt.date(2024, 7, 8), expires_on=dt.date(2025, 7, 8))
    status = outcome(mission, iap.JOINT_ANALYSIS)
    assert status.outcome == PARTLY_MET
    assert "before" in missing_text(status)


def test_joint_analysis_older_assessment_counts_when_made_since_the_last_mandate(mission, agency):
    MandateFactory(mission=mission, adopted_on=dt.date(2021, 7, 8), expires_on=dt.date(2026, 7, 8))
    joint_assessment(mission, agency, started_on=dt.date(2021, 9, 1), completed_on=dt.date(2022, 1, 1))
    assert outcome(mission, iap.JOINT_ANALYSIS).outcome == MET


def test_joint_analysis_age_comes_from_settings(mission, agency, settings):
    joint_assessment(mission, agency, completed_on=dt.date(2024, 3, 1))
    settings.WORKBENCH = {**settings.WORKBENCH, "JOINT_ANALYSIS_MAX_AGE_MONTHS": 6}
    assert outcome(mission, iap.JOINT_ANALYSIS).outcome == PARTLY_MET


def test_joint_analysis_assessment_under_way_is_partly_met(mission, agency):
    joint_assessment(mission, agency, started_on=dt.date(2025, 5, 1), completed_on=None)
    status = outcome(mission, iap.JOINT_ANALYSIS)
    assert status.outcome == PARTLY_MET
    assert "not completed" in missing_text(status)


# ---------- 2. common priorities ----------


def test_common_priorities_not_met_with_only_a_draft(mission):
    FrameworkFactory(mission=mission, status=FrameworkStatus.DRAFT)
    status = outcome(mission, iap.COMMON_PRIORITIES)
    assert status.outcome == NOT_MET
    assert status.missing[0].url


def test_common_priorities_partly_met_while_in_consultation(mission):
    FrameworkFactory(mission=mission, status=FrameworkStatus.CONSULTATION, version=1)
    status = outcome(mission, iap.COMMON_PRIORITIES)
    assert status.outcome == PARTLY_MET
    assert "in consultation" in missing_text(status)


def test_common_priorities_met_with_endorsed_reviewed_framework(mission, agency):
    endorsed_framework(mission, agency)
    assert outcome(mission, iap.COMMON_PRIORITIES).outcome == MET


def test_common_priorities_partly_met_when_a_result_has_no_lead(mission, agency):
    framework, _ = endorsed_framework(mission, agency)
    ResultFactory(priority=PriorityFactory(framework=framework))
    status = outcome(mission, iap.COMMON_PRIORITIES)
    assert status.outcome == PARTLY_MET
    assert "1 result has no lead entity" in missing_text(status)


def test_common_priorities_partly_met_when_a_result_has_no_timeline(mission, agency):
    _, result = endorsed_framework(mission, agency)
    result.timeline_end = None
    result.save()
    assert "no complete timeline" in missing_text(outcome(mission, iap.COMMON_PRIORITIES))


def test_common_priorities_partly_met_when_not_reviewed_for_a_year(mission, agency):
    endorsed_framework(mission, agency, endorsed_on=dt.date(2024, 1, 10))
    status = outcome(mission, iap.COMMON_PRIORITIES)
    assert status.outcome == PARTLY_MET
    assert "Not reviewed in the last 12 months" in missing_text(status)


def test_common_priorities_review_date_counts(mission, agency):
    endorsed_framework(mission, agency, endorsed_on=dt.date(2024, 1, 10), reviewed_on=dt.date(2025, 2, 1))
    assert outcome(mission, iap.COMMON_PRIORITIES).outcome == MET


def test_common_priorities_partly_met_when_period_is_over(mission, agency):
    endorsed_framework(mission, agency)
    status = outcome(mission, iap.COMMON_PRIORITIES, today=dt.date(2027, 2, 1))
    assert status.outcome == PARTLY_MET
    assert "has ended" in missing_text(status)


# ---------- 3. integrated mechanisms ----------


def test_mechanisms_not_met_without_any(mission):
    status = outcome(mission, iap.INTEGRATED_MECHANISMS)
    assert status.outcome == NOT_MET
    assert len(status.missing) == 3


def test_mechanisms_met_with_all_three_meeting_on_time(mission, agency):
    all_mechanisms(mission, agency)
    assert outcome(mission, iap.INTEGRATED_MECHANISMS).outcome == MET


def test_mechanisms_partly_met_with_only_the_task_force(mission, agency):
    mechanism(mission, agency, MechanismKind.TASK_FORCE, MechanismLevel.HEADQUARTERS)
    status = outcome(mission, iap.INTEGRATED_MECHANISMS)
    assert status.outcome == PARTLY_MET
    assert len(status.missing) == 2


def test_mechanisms_partly_met_when_one_has_not_met_within_its_cadence(mission, agency):
    bodies = all_mechanisms(mission, agency)
    late = bodies[1]
    late.meetings.all().delete()
    MeetingFactory(mechanism=late, held_on=dt.date(2025, 4, 1))  # cadence 30 days
    status = outcome(mission, iap.INTEGRATED_MECHANISMS)
    assert status.outcome == PARTLY_MET
    assert "more than 30 days ago" in missing_text(status)


def test_mechanisms_need_country_team_members(mission, agency):
    for body in all_mechanisms(mission, agency):
        body.members.clear()
    status = outcome(mission, iap.INTEGRATED_MECHANISMS)
    assert status.outcome == PARTLY_MET
    assert "no country-team member" in missing_text(status)


def test_inactive_mechanisms_do_not_count(mission, agency):
    all_mechanisms(mission, agency, is_active=False)
    assert outcome(mission, iap.INTEGRATED_MECHANISMS).outcome == NOT_MET


# ---------- 4. integrated monitoring and reporting ----------


def test_monitoring_not_met_without_indicators(mission, agency):
    endorsed_framework(mission, agency)
    status = outcome(mission, iap.MONITORING_REPORTING)
    assert status.outcome == NOT_MET
    assert "No indicators" in missing_text(status)


def test_monitoring_partly_met_when_a_result_is_not_measured(mission, agency):
    framework, _ = complete_mission(mission, agency)
    ResultFactory(priority=PriorityFactory(framework=framework))
    status = outcome(mission, iap.MONITORING_REPORTING)
    assert status.outcome == PARTLY_MET
    assert "1 result of the framework has no indicator" in missing_text(status)


def test_monitoring_partly_met_when_updates_are_more_than_a_period_late(mission, agency):
    _, result = complete_mission(mission, agency)
    measured(result, agency, approved_until=None)
    status = outcome(mission, iap.MONITORING_REPORTING)
    assert status.outcome == PARTLY_MET
    assert "1 indicator has no approved update for more than one period" in missing_text(status)


def test_monitoring_tolerates_an_update_late_by_less_than_a_period(mission, agency):
    _, result = complete_mission(mission, agency)
    measured(result, agency, approved_until=dt.date(2024, 12, 31))
    status = outcome(mission, iap.MONITORING_REPORTING)
    assert status.outcome == MET
    assert any("overdue within" in finding.text for finding in status.findings)


def test_monitoring_partly_met_without_report_for_last_period(mission, agency):
    complete_mission(mission, agency)
    mission.reports.update(state=ReportState.FAILED)
    status = outcome(mission, iap.MONITORING_REPORTING)
    assert status.outcome == PARTLY_MET
    assert "No progress report compiled" in missing_text(status)


# ---------- bulk ----------


def test_bulk_evaluation_costs_the_same_for_one_or_many_missions(agency, django_assert_num_queries):
    first = MissionFactory()
    CountryTeamMemberFactory(mission=first, entity=agency)
    complete_mission(first, agency)
    with django_assert_num_queries(11):
        iap_status_for_missions(Mission.objects.all(), TODAY)
    for _ in range(4):
        other = MissionFactory()
        CountryTeamMemberFactory(mission=other, entity=agency)
        complete_mission(other, agency)
    with django_assert_num_queries(11):
        statuses = iap_status_for_missions(Mission.objects.all(), TODAY)
    assert len(statuses) == 5
    assert all(status.met_count == 4 for status in statuses.values())


def test_bulk_evaluation_keeps_missions_apart(mission, agency):
    complete_mission(mission, agency)
    empty = MissionFactory()
    statuses = iap_status_for_missions([mission, empty], TODAY)
    assert statuses[mission.pk].met_count == 4
    assert [r.outcome for r in statuses[empty.pk].requirements] == [NOT_MET] * 4


def test_closed_mission_is_judged_on_its_closing_date(mission, agency):
    framework, _ = complete_mission(mission, agency)
    mission.closed_on = dt.date(2025, 6, 30)
    mission.save()
    # Closing the mission closed its framework and wound up its mechanisms.
    framework.status = FrameworkStatus.CLOSED
    framework.save()
    mission.mechanisms.update(is_active=False)
    status = iap_status_for_mission(mission, dt.date(2030, 1, 1))
    assert status.as_of == dt.date(2025, 6, 30)
    assert status.met_count == 4
