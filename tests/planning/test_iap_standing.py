"""The kept IAP standing: after any write to the data the evaluation reads, the next read gives
what a from-scratch evaluation gives; without a write it is read, not evaluated."""

import datetime as dt

import pytest
from django.utils import translation

from benchmarks.choices import UpdateState
from frameworks.choices import FrameworkStatus
from missions.choices import EntityKind
from planning import iap
from planning.iap import iap_standings, iap_status_for_missions
from planning.models import IAPStanding
from tests.factories import MeetingFactory, MissionFactory
from tests.planning.test_iap import (
    TODAY,
    all_mechanisms,
    endorsed_framework,
    joint_assessment,
    measured,
)

pytestmark = pytest.mark.django_db


def link(url):
    """A finding's link with what following it needs: the action and its target's model and id."""
    target = getattr(url, "target", None)
    return (str(url), getattr(url, "action", None), target and (target._meta.label, target.pk))


def shown(statuses):
    return {
        pk: [(r.key, r.outcome, [(f.text, f.ok, link(f.url)) for f in r.findings]) for r in status.requirements]
        for pk, status in statuses.items()
    }


def assert_kept_is_fresh(missions):
    kept = shown(iap_standings(missions, TODAY))
    live = shown(iap_status_for_missions(missions, TODAY))
    assert kept == live


def test_every_kind_of_write_is_seen_by_the_next_read(mission, agency):
    other = MissionFactory(reporting_cycle_months=4)
    missions = [mission, other]
    assert_kept_is_fresh(missions)
    assessment = joint_assessment(mission, agency)  # a row and its participants
    assert_kept_is_fresh(missions)
    framework, result = endorsed_framework(mission, agency)  # framework, priority, result, lead
    assert_kept_is_fresh(missions)
    bodies = all_mechanisms(mission, agency)  # mechanisms, members, meetings
    assert_kept_is_fresh(missions)
    indicator = measured(result, agency)  # benchmark linked to the result, indicator, approved update
    assert_kept_is_fresh(missions)

    update = indicator.updates.get()
    update.state, update.return_reason = UpdateState.RETURNED, "Figures do not match the source."
    update.save()
    assert_kept_is_fresh(missions)
    bodies[0].meetings.all().delete()  # deletions
    assert_kept_is_fresh(missions)
    assessment.participants.remove(agency)  # a set made smaller
    assert_kept_is_fresh(missions)
    agency.kind = EntityKind.SECRETARIAT  # an entity changes side: every mission it is in
    agency.save()
    assert_kept_is_fresh(missions)
    framework.status = FrameworkStatus.CLOSED
    framework.save()
    assert_kept_is_fresh(missions)
    MeetingFactory(mechanism=bodies[1], held_on=TODAY)
    assert_kept_is_fresh(missions)


def test_a_committed_write_is_evaluated_by_its_commit(
    mission, agency, django_capture_on_commit_callbacks, django_assert_num_queries
):
    other = MissionFactory()
    before = shown(iap_standings([mission, other]))  # as of today, as the commit evaluates
    with django_capture_on_commit_callbacks(execute=True):
        joint_assessment(mission, agency)
        all_mechanisms(mission, agency)
    rows = {row.pk: row for row in IAPStanding.objects.all()}
    assert rows[mission.pk].version == rows[mission.pk].computed_version > 1
    with django_assert_num_queries(1):  # read, not evaluated
        kept = shown(iap_standings([mission, other]))
    assert kept == shown(iap_status_for_missions([mission, other]))
    assert kept[mission.pk] != before[mission.pk]
    assert kept[other.pk] == before[other.pk]


def test_a_write_marks_only_its_own_mission(mission, agency):
    other = MissionFactory()
    iap_standings([mission, other], TODAY)
    joint_assessment(mission, agency)
    rows = {row.pk: row for row in IAPStanding.objects.all()}
    assert rows[mission.pk].version != rows[mission.pk].computed_version
    assert rows[other.pk].version == rows[other.pk].computed_version


def test_current_rows_are_read_in_two_queries_whatever_their_number(agency, django_assert_num_queries):
    missions = [MissionFactory() for _ in range(6)]
    all_mechanisms(missions[0], agency)
    iap_standings(missions, TODAY)
    with django_assert_num_queries(1):  # the rows (the missions are given)
        statuses = iap_standings(missions, TODAY)
    assert {status.mission.pk for status in statuses.values()} == {m.pk for m in missions}


def test_a_new_day_is_evaluated_again(mission, agency):
    all_mechanisms(mission, agency, met_on=dt.date(2025, 6, 1))
    iap_standings([mission], TODAY)
    later = TODAY + dt.timedelta(days=200)
    kept = iap_standings([mission], later)[mission.pk]
    assert kept.as_of == later
    assert shown({1: kept}) == shown({1: iap_status_for_missions([mission], later)[mission.pk]})


def test_reasons_are_kept_per_language(mission, agency, settings):
    all_mechanisms(mission, agency)
    english = iap_standings([mission], TODAY)[mission.pk]
    with translation.override("fr"):
        french = iap_standings([mission], TODAY)[mission.pk]
        live = iap_status_for_missions([mission], TODAY)[mission.pk]
    assert shown({1: french}) == shown({1: live})
    assert [r.outcome for r in french.requirements] == [r.outcome for r in english.requirements]
    assert [f.text for f in french.requirements[2].findings] != [f.text for f in english.requirements[2].findings]
    assert set(IAPStanding.objects.get(pk=mission.pk).findings) == {code for code, _name in settings.LANGUAGES}


def test_a_write_during_an_evaluation_leaves_the_row_due(mission, agency, monkeypatch):
    real = iap.iap_status_for_missions

    def evaluate_while_someone_writes(missions, today=None):
        statuses = real(missions, today)
        all_mechanisms(mission, agency)  # committed by another request meanwhile
        return statuses

    monkeypatch.setattr(iap, "iap_status_for_missions", evaluate_while_someone_writes)
    iap_standings([mission], TODAY)
    monkeypatch.setattr(iap, "iap_status_for_missions", real)
    kept = iap_standings([mission], TODAY)[mission.pk]
    assert shown({1: kept}) == shown({1: real([mission], TODAY)[mission.pk]})


def test_the_daily_job_evaluates_every_mission_in_every_language(mission, agency, settings):
    from planning.tasks import refresh_iap

    all_mechanisms(mission, agency)
    assert refresh_iap() == 1
    row = IAPStanding.objects.get(pk=mission.pk)
    assert set(row.findings) == {code for code, _name in settings.LANGUAGES}
    assert row.computed_version == row.version


def test_renaming_an_entity_marks_no_mission_and_changing_its_side_marks_every_one(mission, agency):
    iap_standings([mission], TODAY)
    agency.name = "United Nations Development Programme (renamed)"
    agency.save()
    row = IAPStanding.objects.get(pk=mission.pk)
    assert row.version == row.computed_version
    agency.kind = EntityKind.SECRETARIAT
    agency.save()
    row.refresh_from_db()
    assert row.version != row.computed_version
