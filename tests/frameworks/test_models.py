"""Rules of the frameworks model: refused by full_clean() on the right field with a readable message,
and refused by the database (PostgreSQL or SQLite) when clean() is bypassed."""

import datetime as dt
from decimal import Decimal

import pytest

from frameworks.choices import FrameworkStatus, SignatureDecision
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedStrategicFramework,
    Result,
    Signature,
)
from tests.factories import (
    CommentFactory,
    EntityFactory,
    FrameworkFactory,
    FundingLineFactory,
    IntegrationAreaFactory,
    MechanismFactory,
    MeetingFactory,
    MissionFactory,
    PriorityFactory,
    ResponsibilityFactory,
    ResultFactory,
    StrategicAssessmentFactory,
    UserFactory,
)
from tests.model_meta import db_refuses, model_meta_tests, refused

pytestmark = pytest.mark.django_db


# Framework: period end after start


@pytest.mark.parametrize("days", [0, -1, -365])
def test_framework_period_ending_on_or_before_its_start_is_refused(days):
    framework = FrameworkFactory()
    framework.period_end = framework.period_start + dt.timedelta(days=days)
    message = refused(framework, "period_end")
    assert "Period end" in message and "period start" in message


def test_framework_period_in_order_passes():
    framework = FrameworkFactory()
    framework.period_end = framework.period_start + dt.timedelta(days=1)
    framework.full_clean()


def test_database_refuses_framework_period_ending_before_start():
    mission = MissionFactory()
    db_refuses(
        lambda: IntegratedStrategicFramework.objects.bulk_create(
            [
                IntegratedStrategicFramework(
                    mission=mission, period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 1, 1)
                )
            ]
        ),
        "framework_period_end_after_start",
    )
    framework = FrameworkFactory(mission=mission)
    db_refuses(
        lambda: IntegratedStrategicFramework.objects.filter(pk=framework.pk).update(period_end=dt.date(2023, 1, 1)),
        "framework_period_end_after_start",
    )


# Framework: one endorsed version per mission


def test_second_endorsed_framework_of_a_mission_is_refused_on_status():
    endorsed = FrameworkFactory(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    endorsed.full_clean()  # the endorsed version does not conflict with itself
    second = FrameworkFactory(mission=endorsed.mission, status=FrameworkStatus.SUBMITTED)
    second.status, second.endorsed_on = FrameworkStatus.ENDORSED, dt.date(2025, 2, 1)
    assert "already has an endorsed framework" in refused(second, "status")


def test_endorsing_after_the_previous_version_is_superseded_passes():
    old = FrameworkFactory(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    new = FrameworkFactory(mission=old.mission, status=FrameworkStatus.SUBMITTED, parent=old)
    old.status = FrameworkStatus.SUPERSEDED
    old.save()
    new.status, new.endorsed_on = FrameworkStatus.ENDORSED, dt.date(2025, 2, 1)
    new.full_clean()


def test_endorsed_frameworks_of_different_missions_pass():
    FrameworkFactory(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    other = FrameworkFactory(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    other.full_clean()


def test_database_refuses_a_second_endorsed_framework():
    endorsed = FrameworkFactory(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 2, 1))
    db_refuses(
        lambda: FrameworkFactory(
            mission=endorsed.mission, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2025, 2, 1)
        ),
        "framework_one_endorsed_per_mission",
    )
    draft = FrameworkFactory(mission=endorsed.mission)
    db_refuses(
        lambda: IntegratedStrategicFramework.objects.filter(pk=draft.pk).update(
            status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2025, 2, 1)
        ),
        "framework_one_endorsed_per_mission",
    )
    # Any number of versions may be superseded.
    FrameworkFactory(mission=endorsed.mission, status=FrameworkStatus.SUPERSEDED)
    FrameworkFactory(mission=endorsed.mission, status=FrameworkStatus.SUPERSEDED)


def test_endorsed_framework_without_its_date_is_refused():
    framework = FrameworkFactory()
    framework.status = FrameworkStatus.ENDORSED
    assert "endorsement date" in refused(framework, "endorsed_on")
    db_refuses(
        lambda: IntegratedStrategicFramework.objects.filter(pk=framework.pk).update(status=FrameworkStatus.ENDORSED),
        "framework_endorsed_has_date",
    )


# Result: timeline in order and inside the framework period (2024-01-01 to 2026-12-31)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2023, 12, 31), dt.date(2025, 1, 1), "timeline_start"),
        (dt.date(2024, 6, 1), dt.date(2027, 1, 1), "timeline_end"),
    ],
)
def test_result_timeline_outside_framework_period_is_refused(start, end, field):
    result = ResultFactory(timeline_start=dt.date(2024, 1, 1), timeline_end=dt.date(2025, 1, 1))
    result.timeline_start, result.timeline_end = start, end
    message = refused(result, field)
    assert "framework period" in message and "2024-01-01" in message and "2026-12-31" in message


def test_result_timeline_on_the_framework_period_bounds_passes():
    result = ResultFactory(timeline_start=dt.date(2024, 1, 1), timeline_end=dt.date(2026, 12, 31))
    result.full_clean()


def test_result_timeline_ending_before_its_start_is_refused():
    result = ResultFactory()
    result.timeline_start, result.timeline_end = dt.date(2025, 1, 1), dt.date(2024, 6, 1)
    assert "after" in refused(result, "timeline_end")
    db_refuses(
        lambda: Result.objects.filter(pk=result.pk).update(timeline_end=dt.date(2023, 1, 1)),
        "result_timeline_end_after_start",
    )


# Funding lines: no negative amounts


@pytest.mark.parametrize("field", ["amount", "gap"])
def test_negative_funding_amount_is_refused(field):
    line = FundingLineFactory()
    setattr(line, field, Decimal("-0.01"))
    assert "greater than or equal to 0" in refused(line, field)


def test_zero_funding_amounts_pass():
    line = FundingLineFactory(amount=Decimal("0"), gap=Decimal("0"))
    line.full_clean()


def test_database_refuses_negative_funding_amounts():
    line = FundingLineFactory()
    db_refuses(
        lambda: FundingLine.objects.filter(pk=line.pk).update(amount=Decimal("-1")),
        "funding_amount_not_negative",
    )
    db_refuses(
        lambda: FundingLine.objects.create(priority=line.priority, source="voluntary", gap=Decimal("-1")),
        "funding_gap_not_negative",
    )


# Signature: an objection needs a reason


@pytest.mark.parametrize("reason", ["", "   "])
def test_objection_without_reason_is_refused(reason):
    signature = Signature(
        framework=FrameworkFactory(),
        entity=EntityFactory(),
        signed_by=UserFactory(),
        decision=SignatureDecision.OBJECTED,
        reason=reason,
    )
    assert "reason" in refused(signature, "reason")


def test_objection_with_reason_and_signature_without_one_pass():
    framework, user = FrameworkFactory(), UserFactory()
    Signature(
        framework=framework,
        entity=EntityFactory(),
        signed_by=user,
        decision=SignatureDecision.OBJECTED,
        reason="The youth priority has no lead entity.",
    ).full_clean()
    signed = Signature(framework=framework, entity=EntityFactory(), signed_by=user, decision=SignatureDecision.SIGNED)
    signed.full_clean()


def test_database_refuses_objection_without_reason():
    framework = FrameworkFactory()
    db_refuses(
        lambda: Signature.objects.create(
            framework=framework, entity=EntityFactory(), signed_by=UserFactory(), decision=SignatureDecision.OBJECTED
        ),
        "signature_objection_has_reason",
    )


# Comment: on exactly one of a priority or a result, of its own framework


def test_comment_on_both_priority_and_result_is_refused():
    comment = CommentFactory()
    comment.result = ResultFactory(priority=comment.priority)
    assert "either a priority or a result" in refused(comment, "priority")


def test_comment_on_neither_priority_nor_result_is_refused():
    comment = CommentFactory()
    comment.priority = None
    assert "either a priority or a result" in refused(comment, "priority")


def test_comment_on_one_priority_or_one_result_passes():
    comment = CommentFactory()
    comment.full_clean()
    comment.priority, comment.result = None, ResultFactory(priority=comment.priority)
    comment.full_clean()


@pytest.mark.parametrize("field", ["priority", "result"])
def test_comment_on_another_frameworks_priority_or_result_is_refused(field):
    comment = CommentFactory()
    elsewhere = ResultFactory()
    if field == "priority":
        comment.priority = elsewhere.priority
    else:
        comment.priority, comment.result = None, elsewhere
    assert "another framework" in refused(comment, field)


def test_database_refuses_comment_on_both_or_neither():
    comment = CommentFactory()
    result = ResultFactory(priority=comment.priority)
    db_refuses(
        lambda: Comment.objects.filter(pk=comment.pk).update(result=result),
        "comment_on_priority_or_result",
    )
    db_refuses(
        lambda: Comment.objects.filter(pk=comment.pk).update(priority=None),
        "comment_on_priority_or_result",
    )


# Other date and cadence rules of the app


def test_assessment_completed_before_it_started_is_refused():
    assessment = StrategicAssessmentFactory()
    assessment.completed_on = assessment.started_on - dt.timedelta(days=1)
    assert "on or after" in refused(assessment, "completed_on")
    assessment.completed_on = assessment.started_on
    assessment.full_clean()
    assessment.completed_on = assessment.started_on - dt.timedelta(days=1)
    db_refuses(assessment.save, "assessment_completed_after_started")


def test_mechanism_meeting_every_zero_days_is_refused():
    mechanism = MechanismFactory()
    mechanism.cadence_days = 0
    assert refused(mechanism, "cadence_days")
    db_refuses(mechanism.save, "mechanism_cadence_positive")


# Every model: a name, an order and a human name

test_model_has_str_ordering_and_verbose_names, test_str_reads_as_the_domain_object = model_meta_tests(
    "frameworks",
    factories=[
        StrategicAssessmentFactory,
        FrameworkFactory,
        PriorityFactory,
        ResultFactory,
        ResponsibilityFactory,
        IntegrationAreaFactory,
        FundingLineFactory,
        MechanismFactory,
        MeetingFactory,
        CommentFactory,
    ],
)
