"""Asking for, compiling, retrying, sweeping and scheduling reports, with Celery in-process."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from missions.models import Notification
from tests.factories import IndicatorFactory, MissionFactory, ProgressReportFactory


def request(w, **kwargs):
    return services.report_request(
        mission=w.mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner, **kwargs
    )


def files_of(report):
    return [getattr(report, name).name for name, _type in services.FORMATS.values()]


def test_a_request_compiles_the_report_and_tells_the_requester(rworld, django_capture_on_commit_callbacks):
    w = rworld
    with django_capture_on_commit_callbacks(execute=True):
        report = request(w)
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.percent == 100 and report.attempts == 1
    assert report.sent_at is not None and report.finished_at is not None
    for name in files_of(report):
        assert name.startswith(f"reports/UNMIL/2025-01/{report.pk}/") and default_storage.exists(name)
    with default_storage.open(report.pdf_file.name, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    notice = Notification.objects.get(user=w.planner)
    assert notice.url == f"/benchmarks/reports/{report.pk}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [w.planner.email]
    assert f"/benchmarks/reports/{report.pk}/" in mail.outbox[0].body


def test_the_same_data_gives_the_same_report(rworld, django_capture_on_commit_callbacks):
    w = rworld
    with django_capture_on_commit_callbacks(execute=True):
        first = request(w)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = request(w)
    assert second.pk == first.pk and callbacks == []
    assert ProgressReport.objects.count() == 1


def test_compiling_twice_keeps_one_done_report_and_one_set_of_files(rworld, django_capture_on_commit_callbacks):
    w = rworld
    with django_capture_on_commit_callbacks(execute=True):
        report = request(w)
        services.report_compile(report_id=report.pk)
        services.report_send(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.attempts == 1
    folder = services.report_folder(report)
    assert len(default_storage.listdir(folder)[0]) == 1
    assert Notification.objects.filter(user=w.planner).count() == 1


def test_a_run_that_died_leaves_no_visible_files_and_the_next_run_removes_them(
    rworld, django_capture_on_commit_callbacks
):
    w = rworld
    report = ProgressReportFactory(mission=w.mission, period_start=w.period_start, period_end=w.period_end)
    orphan = default_storage.save(f"{services.report_folder(report)}/deadrun/half.pdf", io.BytesIO(b"%PDF-half"))
    report.state, report.attempts = ReportState.RUNNING, 1  # a worker died mid-job
    report.save()
    assert report.pdf_file.name == ""
    with django_capture_on_commit_callbacks(execute=True):
        services.report_compile(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.attempts == 2
    assert not default_storage.exists(orphan)
    assert len(default_storage.listdir(services.report_folder(report))[0]) == 1


def test_missing_data_fails_with_a_message_and_a_retry_compiles_it(
    db, eager_celery, media, django_capture_on_commit_callbacks
):
    from tests.benchmarks.reports.world import build_world

    w = build_world()
    mission = MissionFactory(acronym="UNEMPTY")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            mission=mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner
        )
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert "UNEMPTY has no benchmark with an indicator yet" in report.error
    IndicatorFactory(benchmark__mission=mission)
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.report_retry(report=report, actor=w.planner)
    retried.refresh_from_db()
    assert retried.pk == report.pk and retried.state == ReportState.DONE and retried.error == ""


def test_a_report_that_is_not_failed_cannot_be_retried(rworld, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    w = rworld
    with django_capture_on_commit_callbacks(execute=True):
        report = request(w)
    with pytest.raises(ValidationError, match="Only a failed report"):
        services.report_retry(report=report, actor=w.planner)


def test_the_sweep_sends_runs_the_broker_never_took(rworld, django_capture_on_commit_callbacks):
    w = rworld
    report = ProgressReportFactory(
        mission=w.mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner
    )
    assert report.sent_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_sweep() == [report.pk]
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.sent_at is not None
    assert services.reports_sweep() == []


def test_a_run_stalled_past_the_limit_is_marked_failed_with_a_sentence_and_can_be_tried_again(
    rworld, django_capture_on_commit_callbacks
):
    """A worker killed mid-job leaves its run "running"; ten minutes without progress, the sweep
    marks it failed, and Retry compiles it."""
    from django.utils import timezone

    w = rworld
    report = ProgressReportFactory(
        mission=w.mission,
        period_start=w.period_start,
        period_end=w.period_end,
        requested_by=w.planner,
        state=ReportState.RUNNING,
        percent=30,
    )
    now = timezone.now()
    assert services.reports_fail_stalled(now=now + dt.timedelta(minutes=9)) == []
    report.refresh_from_db()
    assert report.state == ReportState.RUNNING
    assert services.reports_fail_stalled(now=now + dt.timedelta(minutes=11)) == [report.pk]
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and "no progress for 10 minutes" in report.error
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.report_retry(report=report, actor=w.planner)
    retried.refresh_from_db()
    assert retried.state == ReportState.DONE and retried.error == ""


def test_the_schedule_asks_once_per_active_mission_and_period_and_tells_the_srsg_office(
    rworld, django_capture_on_commit_callbacks
):
    w = rworld
    today = dt.date(2025, 5, 16)  # 15 days after the January-April period
    with django_capture_on_commit_callbacks(execute=True):
        reports = services.reports_schedule(today=today)
    assert {r.mission.acronym for r in reports} == {"UNMIL", "UNMILX"}
    unmil = ProgressReport.objects.get(mission=w.mission)
    assert (unmil.period_start, unmil.period_end, unmil.scheduled) == (w.period_start, w.period_end, True)
    assert unmil.state == ReportState.DONE
    assert Notification.objects.filter(user=w.srsg, url=f"/benchmarks/reports/{unmil.pk}/").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_schedule(today=today) == []
    assert ProgressReport.objects.filter(mission=w.mission).count() == 1


def test_command_compiles_and_prints_each_file(rworld, capsys):
    call_command("compile_reports", "--mission", "UNMIL", "--period", "2025-02")
    lines = capsys.readouterr().out.split()
    assert [line.rsplit(".", 1)[1] for line in lines] == ["html", "pdf", "xlsx", "docx"]
    report = ProgressReport.objects.get(mission=rworld.mission)
    assert (report.period_start, report.period_end) == (rworld.period_start, rworld.period_end)
    for line in lines:
        with open(line, "rb") as handle:
            assert handle.read(1)
