"""The progress-update workflow: who may submit, approve and return; the state machine; reporting
windows; overdue with the grace period; benchmark and indicator services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from benchmarks.choices import Frequency, UpdateState
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.periods import due_period, last_ended_period, period_containing
from benchmarks.selectors import overdue_updates
from benchmarks.services import (
    benchmark_create,
    benchmark_update,
    indicator_create,
    update_approve,
    update_return,
    update_submit,
    updates_approve_many,
    updates_return_many,
)
from missions.models import Notification
from missions.notices import reason_label
from tests.benchmarks.conftest import TODAY
from tests.factories import IndicatorFactory, ResultFactory

pytestmark = pytest.mark.django_db(transaction=True)
Q2 = dt.date(2025, 4, 1)


def submit(world, **kwargs):
    values = {
        "indicator": world.indicator,
        "actor": world.agency_planner,
        "period_start": Q2,
        "value": Decimal("6"),
        "status": "on_track",
        "narrative": "Police deployed in six counties.",
        "today": TODAY,
    }
    values.update(kwargs)
    return update_submit(**values)


def test_periods_follow_the_frequency_on_the_calendar():
    assert period_containing(dt.date(2025, 5, 9), Frequency.QUARTERLY) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert period_containing(dt.date(2025, 5, 9), Frequency.FOUR_MONTHLY) == (dt.date(2025, 5, 1), dt.date(2025, 8, 31))
    assert period_containing(dt.date(2025, 12, 31), Frequency.YEARLY) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert last_ended_period(Frequency.MONTHLY, dt.date(2025, 3, 31)) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert last_ended_period(Frequency.MONTHLY, dt.date(2025, 3, 30)) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))


def test_due_period_waits_for_the_grace_days():
    # Q2 ends 30 June; with 30 days of grace it is overdue from 31 July on.
    assert due_period(Frequency.QUARTERLY, dt.date(2025, 7, 30), 30)[0] == dt.date(2025, 1, 1)
    assert due_period(Frequency.QUARTERLY, dt.date(2025, 7, 31), 30)[0] == Q2


def test_responsible_agency_submits_and_mission_planner_approves(world):
    update = submit(world)
    assert update.state == UpdateState.SUBMITTED
    assert update.period_end == dt.date(2025, 6, 30)
    assert update.submitted_by == world.agency_planner
    approved = update_approve(update=update, actor=world.mission_planner)
    assert approved.state == UpdateState.APPROVED
    assert approved.approved_by == world.mission_planner and approved.approved_at


def test_other_agency_may_not_submit_for_an_indicator_it_is_not_responsible_for(world):
    with pytest.raises(PermissionDenied):
        submit(world, actor=world.other_agency_planner)
    assert not ProgressUpdate.objects.exists()


def test_agency_planner_may_not_approve_and_srsg_office_may_not_either(world):
    update = submit(world)
    for user in (world.agency_planner, world.srsg):
        with pytest.raises(PermissionDenied):
            update_approve(update=update, actor=user)
    assert ProgressUpdate.objects.get().state == UpdateState.SUBMITTED


def test_user_without_the_mission_gets_does_not_exist(world):
    update = submit(world)
    with pytest.raises(ProgressUpdate.DoesNotExist):
        update_approve(update=update, actor=world.outsider)


def test_period_must_have_ended_and_start_on_a_period_boundary(world):
    with pytest.raises(ValidationError) as error:
        submit(world, period_start=dt.date(2025, 7, 1))
    assert "not open yet" in str(error.value.message_dict["period_start"])
    with pytest.raises(ValidationError) as error:
        submit(world, period_start=dt.date(2025, 5, 1))
    assert "does not start" in str(error.value.message_dict["period_start"])


def test_value_needed_unless_not_assessed(world):
    with pytest.raises(ValidationError) as error:
        submit(world, value=None)
    assert "value" in error.value.message_dict
    assert submit(world, value=None, status="not_assessed").state == UpdateState.SUBMITTED


def test_return_needs_a_reason_and_notifies_and_emails_the_submitter(
    world, django_capture_on_commit_callbacks, eager_celery
):
    update = submit(world)
    with pytest.raises(ValidationError):
        update_return(update=update, actor=world.mission_planner, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        returned = update_return(update=update, actor=world.mission_planner, reason="Evidence link is missing.")
    assert returned.state == UpdateState.RETURNED
    assert returned.return_reason == "Evidence link is missing."
    assert Notification.objects.filter(
        user=world.agency_planner, kind="update.returned", params__reason__contains="Evidence link is missing."
    ).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.agency_planner.email]
    assert "Evidence link is missing." in mail.outbox[0].body


def test_returned_update_is_corrected_and_resubmitted_then_locked_after_approval(world):
    update = submit(world)
    update_return(update=update, actor=world.mission_planner, reason="Wrong value.")
    again = submit(world, value=Decimal("7"))
    assert again.pk == update.pk and again.state == UpdateState.SUBMITTED and again.return_reason == ""
    update_approve(update=again, actor=world.mission_planner)
    with pytest.raises(ValidationError, match="approved and locked"):
        submit(world, value=Decimal("8"))
    assert ProgressUpdate.objects.get().value == Decimal("7")


def test_only_submitted_updates_can_be_approved_or_returned(world):
    update = submit(world)
    update_approve(update=update, actor=world.mission_planner)
    with pytest.raises(ValidationError, match="Only submitted"):
        update_approve(update=update, actor=world.mission_planner)
    with pytest.raises(ValidationError, match="Only submitted"):
        update_return(update=update, actor=world.mission_planner, reason="Late")


def test_batch_approval_is_all_or_nothing(world):
    second = IndicatorFactory(benchmark=world.benchmark, responsible_entity=world.agency)
    first = submit(world)
    other = submit(world, indicator=second)
    approved_already = submit(world, period_start=dt.date(2025, 1, 1))
    update_approve(update=approved_already, actor=world.mission_planner)
    with pytest.raises(ValidationError):
        updates_approve_many(update_ids=[first.pk, other.pk, approved_already.pk], actor=world.mission_planner)
    assert set(ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED).values_list("pk", flat=True)) == {
        first.pk,
        other.pk,
    }
    done = updates_approve_many(update_ids=[first.pk, other.pk], actor=world.mission_planner)
    assert {u.state for u in done} == {UpdateState.APPROVED}
    returned = updates_return_many(update_ids=[], actor=world.mission_planner, reason="x")
    assert returned == []


def test_overdue_after_grace_and_until_approved(world, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "UPDATE_GRACE_DAYS": 30}
    indicators = Indicator.objects.filter(pk=world.indicator.pk)
    # Q2 (April-June 2025) has ended, but 30 July is still within the grace period: Q1 is due.
    q1 = submit(world, period_start=dt.date(2025, 1, 1))
    update_approve(update=q1, actor=world.mission_planner)
    assert not overdue_updates(indicators, as_of=dt.date(2025, 7, 30)).exists()
    overdue = overdue_updates(indicators, as_of=dt.date(2025, 7, 31)).get()
    assert (overdue.due_start, overdue.due_end, overdue.due_state) == (Q2, dt.date(2025, 6, 30), None)
    update = submit(world)
    assert overdue_updates(indicators, as_of=dt.date(2025, 7, 31)).get().due_state == UpdateState.SUBMITTED
    update_approve(update=update, actor=world.mission_planner)
    assert not overdue_updates(indicators, as_of=dt.date(2025, 7, 31)).exists()


def test_grace_days_come_from_settings(world, settings):
    indicators = Indicator.objects.filter(pk=world.indicator.pk)
    settings.WORKBENCH = {**settings.WORKBENCH, "UPDATE_GRACE_DAYS": 60}
    # 31 July: Q2 is not yet due with 60 days of grace, Q1 (nothing approved) is.
    assert overdue_updates(indicators, as_of=dt.date(2025, 7, 31)).get().due_start == dt.date(2025, 1, 1)


def test_nothing_is_owed_before_the_baseline(world):
    late = IndicatorFactory(
        benchmark=world.benchmark, responsible_entity=world.agency, baseline_date=dt.date(2025, 7, 1)
    )
    assert not overdue_updates(Indicator.objects.filter(pk=late.pk), as_of=TODAY).exists()


def test_benchmark_create_links_only_results_of_its_own_mission(world):
    own = ResultFactory(priority__framework__mission=world.mission)
    foreign = ResultFactory(priority__framework__mission=world.other_mission)
    benchmark = benchmark_create(
        mission=world.mission, actor=world.mission_planner, title="Elections held", results=[own], is_transition=True
    )
    assert list(benchmark.results.all()) == [own]
    assert reason_label(benchmark.history.first().history_change_reason) == "Benchmark created"
    with pytest.raises(ValidationError) as error:
        benchmark_update(benchmark=benchmark, actor=world.mission_planner, results=[foreign])
    assert "results" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        benchmark_create(mission=world.mission, actor=world.agency_planner, title="No")


def test_indicator_create_validates_dates(world):
    with pytest.raises(ValidationError) as error:
        indicator_create(
            benchmark=world.benchmark,
            actor=world.mission_planner,
            name="Judges deployed",
            unit="judges",
            baseline_value=Decimal(1),
            baseline_date=dt.date(2025, 1, 1),
            target_value=Decimal(10),
            target_date=dt.date(2024, 1, 1),
            responsible_entity=world.agency,
        )
    assert "target_date" in error.value.message_dict


def test_batch_review_costs_the_same_queries_for_few_and_many_updates(world):
    """Reviewing N updates writes N rows but reads a fixed number of times: no per-update
    validation query, and the dashboard cache finds each update's mission from the rows the
    review already loaded."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    def submitted(n):
        return [
            submit(world, indicator=IndicatorFactory(benchmark=world.benchmark, responsible_entity=world.agency)).pk
            for _ in range(n)
        ]

    counts = {}
    for n in (2, 6):
        for review in ("approve", "return"):
            ids = submitted(n)
            # Counted inside the transaction: the e-mails to submitters go after commit, one task each.
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                if review == "approve":
                    updates_approve_many(update_ids=ids, actor=world.mission_planner)
                else:
                    updates_return_many(update_ids=ids, actor=world.mission_planner, reason="Check the source")
            reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
            counts[(review, n)] = len(reads)
    assert counts[("approve", 2)] == counts[("approve", 6)], counts
    assert counts[("return", 2)] == counts[("return", 6)], counts
