"""An Excel upload imported by a real Celery worker process: the page answers at once with the
import's page, whose progress fragment follows the worker, then shows the result."""

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
        fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment
        upload = ExcelImport.objects.get()
        seen.add((upload.state, upload.rows_done > 0))
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
