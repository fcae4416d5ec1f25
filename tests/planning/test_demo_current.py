"""The demo is current and consistent: anchored at the last full month before the day it is seeded
(the same data for the same day), the running missions have their planners and SRSG offices,
every seeded approval is by someone who may approve and every endorsed version is signed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max

from benchmarks.choices import UpdateState
from benchmarks.models import ProgressUpdate
from frameworks.choices import FrameworkStatus, SignatureDecision
from frameworks.models import IntegratedStrategicFramework, MechanismMeeting
from frameworks.services import required_signatories
from missions.access import after_closing, can
from missions.choices import Role
from missions.models import Membership
from planning.demo import DEMO_PASSWORD, anchor, seed
from planning.demo.facts import moved

pytestmark = pytest.mark.django_db
SEEDED_ON = dt.date(2027, 2, 10)  # a day far from the facts' own: the demo follows it


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed(today=SEEDED_ON)
        yield
        transaction.set_rollback(True)


def test_anchor_is_the_last_day_of_the_month_before_the_seeding_day():
    assert anchor(dt.date(2027, 2, 10)) == dt.date(2027, 1, 31)
    assert anchor(dt.date(2027, 3, 1)) == dt.date(2027, 2, 28)
    assert anchor(dt.date(2027, 3, 31)) == anchor(dt.date(2027, 3, 1))  # the same all month
    assert moved(dt.date(2026, 9, 24), dt.date(2027, 2, 10)) == dt.date(2027, 1, 25)


def test_running_missions_report_to_the_anchor_and_meet_lately(demo):
    last = dict(
        ProgressUpdate.objects.values_list("indicator__benchmark__mission__acronym")
        .annotate(end=Max("period_end"))
        .order_by()
    )
    assert last["UNMISS"] == last["UNSMIL"] == dt.date(2026, 12, 31)  # the last quarter ended by 31 Jan 2027
    assert last["UNMIL"] == dt.date(2017, 12, 31)  # closed missions end at their closing
    latest_meeting = MechanismMeeting.objects.filter(mechanism__mission__acronym__in=["UNMISS", "UNSMIL"]).aggregate(
        day=Max("held_on")
    )["day"]
    assert dt.date(2027, 1, 1) <= latest_meeting <= anchor(SEEDED_ON)
    consultation = IntegratedStrategicFramework.objects.get(mission__acronym="UNSMIL", version=2)
    assert consultation.consultation_deadline >= SEEDED_ON


@pytest.mark.parametrize("acronym", ["UNMISS", "UNSMIL"])
def test_active_missions_have_a_planner_and_an_srsg_office_login(demo, acronym):
    for suffix, role in (("planner", Role.MISSION_PLANNER), ("srsg", Role.SRSG_OFFICE)):
        user = get_user_model().objects.get(username=f"{acronym.lower()}.{suffix}")
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, role=role, missions__acronym=acronym, is_active=True).exists()


def test_every_seeded_approval_is_by_someone_who_may_approve(demo):
    approved = ProgressUpdate.objects.filter(state=UpdateState.APPROVED)
    assert approved.filter(approved_by__isnull=True).count() == 0
    for approver_id in set(approved.values_list("approved_by", flat=True)):
        approver = get_user_model().objects.get(pk=approver_id)
        theirs = set(approved.filter(approved_by=approver).values_list("pk", flat=True))
        with after_closing():  # approved while the mission was open
            allowed = set(ProgressUpdate.objects.restrict(approver, "approve_update").values_list("pk", flat=True))
        assert theirs <= allowed, f"{approver} approved updates they may not approve"


def test_every_endorsed_version_carries_its_signatures_signed(demo):
    endorsed = list(IntegratedStrategicFramework.objects.filter(status=FrameworkStatus.ENDORSED))
    assert {f.mission.acronym for f in endorsed} == {"UNMISS", "UNSMIL"}
    for framework in endorsed:
        signed = {
            s.entity_id: s
            for s in framework.signatures.select_related("signed_by")
            if s.decision == SignatureDecision.SIGNED
        }
        assert set(signed) >= required_signatories(framework), f"{framework.mission} v{framework.version}"
        for signature in signed.values():
            assert can(signature.signed_by, "sign", framework), signature
            assert Membership.objects.filter(
                user=signature.signed_by, entity=signature.entity_id, is_active=True
            ).exists(), signature
