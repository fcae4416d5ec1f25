"""Excel round trip: the template lists what the user reports on and writes its text as text; an
upload is refused at once above the size or row limit; the import runs as a task whose page shows
its progress and result; a good file is stored; a file with one bad row, a formula or an error cell
is refused whole, naming the row and the column, and nothing is stored."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.choices import UpdateState
from benchmarks.excel import KEYS, build_template, import_updates
from benchmarks.models import ExcelImport, ProgressUpdate
from benchmarks.tasks import import_excel_updates
from tests.benchmarks.conftest import TODAY
from tests.benchmarks.excel_uploads import workbook_of_many_rows
from tests.factories import ExcelImportFactory, IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second(world):
    return IndicatorFactory(benchmark=world.benchmark, name="Courts open", responsible_entity=world.agency)


def template_rows(world):
    book = load_workbook(io.BytesIO(build_template(user=world.agency_planner, mission=world.mission, as_of=TODAY)))
    sheet = book["Updates"]
    return book, sheet


def upload(book, world):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return import_updates(file=buffer, user=world.agency_planner, mission=world.mission, today=TODAY)


def test_template_lists_only_the_users_indicators_for_the_last_ended_period(world, second):
    IndicatorFactory(benchmark=world.benchmark, name="Not mine", responsible_entity=world.other_agency)
    _, sheet = template_rows(world)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == ["Counties with police", "Courts open"]
    assert {row[6].date() for row in rows} == {dt.date(2025, 4, 1)}
    assert {row[7].date() for row in rows} == {dt.date(2025, 6, 30)}


def test_good_file_is_stored(world, second):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"], sheet["K2"] = 6, "On track", "Six counties covered."
    sheet["I3"], sheet["J3"], sheet["L3"] = 3, "At risk", "https://example.org/courts.pdf"
    stored, errors = upload(book, world)
    assert (stored, errors) == (2, [])
    updates = {u.indicator_id: u for u in ProgressUpdate.objects.all()}
    assert updates[world.indicator.pk].value == Decimal("6") and updates[world.indicator.pk].status == "on_track"
    assert updates[second.pk].evidence_url == "https://example.org/courts.pdf"
    assert {u.state for u in updates.values()} == {UpdateState.SUBMITTED}


def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(world, second):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    sheet["I3"], sheet["J3"] = "seven", "At risk"
    stored, errors = upload(book, world)
    assert stored == 0
    assert [(e.row, e.column) for e in errors] == [(3, "I (Value)")]
    assert "Row 3, column I (Value)" in str(errors[0])
    assert not ProgressUpdate.objects.exists()


def test_service_refusal_in_a_later_row_rolls_back_earlier_rows(world, second):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    sheet["J3"], sheet["G3"] = "At risk", dt.date(2025, 7, 1)  # period not ended yet; no value either
    stored, errors = upload(book, world)
    assert stored == 0
    assert {(e.row, e.column) for e in errors} == {(3, "G (Period start)")}
    assert not ProgressUpdate.objects.exists()


def test_row_for_an_indicator_of_another_entity_is_refused(world):
    other = IndicatorFactory(benchmark=world.benchmark, responsible_entity=world.other_agency)
    book, sheet = template_rows(world)
    sheet["A2"], sheet["I2"], sheet["J2"] = other.pk, 1, "On track"
    stored, errors = upload(book, world)
    assert stored == 0 and errors[0].column == "A (Indicator ID)"


def _upload_on_page(client, user, book):
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(user)
    return client.post(
        reverse("benchmarks:excel-upload", args=["UNMIL"]),
        {"file": SimpleUploadedFile("updates.xlsx", buffer.getvalue())},
    )


@pytest.mark.usefixtures("eager_celery")
def test_upload_page_queues_the_import_and_its_page_shows_the_updates_submitted(world, client, second):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    sheet["I3"], sheet["J3"] = 3, "At risk"
    response = _upload_on_page(client, world.agency_planner, book)
    upload = ExcelImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("benchmarks:excel-import", args=[upload.pk])
    assert (upload.state, upload.stored, upload.rows_done, upload.rows_total) == ("done", 2, 2, 2)
    assert upload.uploaded_by == world.agency_planner and upload.entity == world.agency
    html = client.get(response["Location"]).content.decode()
    assert "2 updates submitted from the workbook." in html and "hx-get" not in html
    assert ProgressUpdate.objects.count() == 2


@pytest.mark.usefixtures("eager_celery")
def test_one_bad_row_among_good_ones_stores_nothing_and_the_page_lists_it(world, client, second):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    sheet["I3"], sheet["J3"] = 3, "Fine"
    response = _upload_on_page(client, world.agency_planner, book)
    upload = ExcelImport.objects.get()
    assert (upload.state, upload.stored, upload.rows_done) == ("done", 0, 0)
    assert [(e["row"], e["column"]) for e in upload.errors] == [(3, "J (Status)")]
    html = client.get(response["Location"]).content.decode()
    assert "Nothing was stored" in html and "Row 3" in html and "J (Status)" in html
    assert not ProgressUpdate.objects.exists()


def test_the_progress_fragment_is_light_and_answers_nothing_while_nothing_moved(world, client):
    upload = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    ExcelImport.objects.filter(pk=upload.pk).update(state="running", rows_total=200, rows_done=50)
    client.force_login(world.agency_planner)
    url = reverse("benchmarks:excel-import", args=[upload.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html and 'value="25"' in html and "50 of 200 rows" in html
    assert 'hx-get="' + url + '?step=running-2"' in html
    assert client.get(url + "?step=running-2", headers={"HX-Request": "true"}).status_code == 204
    ExcelImport.objects.filter(pk=upload.pk).update(rows_done=120)
    assert client.get(url + "?step=running-2", headers={"HX-Request": "true"}).status_code == 200


def test_the_import_page_is_for_the_uploaders_entity(world, client):
    upload = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    url = reverse("benchmarks:excel-import", args=[upload.pk])
    # The planners see it (as they see drafts) but report for another entity; another agency and
    # people of another mission do not see it.
    for user, status in (
        (world.agency_planner, 200),
        (world.mission_planner, 403),
        (world.other_agency_planner, 404),
        (world.outsider, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


@pytest.mark.usefixtures("eager_celery")
def test_an_import_run_twice_is_imported_once(world, client):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    _upload_on_page(client, world.agency_planner, book)
    upload = ExcelImport.objects.get()
    ProgressUpdate.objects.update(narrative="Changed since the import.")
    assert import_excel_updates.delay(upload.pk).get() == "done"
    assert ProgressUpdate.objects.get().narrative == "Changed since the import."
    assert ExcelImport.objects.get().finished_at == upload.finished_at


def test_an_import_that_cannot_run_is_failed_with_a_sentence(world):
    upload = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    upload.file.storage.delete(upload.file.name)
    assert import_excel_updates(upload.pk) is None
    upload.refresh_from_db()
    assert (
        upload.state == "failed"
        and "could not be imported" in upload.message
        and "nothing was stored" in upload.message
    )
    assert upload.finished_at is not None
    world.agency_planner.is_active = False
    world.agency_planner.save()
    other = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    assert import_excel_updates(other.pk) == "failed"
    assert "no longer active" in ExcelImport.objects.get(pk=other.pk).message


def test_template_download_is_refused_to_users_without_indicators(world, client):
    client.force_login(world.srsg)
    assert client.get(reverse("benchmarks:excel-template", args=["UNMIL"])).status_code == 403
    client.force_login(world.agency_planner)
    response = client.get(reverse("benchmarks:excel-template", args=["UNMIL"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


# Formulas and error cells ------------------------------------------------------------------------

FORMULA_TEXTS = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)"]


def _existing_update(world, **fields):
    from tests.factories import ProgressUpdateFactory

    return ProgressUpdateFactory(
        indicator=world.indicator,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 6, 30),
        state=UpdateState.SUBMITTED,
        value=Decimal("6"),
        status="on_track",
        **fields,
    )


def test_a_formula_in_the_narrative_is_refused_and_the_stored_narrative_kept(world):
    update = _existing_update(world, narrative="Six counties covered.")
    book, sheet = template_rows(world)
    sheet["K2"] = '=HYPERLINK("http://x","y")'
    stored, errors = upload(book, world)
    assert stored == 0
    assert [(e.row, e.column) for e in errors] == [(2, "K (Narrative)")]
    assert "formula" in errors[0].message
    update.refresh_from_db()
    assert update.narrative == "Six counties covered."


@pytest.mark.parametrize(
    ("ref", "content", "column", "word"),
    [
        ("I2", "#REF!", "I (Value)", "error"),
        ("K2", "#N/A", "K (Narrative)", "error"),
        ("B2", "=1+1", "B (Benchmark)", "formula"),
    ],
)
def test_a_formula_or_error_cell_in_any_column_is_refused_naming_it(world, ref, content, column, word):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    sheet[ref] = content
    stored, errors = upload(book, world)
    assert stored == 0 and [(e.row, e.column) for e in errors] == [(2, column)]
    assert word in errors[0].message
    assert not ProgressUpdate.objects.exists()


def test_the_template_writes_user_text_as_text_never_as_a_formula(world):
    world.indicator.name, world.indicator.unit = FORMULA_TEXTS[0], FORMULA_TEXTS[1]
    world.indicator.save()
    world.benchmark.title = FORMULA_TEXTS[2]
    world.benchmark.save()
    _existing_update(world, narrative=FORMULA_TEXTS[0], evidence_url="https://example.org/=x")
    _, sheet = template_rows(world)
    row = {key: sheet.cell(row=2, column=index) for index, key in enumerate(KEYS, start=1)}
    for key, text in (
        ("name", FORMULA_TEXTS[0]),
        ("unit", FORMULA_TEXTS[1]),
        ("benchmark", FORMULA_TEXTS[2]),
        ("narrative", FORMULA_TEXTS[0]),
        ("status", "On track"),
    ):
        assert (row[key].data_type, row[key].value) == ("s", text), key


def test_a_text_that_looks_like_a_formula_uploads_as_that_text(world):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"], sheet["K2"] = 6, "On track", "+1 county since March"
    stored, errors = upload(book, world)
    assert (stored, errors) == (1, [])
    assert ProgressUpdate.objects.get().narrative == "+1 county since March"


# Limits checked before any work ------------------------------------------------------------------


def _post_upload(client, world, content: bytes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.agency_planner)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("benchmarks:excel-upload", args=["UNMIL"]),
            {"file": SimpleUploadedFile("updates.xlsx", content)},
        )
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_100000_row_file_is_refused_at_once_saying_the_limit(world, client):
    response, queries = _post_upload(client, world, workbook_of_many_rows(world.indicator.pk, 100_000))
    html = response.content.decode()
    assert response.status_code == 422 and "more than 2,000 rows" in html  # a refused form (was 200)
    # Refused before any work: no progress update read or written, no import queued.
    assert not [sql for sql in queries if "benchmarks_progressupdate" in sql or 'INTO "benchmarks_excelimport' in sql]
    assert not ProgressUpdate.objects.exists() and not ExcelImport.objects.exists()


def test_a_file_above_the_byte_limit_is_refused_at_once_saying_the_limit(world, client, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "EXCEL_UPLOAD_MAX_BYTES": 4000}
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"], sheet["K2"] = 6, "On track", "x" * 5000
    buffer = io.BytesIO()
    book.save(buffer)
    response, queries = _post_upload(client, world, buffer.getvalue())
    html = response.content.decode()
    assert response.status_code == 422 and "larger than 3.9" in html  # a refused form (was 200)
    assert not [sql for sql in queries if "benchmarks_progressupdate" in sql or 'INTO "benchmarks_excelimport' in sql]


def test_the_polled_fragment_reads_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    upload = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    client.force_login(world.agency_planner)
    url = reverse("benchmarks:excel-import", args=[upload.pk])
    # Session and user, the user's mission permissions, the visible import, the action on it.
    with django_assert_num_queries(5):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200


def test_an_upload_the_broker_cannot_take_is_failed_with_a_sentence(world, client):
    from planning.celery import app as celery_app
    from tests.celery_worker import point_app_at

    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "On track"
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    point_app_at("redis://127.0.0.1:9/0")  # nothing listens there
    celery_app.conf.task_always_eager = False
    try:
        response = _upload_on_page(client, world.agency_planner, book)
    finally:
        point_app_at(before[0])
        celery_app.conf.task_always_eager = before[1]
    upload = ExcelImport.objects.get()
    assert response.status_code == 302 and upload.state == "failed"
    assert "task queue could not be reached" in upload.message and not ProgressUpdate.objects.exists()
    assert "Upload it again" in client.get(response["Location"]).content.decode()


def _zip_with_sheet(sheet_xml: bytes | None = None, links: bytes | None = None) -> bytes:
    """A one-row workbook with its sheet's XML, or its workbook's relations, replaced."""
    import zipfile

    replaced = {"xl/worksheets/sheet1.xml": sheet_xml, "xl/_rels/workbook.xml.rels": links}
    source, target = zipfile.ZipFile(io.BytesIO(workbook_of_many_rows(1, 1))), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, replaced.get(item.filename) or source.read(item))
    return target.getvalue()


def _wide_row() -> bytes:
    cells = b"<c><v>1</v></c>" * 200_000
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _zip_with_sheet(
        b'<worksheet xmlns="' + ns + b'"><sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"PK\x03\x04 not really a zip", "not an Excel workbook"),
        (lambda: _zip_with_sheet(links=b"<Relationships/>"), "not an Excel workbook"),
        (_wide_row, "more cells than 2,000 rows"),
        (
            lambda: _zip_with_sheet(b"<worksheet>" + b" " * (101 * 1024 * 1024) + b"</worksheet>"),
            "not an Excel workbook",
        ),
    ],
    ids=["not-a-zip", "no-sheet-part", "a-row-of-200000-cells", "unpacks-to-101-MB"],
)
def test_a_file_that_is_not_a_template_is_refused_before_any_cell_is_read(make, message):
    from benchmarks.excel import check_upload

    with pytest.raises(ValidationError, match=message):
        check_upload(SimpleUploadedFile("updates.xlsx", make()))


# Session, user, the user's mission permissions, navigation, the mission with the rights its tabs
# ask for (one query; was five), indicators reported on, the latest uploads.
UPLOAD_PAGE_QUERIES = 7


def test_the_upload_page_lists_the_entitys_latest_uploads_in_a_fixed_number_of_queries(
    world, client, django_assert_num_queries
):
    mine = ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    ExcelImport.objects.filter(pk=mine.pk).update(state="done", stored=12, file_name="june.xlsx")
    ExcelImportFactory(mission=world.mission, uploaded_by=world.other_agency_planner, entity=world.other_agency)
    client.force_login(world.agency_planner)
    url = reverse("benchmarks:excel-upload", args=["UNMIL"])
    client.get(url)  # the navigation's facts (unread notices) are remembered from here on
    with django_assert_num_queries(UPLOAD_PAGE_QUERIES):
        html = client.get(url).content.decode()
    assert "june.xlsx" in html and "12 updates submitted" in html
    assert html.count("excel/imports/") == 1  # not the other agency's
    assert reverse("benchmarks:excel-import", args=[mine.pk]) in html
    for _n in range(6):
        ExcelImportFactory(mission=world.mission, uploaded_by=world.agency_planner, entity=world.agency)
    with django_assert_num_queries(UPLOAD_PAGE_QUERIES):
        html = client.get(url).content.decode()
    assert html.count("excel/imports/") == 5
