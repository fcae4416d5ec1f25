"""An Excel upload imported by a real Celery worker process: the page answers at once with the
import's page, whose progress fragment follows the worker, then shows the result; a worker killed
mid-import leaves nothing stored and a new worker imports the file whole, once."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benchmarks.models import ExcelImport, ProgressUpdate
from tests.benchmarks.excel_uploads import filled_workbook, reporting_rows

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_the_upload_while_the_page_shows_its_progress(world, client, excel_worker):
    rows = reporting_rows(world.mission, world.agency, 600)
    client.force_login(world.agency_planner)
    started = time.monotonic()
    response = client.post(
        reverse("benchmarks:excel-upload", args=["UNMIL"]),
        {"file": SimpleUploadedFile("updates.xlsx", filled_workbook(rows))},
    )
    answered = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert "hx-get=" in page and "<progress" in page  # the import runs in the worker, not the request
    seen, deadline = set(), time.monotonic() + 120
    while time.monotonic() < deadline:
        # The state first, then the fragment: the fragment shows that state or a later one.
        upload = ExcelImport.objects.get()
        seen.add((upload.state, upload.rows_done > 0))
        fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment
        if upload.state in ("done", "failed"):
            break
        time.sleep(0.2)
    assert upload.state == "done", excel_worker.text()[-3000:]
    assert ("running", True) in seen, seen  # progress committed while the import's transaction was open
    assert "600 updates submitted from the workbook." in fragment and "hx-get" not in fragment
    assert ProgressUpdate.objects.filter(indicator__benchmark__title="Upload benchmark").count() == 600
    excel_worker.wait_for_log("succeeded", timeout=10)
    assert "benchmarks.tasks.import_excel_updates" in excel_worker.text()
    print(f"answered in {answered:.2f} s, imported in {(upload.finished_at - upload.created_at).total_seconds():.1f} s")


def test_a_worker_killed_mid_import_stores_nothing_and_a_new_worker_imports_it_once(world, client, start_excel_worker):
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "5"}
    doomed = start_excel_worker(fast_redelivery)
    rows = reporting_rows(world.mission, world.agency, 2000)
    client.force_login(world.agency_planner)
    client.post(
        reverse("benchmarks:excel-upload", args=["UNMIL"]),
        {"file": SimpleUploadedFile("updates.xlsx", filled_workbook(rows))},
    )
    upload = ExcelImport.objects.get()
    deadline = time.monotonic() + 60
    while not ExcelImport.objects.filter(pk=upload.pk, state="running", rows_done__gte=200).exists():
        assert time.monotonic() < deadline, doomed.text()[-3000:]
        time.sleep(0.05)
    doomed.kill()
    upload.refresh_from_db()
    assert upload.state == "running" and upload.rows_done >= 200
    assert not ProgressUpdate.objects.filter(indicator__benchmark__title="Upload benchmark").exists()

    fresh = start_excel_worker(fast_redelivery)
    deadline = time.monotonic() + 120
    while upload.state not in ("done", "failed"):
        assert time.monotonic() < deadline, fresh.text()[-3000:]
        time.sleep(0.3)
        upload.refresh_from_db()
    assert (upload.state, upload.stored, upload.errors) == ("done", 2000, [])
    assert ProgressUpdate.objects.filter(indicator__benchmark__title="Upload benchmark").count() == 2000
