"""Excel round trip: the template lists what the user reports on; a good file is stored; a file
with one bad row is refused whole, naming the row and the column, and nothing is stored."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.choices import UpdateState
from benchmarks.excel import build_template, import_updates
from benchmarks.models import ProgressUpdate
from tests.benchmarks.conftest import TODAY
from tests.factories import IndicatorFactory

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


def test_upload_page_lists_errors_and_stores_nothing(world, client):
    book, sheet = template_rows(world)
    sheet["I2"], sheet["J2"] = 6, "Fine"
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.agency_planner)
    response = client.post(
        reverse("benchmarks:excel-upload", args=["UNMIL"]),
        {"file": SimpleUploadedFile("updates.xlsx", buffer.getvalue())},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was stored" in html and "Row 2" in html and "J (Status)" in html
    assert not ProgressUpdate.objects.exists()


def test_template_download_is_refused_to_users_without_indicators(world, client):
    client.force_login(world.srsg)
    assert client.get(reverse("benchmarks:excel-template", args=["UNMIL"])).status_code == 403
    client.force_login(world.agency_planner)
    response = client.get(reverse("benchmarks:excel-template", args=["UNMIL"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
