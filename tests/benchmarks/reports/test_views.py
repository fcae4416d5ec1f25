"""The report pages and downloads: who sees the button, the progress fragment, access on every download."""

import pytest
from django.urls import reverse

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services
from tests.factories import ProgressReportFactory


@pytest.fixture
def done_report(rworld, django_capture_on_commit_callbacks):
    w = rworld
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            mission=w.mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner
        )
    report.refresh_from_db()
    assert report.state == ReportState.DONE
    return report


# What the form sends with its defaults: the full edition, every format, English.
CHOICES = {"edition": "full", "formats": ["pdf", "xlsx", "docx", "html"], "language": "en"}


def as_user(client, user):
    client.force_login(user)
    return client


def test_planners_see_the_button_agencies_do_not(rworld, client):
    url = reverse("benchmarks:report-list", args=["UNMIL"])
    page = as_user(client, rworld.planner).get(url)
    assert page.status_code == 200 and b"Compile report" in page.content
    page = as_user(client, rworld.agency_planner).get(url)
    assert page.status_code == 200 and b"Compile report" not in page.content
    assert b"does not allow you to compile" in page.content


def test_an_invisible_mission_is_404(rworld, client):
    assert as_user(client, rworld.outsider).get(reverse("benchmarks:report-list", args=["UNMIL"])).status_code == 404


def test_asking_without_the_right_is_403_with_a_reason(rworld, client):
    response = as_user(client, rworld.agency_planner).post(
        reverse("benchmarks:report-list", args=["UNMIL"]), {"period": "2025-01-01", **CHOICES}
    )
    assert response.status_code == 403
    assert ProgressReport.objects.count() == 0


def test_the_button_queues_a_run_and_shows_its_page(rworld, client, django_capture_on_commit_callbacks, monkeypatch):
    import datetime as dt

    from benchmarks.reports import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2025, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, rworld.planner).post(
            reverse("benchmarks:report-list", args=["UNMIL"]), {"period": "2025-01-01", **CHOICES}
        )
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("benchmarks:report-detail", args=[report.pk])
    assert (report.period_start, report.period_end, report.requested_by) == (
        rworld.period_start,
        rworld.period_end,
        rworld.planner,
    )
    page = client.get(response["Location"])
    assert b"Download" in page.content and b'hx-trigger="every 1s"' not in page.content


def test_a_period_outside_the_list_is_refused(rworld, client):
    response = as_user(client, rworld.planner).post(
        reverse("benchmarks:report-list", args=["UNMIL"]), {"period": "1999-01-01", **CHOICES}
    )
    # A refused form answers 422 (was 400), with the sentence on its field.
    assert response.status_code == 422 and ProgressReport.objects.count() == 0
    assert "Choose one of the periods in the list." in response.content.decode()


def test_a_running_report_polls_every_second_and_has_a_live_region(rworld, client):
    report = ProgressReportFactory(
        mission=rworld.mission, state=ReportState.RUNNING, percent=40, period_start=rworld.period_start
    )
    url = reverse("benchmarks:report-detail", args=[report.pk])
    # Observers see finished reports only; people working on the mission follow the run.
    assert as_user(client, rworld.observer).get(url).status_code == 404
    page = as_user(client, rworld.planner).get(url).content.decode()
    assert 'aria-live="polite"' in page and 'hx-trigger="every 1s"' in page
    assert 'value="40" max="100"' in page and "40% done" in page
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>: reload without JavaScript
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="report-progress"') and "<html" not in fragment


def test_a_failed_report_shows_its_message_and_a_retry_for_planners(rworld, client):
    report = ProgressReportFactory(
        mission=rworld.mission, state=ReportState.FAILED, error="UNMIL has no benchmark with an indicator yet."
    )
    url = reverse("benchmarks:report-detail", args=[report.pk])
    page = as_user(client, rworld.planner).get(url).content
    assert b"no benchmark with an indicator" in page and b"Try again" in page
    # Observers see finished reports only: a failed one is not there for them, nor its retry.
    assert as_user(client, rworld.observer).get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_downloads_check_access_every_time(done_report, rworld, client):
    url = reverse("benchmarks:report-download", args=[done_report.pk, "pdf"])
    assert as_user(client, rworld.outsider).get(url).status_code == 404
    response = as_user(client, rworld.observer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "UNMIL-2025-01-2025-04.pdf" in disposition
    assert response["Cache-Control"] == "private, no-store"
    annex = reverse("benchmarks:report-download", args=[done_report.pk, "docx"])
    refused = client.get(annex)
    assert refused.status_code == 403 and b"working draft" in refused.content
    assert as_user(client, rworld.srsg).get(annex).status_code == 200
    html = client.get(reverse("benchmarks:report-download", args=[done_report.pk, "html"]))
    assert "sandbox" in html["Content-Security-Policy"]
    assert client.get(reverse("benchmarks:report-download", args=[done_report.pk, "exe"])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_report_that_is_not_done_has_nothing_to_download(rworld, client):
    report = ProgressReportFactory(mission=rworld.mission, state=ReportState.RUNNING)
    url = reverse("benchmarks:report-download", args=[report.pk, "pdf"])
    assert as_user(client, rworld.planner).get(url).status_code == 404


def test_report_list_query_count_is_fixed(done_report, rworld, client, django_assert_max_num_queries):
    for n in range(5):
        ProgressReportFactory(mission=rworld.mission, data_version=f"v{n}")
    as_user(client, rworld.planner)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("benchmarks:report-list", args=["UNMIL"])).status_code == 200


def test_the_reader_chooses_edition_formats_and_language(
    rworld, client, django_capture_on_commit_callbacks, monkeypatch
):
    import datetime as dt

    from benchmarks.reports import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2025, 6, 1))
    url = reverse("benchmarks:report-list", args=["UNMIL"])
    page = as_user(client, rworld.planner).get(url).content.decode()
    assert 'name="edition" value="full" checked' in page and 'name="formats" value="docx" checked' in page
    assert '<option value="fr">' in page
    choices = {"period": "2025-01-01", "edition": "summary", "formats": ["pdf", "xlsx"], "language": "fr"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, choices)
    report = ProgressReport.objects.get()
    assert (report.edition, report.formats, report.language) == ("summary", ["pdf", "xlsx"], "fr")
    assert report.pdf_file and report.xlsx_file and not report.docx_file and not report.html_file
    detail = client.get(response["Location"]).content.decode()
    assert "Summary edition" in detail and "French" in detail
    assert "Attempts" not in detail and report.data_version[:8] not in detail

    # The same period again: the page offers the report it has, asking again gives no second row.
    page = client.get(url).content.decode()
    assert "already have a report" in page and reverse("benchmarks:report-detail", args=[report.pk]) in page
    again = client.post(url, choices)
    assert again["Location"] == response["Location"] and ProgressReport.objects.count() == 1

    refused = client.post(url, {**choices, "formats": []})
    assert refused.status_code == 422 and "Choose at least one format." in refused.content.decode()
