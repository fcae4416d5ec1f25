"""Progress reports compiled by real Celery worker processes over Redis and PostgreSQL: end to end,
a worker killed mid-job, the broker down when a report is asked for, and a double send."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from benchmarks.reports.tasks import compile_report
from missions.models import Notification
from tests.benchmarks.reports.world import PRIORITIES, build_world, pdf_text
from tests.worker.conftest import QUEUE, point_app_at

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(report_id: int, states, timeout: float = 90, percent: int = 0, worker=None) -> ProgressReport:
    deadline = time.monotonic() + timeout
    while True:
        report = ProgressReport.objects.get(pk=report_id)
        if report.state in states and report.percent >= percent:
            return report
        if time.monotonic() > deadline:
            log = worker.text()[-4000:] if worker else ""
            raise AssertionError(f"report {report_id} is {report.state} {report.percent}%, wanted {states}\n{log}")
        time.sleep(0.2)


def ask(w) -> ProgressReport:
    return services.report_request(
        mission=w.mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner
    )


def run_folders(report) -> list[str]:
    return default_storage.listdir(services.report_folder(report))[0]


def test_a_worker_compiles_the_report_end_to_end(broker, start_worker, tmp_path):
    from openpyxl import load_workbook

    w = build_world()
    worker = start_worker(broker)
    report = ask(w)
    assert report.sent_at is not None or ProgressReport.objects.get(pk=report.pk).sent_at is not None
    report = wait_for(report.pk, [ReportState.DONE, ReportState.FAILED], worker=worker)
    assert report.state == ReportState.DONE, report.error
    assert "Task benchmarks.reports.compile_report[" in worker.text()

    with default_storage.open(report.pdf_file.name, "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for title in PRIORITIES:
        assert title in text
    with default_storage.open(report.xlsx_file.name, "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    values = sorted(row[6] for row in workbook["Data"].iter_rows(min_row=2, values_only=True))
    assert values == [6, 9, 1234]
    assert Notification.objects.filter(user=w.planner, url=f"/benchmarks/reports/{report.pk}/").count() == 1


def test_a_worker_killed_mid_job_leaves_no_half_report_and_a_new_worker_finishes_it_once(broker, start_worker, client):
    w = build_world()
    slow = start_worker(broker, step_delay=1.5)
    report = ask(w)
    # Killed while saving its files: two of four are written.
    wait_for(report.pk, [ReportState.RUNNING], percent=92, worker=slow)
    slow.kill()

    report.refresh_from_db()
    assert report.state == ReportState.RUNNING and report.attempts == 1
    assert report.pdf_file.name == "" and report.xlsx_file.name == ""
    [dead_run] = run_folders(report)
    # Two files or more written (a loaded machine may see the kill land a step later), not recorded.
    assert 2 <= len(default_storage.listdir(f"{services.report_folder(report)}/{dead_run}")[1]) <= 4
    client.force_login(w.planner)
    assert client.get(reverse("benchmarks:report-download", args=[report.pk, "pdf"])).status_code == 404

    fresh = start_worker(broker)
    report = wait_for(report.pk, [ReportState.DONE, ReportState.FAILED], timeout=120, worker=fresh)
    assert report.state == ReportState.DONE, report.error
    assert report.attempts == 2
    # The dead run's folder is removed once the finishing transaction has committed, just after
    # the report reads as done: wait for it, as a reader would.
    deadline = time.monotonic() + 30
    while len(run_folders(report)) > 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert run_folders(report) != [dead_run] and len(run_folders(report)) == 1
    assert Notification.objects.filter(user=w.planner).count() == 1
    assert client.get(reverse("benchmarks:report-download", args=[report.pk, "pdf"])).status_code == 200


def test_with_redis_down_the_request_succeeds_and_the_sweep_sends_it_once_redis_is_back(
    private_redis, report_queue, start_worker, client
):
    from planning.celery import app as celery_app

    before_url, before_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    point_app_at(private_redis.url)
    celery_app.conf.task_always_eager = False
    try:
        w = build_world()
        worker = start_worker(private_redis.url)
        private_redis.stop()

        client.force_login(w.planner)
        response = client.post(
            reverse("benchmarks:report-list", args=["UNMIL"]),
            {
                "period": w.period_start.isoformat(),
                "edition": "full",
                "formats": ["pdf", "xlsx", "docx", "html"],
                "language": "en",
            },
        )
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert report.state == ReportState.QUEUED and report.sent_at is None
        assert client.get(response["Location"]).status_code == 200

        private_redis.start()
        deadline = time.monotonic() + 30
        while not services.reports_sweep():
            assert time.monotonic() < deadline, "the sweep could not reach Redis again"
            time.sleep(1)
        report = wait_for(report.pk, [ReportState.DONE, ReportState.FAILED], worker=worker)
        assert report.state == ReportState.DONE, report.error
        assert report.sent_at is not None and report.attempts == 1
        assert services.reports_sweep() == []
    finally:
        point_app_at(before_url)
        celery_app.conf.task_always_eager = before_eager


def test_two_sends_of_the_same_report_give_one_done_report_and_one_set_of_files(broker, start_worker):
    w = build_world()
    worker = start_worker(broker, concurrency=2, step_delay=0.5)
    report = ask(w)
    compile_report.apply_async(args=[report.pk], queue=QUEUE)
    report = wait_for(report.pk, [ReportState.DONE, ReportState.FAILED], worker=worker)
    assert report.state == ReportState.DONE, report.error
    time.sleep(3)  # let the second delivery finish too
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.attempts == 1
    assert len(run_folders(report)) == 1
    assert ProgressReport.objects.count() == 1
    assert Notification.objects.filter(user=w.planner).count() == 1
    assert worker.text().count("succeeded") >= 2
